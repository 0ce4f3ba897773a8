// The first journey (issue 9, done-when): a household new to the counter (registered 相談中 in the
// demo office, then searched for), walked through
// the real app by the three people a decision needs — the caseworker (cw1) registers the
// application with its 保護申請書, enters an income, looks at the calculation and drafts the
// 開始; the supervisor (sv1) reviews it; the approver (ap1) approves it, makes the 決定通知書 and
// a 保護受給証明書 with a 用途, and finds both in the print queue. The saved PDFs (notice, 調書,
// certificate) are read back with pdftotext and must carry every element of issue 9 points 1–3,
// compared with what the journey entered and saw on screen. The notice is also printed, on a
// CUPS PDF printer (lib/cups.mjs: the app's ordinary print path through lp), and the page CUPS
// printed is read back too.

import { startPdfPrinter } from "../lib/cups.mjs";
import {
  addIncome,
  approveDecision,
  calculation,
  DEMO_OFFICE,
  draftDecision,
  expectAppealGuidance,
  expectInPdf,
  expectOnlyWareki,
  expectTestMark,
  expectText,
  login,
  logout,
  menu,
  openFromInbox,
  pdfPages,
  pdfText,
  printCalculationSheet,
  printCertificate,
  printNotice,
  printPreview,
  registerApplication,
  registerHousehold,
  reviewDecision,
  searchAndOpen,
} from "../lib/steps.mjs";

export const name = "first-journey";
export const timeoutMs = 600_000;
const PASSWORD = "madoguchi-demo";
// A household that comes to the counter for the first time (names not in the demo).
const HEAD = { name: "窓口 春子", kana: "マドグチ ハルコ", birth: "S55.4.1", relationship: "世帯主" };
const CHILD = { name: "窓口 夏美", kana: "マドグチ ナツミ", birth: "H22.8.1", relationship: "子" };
let receivedOn; // ISO
let printer;

