// The first journey (issue 9, done-when): a household new to the counter (registered 相談中 in the
// demo office, then searched for), walked through
// the real app by the three people a decision needs — the caseworker (cw1) registers the
// application with its 保護申請書, enters an income, looks at the calculation and drafts the
// 開始; the supervisor (sv1) reviews it; the approver (ap1) approves it, makes the 決定通知書 and
// a 保護受給証明書 with a 用途, and finds both in the print queue. The saved PDFs are read back
// with pdftotext and must carry what issue 9 points 1–3 require. The notice is also printed, on a
// CUPS PDF printer (lib/cups.mjs: the app's ordinary print path through lp), and the page CUPS
// printed is read back too.

import { startPdfPrinter } from "../lib/cups.mjs";
import {
  addIncome,
  approveDecision,
  calculation,
  draftDecision,
  expectInPdf,
  expectText,
  login,
  logout,
  menu,
  openFromInbox,
  pdfText,
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

export async function prepare(ctx) {
  ctx.cli(["demo"]);
  receivedOn = yesterdayInJapan();
  ctx.log(`申請日 ${receivedOn}`);
  printer = await startPdfPrinter({ env: ctx.runEnv, onCleanup: ctx.onCleanup, log: ctx.log });
  return { MADOGUCHI_DB: ctx.db, ...printer.env };
}

export async function run({ session, step, log, artifact }) {
  await step("cw1-login", () => login(session, "cw1", PASSWORD));
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
  const totals = await step("cw1-calculation", () => calculation(session));
  log(`calculation: ${String(totals).replace(/\s+/g, " ")}`);
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
  const noticePdf = await step("ap1-notice", () => printNotice(session));
  const notice = pdfText(noticePdf);
  // Point 2 (教示 complete), point 3 (contents), on a 開始 notice.
  expectInPdf(
    notice,
    [
      "保護開始決定通知書",
      caseNumber,
      ...[HEAD, CHILD].map((m) => `${m.name}（${m.relationship}）`),
      "申請年月日",
      wareki(receivedOn),
      `${HEAD.name}（本人）`,
      "生活扶助",
      "初回支給額",
      "審査請求",
      "再審査請求",
      "生活保護法第69条",
      "を被告として",
      "を代表する者は",
      "6か月以内",
      "1年を経過すると",
      "【問合せ先】",
      "担当",
    ],
    "the 決定通知書",
  );
  if (testFigures) {
    const pages = notice.split("\f").filter((p) => p.trim());
    const unmarked = pages.findIndex((p) => !p.replace(/\s+/g, "").includes("試験用・実在しない金額"));
    if (unmarked >= 0) throw new Error(`page ${unmarked + 1} of the notice lacks the 試験用 mark`);
  }
  log(`notice ${noticePdf}: ${notice.split("\f").filter((p) => p.trim()).length} page(s) checked`);
  await step("ap1-notice-printed", () => printPreview(session, printer.queue));
  const printed = artifact(await printer.waitForPdf(), "notice-printed-by-cups.pdf");
  const onPaper = pdfText(printed);
  expectInPdf(onPaper, ["保護開始決定通知書", caseNumber, "審査請求"], `the 決定通知書 as CUPS printed it (${printed})`);
  const pages = (t) => t.split("\f").filter((p) => p.trim()).length;
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
  expectInPdf(cert, ["保護受給証明書", HEAD.name, "保護の期間", wareki(receivedOn), "扶助の種類生活扶助", "用途年金の手続き"], "the 保護受給証明書");
  for (const never of ["医療扶助", "介護扶助", "教育扶助"]) {
    if (cert.includes(never)) throw new Error(`the certificate states ${never}, which was never decided:\n${cert}`);
  }

  await step("ap1-queue", async () => {
    await menu(session, "print");
    await expectText(session, "#print-queue", "保護開始決定通知書", "保護受給証明書");
  });
}