/** The office's calendar day before today (Japan): valid as a past 申請日 whatever the hour. */
function yesterdayInJapan() {
  const t = new Date(Date.now() - 86_400_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" }).format(t);
}

/** 2025-06-01 → 令和7年6月1日 (as the notices print it). */
function wareki(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `令和${y - 2018 === 1 ? "元" : y - 2018}年${m}月${d}日`;
}

/** 2025-06-15 → 令和7年6月 (a month as the notices print it). */
const warekiMonth = (iso) => wareki(iso).replace(/\d+日$/, "");

/** "104,240" as the screens and forms write yen. */
const yenText = (n) => n.toLocaleString("ja-JP");

/**
 * What the 初回支給額 row must say for a 開始 on `start` of a monthly cash benefit `cash`: the
 * whole month when it starts on the 1st, else the 日割 of the days from `start` to the month's
 * end, rounded up to the yen (the national sets' prorate_rounding = "ceil1",
 * docs/rate-tables.md §4).
 */
function firstPayment(start, cash) {
  const [y, m, d] = start.split("-").map(Number);
  const inMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const ym = warekiMonth(start);
  if (d === 1) return { full: true, texts: [`初回支給額${ym}分${yenText(cash)}円`] };
  const days = inMonth - d + 1;
  const amount = Math.ceil((cash * days) / inMonth);
  const end = `${y}-${String(m).padStart(2, "0")}-${inMonth}`;
  return {
    full: false,
    amount,
    texts: ["初回支給額", `${ym}分${yenText(amount)}円`, `（日割:${wareki(start)}`, `${wareki(end)}${days}日分`, `月額${yenText(cash)}円`],
  };
}

/** The yen amount of a screen element's text ("104,240" → 104240). */
async function yenOn(session, script) {
  const t = await session.exec(script);
  const n = Number(String(t ?? "").replace(/[^0-9]/g, ""));
  if (!t || !Number.isFinite(n)) throw new Error(`no amount on screen (${script}): ${JSON.stringify(t)}`);
  return n;
}

export async function prepare(ctx) {
  ctx.cli(["demo"]);
  receivedOn = yesterdayInJapan();
  ctx.log(`申請日 ${receivedOn}`);
  printer = await startPdfPrinter({ env: ctx.runEnv, onCleanup: ctx.onCleanup, log: ctx.log });
  return { MADOGUCHI_DB: ctx.db, ...printer.env };
}

export async function run({ session, step, log, artifact }) {
  await step("cw1-login", () => login(session, "cw1", PASSWORD));
  // The caseworker as the app names them: the contact block of the notice must say so.
  const caseworkerName = String(
    await session.exec(`return [...document.querySelectorAll(".user-name")].map((e) => e.textContent.trim()).find((t) => t) ?? "";`),
  );
  if (!caseworkerName) throw new Error("the header names no user after cw1 logs in");
  log(`caseworker ${caseworkerName}`);
  const caseNumber = await step("cw1-new-household", () =>
    registerHousehold(session, { address: "窓口町本町三丁目4番5号", caseworker: "cw1", members: [HEAD, CHILD] }),
  );
  log(`new household ${caseNumber}`);
  await step("cw1-search", async () => {
    await menu(session, "home");
    await searchAndOpen(session, HEAD.kana, caseNumber);
  });
  await step("cw1-application", () =>
    registerApplication(session, {
      receivedOn,
      applicant: HEAD.name,
      relationship: "本人",
      complaint: "失業して生活費が足りない",
      aids: ["living"],
    }),
  );
  await step("cw1-income", () => addIncome(session, { label: "アルバイト収入", grossYen: 30000 }));
  // On the day the 開始 will take effect, so the lines are the decision's.
  const totals = await step("cw1-calculation", () => calculation(session, { date: receivedOn, dateShown: wareki(receivedOn) }));
  log(`calculation: ${String(totals).replace(/\s+/g, " ")}`);
  // The tables the calculation screen cites, by the titles the core gives (the rate set's data).
  const tableTitles = await session.exec(
    `return [...new Set([...document.querySelectorAll("#calc-lines [data-table-title]")].map((e) => e.textContent.trim()))];`,
  );
  if (!tableTitles.length || tableTitles.some((t) => /\.csv|行目/.test(t))) {
    throw new Error(`the calculation screen cites its tables as ${JSON.stringify(tableTitles)}`);
  }
  log(`tables cited: ${tableTitles.join("、")}`);
  await step("cw1-draft", () => draftDecision(session, { kind: "start", effectiveDate: receivedOn, text: "就労収入のみでは最低生活費に満たない。" }));
  await step("cw1-logout", () => logout(session));

  await step("sv1-login", () => login(session, "sv1", PASSWORD));
  await step("sv1-open", () => openFromInbox(session, caseNumber));
  await step("sv1-review", () => reviewDecision(session, "確認しました。"));
  await step("sv1-logout", () => logout(session));

  await step("ap1-login", () => login(session, "ap1", PASSWORD));
  await step("ap1-open", () => openFromInbox(session, caseNumber));
  await step("ap1-approve", () => approveDecision(session));
  const testFigures = !!(await session.find("#decision-test-figures"));
  // The demo decides with the national sets: real figures, so no 試験用 mark may appear.
  if (testFigures) throw new Error("the demo's 開始 is marked as priced with test figures");
  const cash = await yenOn(
    session,
    `return [...document.querySelectorAll("#decision-detail dt")].find((dt) => dt.textContent.trim() === "うち金銭給付")?.nextElementSibling?.textContent;`,
  );
  const first = firstPayment(receivedOn, cash);
  if (!first.full) {
    const onScreen = await yenOn(session, `return document.querySelector("#decision-prorated-cash")?.textContent;`);
    if (onScreen !== first.amount) throw new Error(`the decision screen prorates ${onScreen} yen, expected ${first.amount}`);
  }
  log(`cash benefit ${cash} yen; first payment ${first.full ? "a whole month" : `${first.amount} yen (日割)`}`);

  // The 調書: 和暦, every table by the title the calculation screen showed, never a file and line.
  const sheetPdf = await step("ap1-calculation-sheet", () => printCalculationSheet(session));
  const sheet = pdfText(sheetPdf);
  expectInPdf(sheet, ["保護決定調書", caseNumber, `適用年月日${wareki(receivedOn)}`, ...tableTitles], "the 保護決定調書");
  if (/\.csv|行目/.test(sheet)) throw new Error(`the 調書 cites a table by file and line:\n${sheet}`);
  expectOnlyWareki(sheet, "the 保護決定調書");
  expectTestMark(sheet, testFigures, "the 保護決定調書");
  log(`調書 ${sheetPdf}: ${tableTitles.length} table title(s) checked`);

  const noticePdf = await step("ap1-notice", () => printNotice(session));
  const notice = pdfText(noticePdf);
  // Point 3 (contents) on a 開始 notice: the members covered, the application (date, applicant),
  // the first payment (日割 when it starts inside the month), the caseworker in the contact block.
  expectInPdf(
    notice,
    [
      "保護開始決定通知書",
      caseNumber,
      `対象となる世帯員${HEAD.name}（${HEAD.relationship}）、${CHILD.name}（${CHILD.relationship}）`,
      `申請年月日${wareki(receivedOn)}`,
      `${HEAD.name}（本人）`,
      `適用年月日${wareki(receivedOn)}`,
      "生活扶助",
      ...first.texts,
      new RegExp(`【問合せ先】.*担当${caseworkerName.replace(/[\s\u3000]+/g, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    ],
    "the 決定通知書",
  );
  // Point 2: every element of the 教示, naming the office's governor, municipality and mayor.
  expectAppealGuidance(notice, DEMO_OFFICE, "the 決定通知書");
  expectOnlyWareki(notice, "the 決定通知書");
  expectTestMark(notice, testFigures, "the 決定通知書");
  log(`notice ${noticePdf}: ${pdfPages(notice).length} page(s) checked`);
  await step("ap1-notice-printed", () => printPreview(session, printer.queue));
  const printed = artifact(await printer.waitForPdf(), "notice-printed-by-cups.pdf");
  const onPaper = pdfText(printed);
  expectInPdf(onPaper, ["保護開始決定通知書", caseNumber, "審査請求"], `the 決定通知書 as CUPS printed it (${printed})`);
  const pages = (t) => pdfPages(t).length;
  if (pages(onPaper) !== pages(notice)) throw new Error(`CUPS printed ${pages(onPaper)} page(s) of a ${pages(notice)}-page notice`);

  await step("ap1-household", async () => {
    await menu(session, "home");
    await searchAndOpen(session, HEAD.kana, caseNumber);
  });
  await expectText(session, "#household-view", "保護中");
  const personId = await session.exec(
    `return [...document.querySelectorAll("button.certificate")].find((b) => b.closest("tr").textContent.includes(arguments[0]))?.dataset.personId;`,
    [HEAD.name],
  );
  const certPdf = await step("ap1-certificate", () => printCertificate(session, { personId, purpose: "年金の手続き" }));
  const cert = pdfText(certPdf);
  // Point 1: only what was decided — the aid of the approved 開始, its period, the 用途 typed.
  // 扶助の種類 is followed directly by 用途: 生活扶助 is the only kind stated.
  expectInPdf(cert, ["保護受給証明書", HEAD.name, `保護の期間${wareki(receivedOn)}〜継続中`, "扶助の種類生活扶助用途年金の手続き"], "the 保護受給証明書");
  expectOnlyWareki(cert, "the 保護受給証明書");
  for (const never of ["医療扶助", "介護扶助", "教育扶助"]) {
    if (cert.includes(never)) throw new Error(`the certificate states ${never}, which was never decided:\n${cert}`);
  }

  await step("ap1-queue", async () => {
    await menu(session, "print");
    await expectText(session, "#print-queue", "保護開始決定通知書", "保護受給証明書");
  });
}
