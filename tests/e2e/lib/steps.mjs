// Steps every journey shares, written once: what a user does at the desk, through the real app.
// Each waits for the screen the step ends on, so the next step starts from a known place.

import { execFileSync } from "node:child_process";
import { KEY_ENTER, log, sleep, STEP_TIMEOUT_MS, WEB_ELEMENT } from "./webdriver.mjs";

/** ログイン, ending on the home screen (its search box). */
export async function login(session, user, password) {
  await session.type(await session.waitFor("#login-user", 60_000, "the login form (#login-user)"), user);
  await session.type(await session.waitFor("#login-password"), password);
  await session.click(await session.waitFor("#login-submit"));
  await session.waitFor("#search-box", STEP_TIMEOUT_MS, `the search box (#search-box) after ${user}'s login`);
}

/** A menu entry of the header (`data-action`, the core's menu: operations, exchange, lock, logout …). */
export async function menu(session, action) {
  await session.click(await session.waitFor(`.menu-item[data-action="${action}"]`, STEP_TIMEOUT_MS, `the menu entry ${action}`));
}

/** Clicks a button once it is enabled (work may run in the background); waits for `resultCss`. */
export async function clickAndWait(session, buttonCss, resultCss, timeoutMs = STEP_TIMEOUT_MS) {
  const button = await session.waitFor(buttonCss);
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (await session.property(button, "disabled")) {
    if (Date.now() > deadline) throw new Error(`${buttonCss} stayed disabled`);
    await sleep(250);
  }
  await session.click(button);
  return session.waitFor(resultCss, timeoutMs, `${resultCss} after clicking ${buttonCss}`);
}

/** Waits until the element's text contains every part (the screen may still be updating), or
 *  fails naming what it shows. */
export async function expectText(session, css, ...parts) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    let text = "";
    try {
      text = await session.text(await session.waitFor(css));
    } catch (e) {
      if (e.error !== "stale element reference") throw e;
    }
    const missing = parts.find((part) => !text.includes(part));
    if (missing === undefined) return text;
    if (Date.now() > deadline) throw new Error(`${css} shows ${JSON.stringify(text)}; expected it to contain ${JSON.stringify(missing)}`);
    await sleep(300);
  }
}

/** ロック then ロック解除 with the password, ending where the user was. */
export async function lockAndUnlock(session, password) {
  await menu(session, "lock");
  await session.type(await session.waitFor("#unlock-password", STEP_TIMEOUT_MS, "the lock screen"), password);
  await session.click(await session.waitFor("#unlock-submit"));
  await session.waitFor(".menu-item", STEP_TIMEOUT_MS, "the menu after unlocking");
}

/** ログアウト, ending on the login form. */
export async function logout(session) {
  await menu(session, "logout");
  await session.waitFor("#login-user", STEP_TIMEOUT_MS, "the login form after logging out");
}

/** 窓口検索 for `query` and open the hit that shows `expectedCase` (the first hit otherwise).
 * Another caseworker's case asks why it is opened: `reason` (a reason's value, e.g. "counter")
 * is given then; without one, being asked fails the step. */
export async function searchAndOpen(session, query, expectedCase, { reason } = {}) {
  const box = await session.waitFor("#search-box");
  await session.type(box, query);
  // The UI searches as you type (debounced), so results for a partial query may show first:
  // wait until the list of hits is the same on two polls in a row. Should nothing appear in
  // 5 s, press Enter once (for a UI that searches on Enter).
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  const enterAt = Date.now() + 5_000;
  let pressedEnter = false;
  let previous = null;
  let shownHits = [];
  for (;;) {
    let current = [];
    try {
      for (const el of await session.findAll(".search-hit")) current.push({ el, text: await session.text(el) });
    } catch (e) {
      if (e.error !== "stale element reference") throw e;
      current = null; // re-rendered while reading: poll again
    }
    const signature = current && JSON.stringify(current.map((h) => h.text));
    if (current && current.length > 0 && signature === previous) {
      shownHits = current;
      break;
    }
    previous = signature;
    if (!pressedEnter && Date.now() > enterAt && (!current || current.length === 0)) {
      log("no .search-hit 5 s after typing; pressing Enter");
      await session.sendKeys(box, KEY_ENTER);
      pressedEnter = true;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${STEP_TIMEOUT_MS / 1000} s waiting for search results (.search-hit) for ${query}`);
    }
    await sleep(300);
  }
  log(`${shownHits.length} search hit(s): ${shownHits.map((h) => h.text.replace(/\s+/g, " ").trim()).join(" | ")}`);
  const chosen = shownHits.find((h) => h.text.includes(expectedCase)) ?? shownHits[0];
  try {
    await session.click(chosen.el);
  } catch (e) {
    // WebKitWebDriver reports a table row (<tr class="search-hit">) as "not interactable";
    // a user clicks one of its cells, and the click reaches the row from there.
    if (e.error !== "element not interactable") throw e;
    const cell = await session.cmd("POST", `/element/${chosen.el}/element`, { using: "css selector", value: "td, th, *" });
    log("the hit itself is not interactable for WebKitWebDriver; clicking its first cell");
    await session.click(cell[WEB_ELEMENT]);
  }
  await session.waitFor("#household-case-number, #case-access-dialog", STEP_TIMEOUT_MS, "the household view or the case-access dialog");
  if (await session.find("#case-access-dialog")) {
    const owner = (await session.text(await session.waitFor("#case-access-owner"))).trim();
    if (!reason) throw new Error(`asked for a reason to open ${expectedCase}: ${owner}`);
    log(`another caseworker's case (${owner}); giving the reason ${reason}`);
    await session.click(await session.waitFor(`input[name="case-access-reason"][value="${reason}"]`));
    await session.click(await session.waitFor("#case-access-submit"));
  }
  const shown = (await session.text(await session.waitFor("#household-case-number"))).trim();
  if (shown !== expectedCase) {
    throw new Error(`#household-case-number shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expectedCase)}`);
  }
}

/** A PDF's text as a reader would copy it (poppler's pdftotext, layout kept). */
export function pdfText(file) {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

/** Choose `value` in a <select>, as a click on the option would (fires `change`). */
export async function select(session, css, value) {
  const el = await session.waitFor(css);
  await session.exec(
    `const [el, v] = arguments;
     if (![...el.options].some((o) => o.value === v)) throw new Error("no option " + v + " in " + el.id);
     el.value = v;
     el.dispatchEvent(new Event("change", { bubbles: true }));`,
    [{ [WEB_ELEMENT]: el }, value],
  );
}

/** Submit the form around `css` with its submit button. */
export async function submitForm(session, css) {
  const button = await session.exec(`return document.querySelector(arguments[0]).closest("form").querySelector('[type="submit"]');`, [css]);
  await session.click(button[WEB_ELEMENT]);
}

// ---------------------------------------------------------------------------------------------
// The first journey's steps (issue 9): 申請 → 収入 → 計算 → 起案 → 審査 → 決裁 → 通知書 → 証明書.
// Each starts on the household screen (or the decision screen it names) and ends where it says.

/** Type `text` into the field `css` (waits for it). */
export async function fill(session, css, text) {
  await session.type(await session.waitFor(css), text);
}

/** Click `css` once it is shown and enabled. */
export async function clickCss(session, css) {
  const el = await session.waitFor(css);
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (await session.property(el, "disabled")) {
    if (Date.now() > deadline) throw new Error(`${css} stayed disabled`);
    await sleep(250);
  }
  try {
    await session.click(el);
  } catch (e) {
    if (e.error !== "element not interactable") throw e;
    const cell = await session.cmd("POST", `/element/${el}/element`, { using: "css selector", value: "td, th, *" });
    await session.click(cell[WEB_ELEMENT]);
  }
}

/** Answer the confirmation dialog with its OK button (決裁する, はい …). */
export async function confirm(session) {
  await clickCss(session, '[role="alertdialog"] .btn.primary');
}

/** A tab of the household's 保護の決定 panel: application / situation / calc / decisions. */
export async function householdTab(session, id) {
  await clickCss(session, `#tab-${id}`);
  await session.waitFor(`#tabpanel-${id}`);
}

/**
 * 申請の登録 on the 申請 tab with the 保護申請書 (`form`: applicant, relationship, complaint,
 * aids [codes]); ends showing the decision deadline.
 */
export async function registerApplication(session, { receivedOn, applicant, relationship, complaint, aids }) {
  await householdTab(session, "application");
  await fill(session, "#app-received", receivedOn);
  await fill(session, "#app-new-applicant", applicant);
  await fill(session, "#app-new-relationship", relationship);
  await fill(session, "#app-new-complaint", complaint);
  for (const aid of aids) await clickCss(session, `input[name="app-new-aid"][value="${aid}"]`);
  for (const id of ["#app-new-assets", "#app-new-income", "#app-new-consent"]) await clickCss(session, id);
  await submitForm(session, "#app-received");
  return expectText(session, "#application-deadline", "決定期限");
}

/** 収入・加算: one income row (the first member, 月額 `grossYen`), saved; ends on the saved state. */
export async function addIncome(session, { label, grossYen }) {
  await householdTab(session, "situation");
  await clickCss(session, "#income-add");
  const row = await session.waitFor("#income-table tr.income-row:last-child");
  const key = await session.exec("return arguments[0].dataset.key;", [{ [WEB_ELEMENT]: row }]);
  const person = await session.exec(`const s = document.getElementById("income-person-" + arguments[0]); return s.options[1]?.value ?? "";`, [key]);
  if (person) await select(session, `#income-person-${key}`, person);
  await fill(session, `#income-table tr[data-key="${key}"] input.label-input`, label);
  await fill(session, `#income-gross-${key}`, String(grossYen));
  await clickCss(session, "#situation-save");
  return expectText(session, "#saved-state", "保存済み");
}

/** 計算 tab: the calculation for today, or for `date` (ISO; the screen must then say that 計算日,
 *  `dateShown` as it writes it); returns its totals' text. */
export async function calculation(session, { date, dateShown } = {}) {
  await householdTab(session, "calc");
  if (date) {
    await expectText(session, "#calc-totals", "保護費");
    await fill(session, "#calc-date", date);
    await submitForm(session, "#calc-date");
    await expectText(session, "#calc-view .meta", `計算日 ${dateShown}`);
  }
  return expectText(session, "#calc-totals", "最低生活費", "保護費");
}

/** 決定を起案 of `kind` (start, change …) with its first reason; ends on the drafted decision's screen. */
export async function draftDecision(session, { kind, effectiveDate, text }) {
  await householdTab(session, "decisions");
  await clickCss(session, "#decision-draft-open");
  await clickCss(session, `input[name="decision-kind"][value="${kind}"]`);
  await fill(session, "#decision-date", effectiveDate);
  await clickCss(session, "#decision-reasons input[type=checkbox]");
  await fill(session, "#decision-text", text);
  await submitForm(session, "#decision-date");
  await session.waitFor("#decision-detail", STEP_TIMEOUT_MS, "the drafted decision's screen");
  return expectText(session, "#decision-state", "起案");
}

/** From the 承認待ち list, open the decision of case `caseNumber` (the one numbered `decisionId`,
 *  when given); ends on the decision screen. */
export async function openFromInbox(session, caseNumber, decisionId = null) {
  await menu(session, "inbox");
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    for (const el of await session.findAll("#inbox-list tr.decision-row")) {
      if ((await session.text(el)).includes(caseNumber)) {
        const id = await session.exec("return arguments[0].dataset.decisionId;", [{ [WEB_ELEMENT]: el }]);
        if (decisionId !== null && String(id) !== String(decisionId)) continue;
        await clickCss(session, `#inbox-list tr.decision-row[data-decision-id="${id}"]`);
        await session.waitFor("#decision-detail");
        return id;
      }
    }
    if (Date.now() > deadline) throw new Error(`no decision of ${caseNumber} in 承認待ち`);
    await sleep(300);
  }
}

/** 審査済にする (on the decision screen); ends showing 審査済. */
export async function reviewDecision(session, comment = "") {
  if (comment) await fill(session, "#decision-comment-box", comment);
  await clickCss(session, '#decision-actions button[data-action="review"]');
  return expectText(session, "#decision-state", "審査済");
}

/** 決裁する and confirm; ends showing 決裁済. */
export async function approveDecision(session, comment = "") {
  if (comment) await fill(session, "#decision-comment-box", comment);
  await clickCss(session, '#decision-actions button[data-action="approve"]');
  await confirm(session);
  return expectText(session, "#decision-state", "決裁");
}

/**
 * On the preview: 保存 and return the saved PDF's path (in the app's documents folder). The path
 * the screen shows is the one the core wrote.
 */
export async function savePreview(session) {
  await session.waitFor("#preview-view");
  await clickCss(session, "#preview-save");
  return (await expectText(session, "#saved-path", ".pdf")).trim();
}

/** 通知書を作成 on the decision screen (number and today's date); ends on its preview. */
export async function makeNotice(session, { number = "" } = {}) {
  await clickCss(session, "#decision-notice");
  await session.waitFor("#notice-dialog");
  if (number) await fill(session, "#notice-number", number);
  await submitForm(session, "#notice-number");
  return expectText(session, "#preview-title", "通知書");
}

/** 通知書を作成, then 保存: the PDF's path. */
export async function printNotice(session, options = {}) {
  await makeNotice(session, options);
  return savePreview(session);
}

/** On the preview: 印刷 to `printer` (the dialog lists the print system's printers); ends when the
 *  job shows 印刷済. */
export async function printPreview(session, printer) {
  await clickCss(session, "#preview-print");
  await session.waitFor("#print-printer", STEP_TIMEOUT_MS, "the print dialog's printer list (#print-printer)");
  await select(session, "#print-printer", printer);
  await submitForm(session, "#print-printer");
  return expectText(session, "#preview-state", "印刷済");
}

/** 調書を作成 on the decision screen, then 保存 (the PDF's path), then back to the decision. */
export async function printCalculationSheet(session) {
  await clickCss(session, "#decision-sheet");
  await expectText(session, "#preview-title", "保護決定調書");
  const saved = await savePreview(session);
  await clickCss(session, "#preview-view .back");
  await session.waitFor("#decision-detail", STEP_TIMEOUT_MS, "the decision screen again");
  return saved;
}

/** 証明書 for a member on the household screen (optionally a 用途), then 保存: the PDF's path. */
export async function printCertificate(session, { personId, purpose = "" }) {
  await clickCss(session, `button.certificate[data-person-id="${personId}"]`);
  await session.waitFor("#certificate-dialog");
  if (purpose) await fill(session, "#certificate-purpose", purpose);
  await submitForm(session, "#certificate-purpose");
  await expectText(session, "#preview-title", "保護受給証明書");
  return savePreview(session);
}

/** Every text of `wants` is in `text` (spaces ignored: the forms spread words); names what is missing. */
export function expectInPdf(text, wants, what) {
  const flat = text.replace(/[ \u3000\n]+/g, "");
  const missing = wants.filter((w) => (w instanceof RegExp ? !w.test(flat) : !flat.includes(w.replace(/[ \u3000]+/g, ""))));
  if (missing.length) throw new Error(`${what} lacks ${missing.map(String).join(", ")}; its text:\n${text.slice(0, 4000)}`);
}

/** A PDF's pages (pdftotext's form feeds), without the empty one after the last. */
export function pdfPages(text) {
  return text.split("\f").filter((p) => p.trim());
}

/** The facts of the demo office (src/demo.rs demo_office) that a notice's 教示 names. */
export const DEMO_OFFICE = { governor: "埼玉県知事", municipality: "見本市", head: "見本市長" };

const escaped = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Every element of the 教示 a decision notice must carry (issue 9 point 2), naming the `office`'s
 * governor, municipality and mayor: 審査請求 within 3 months (not after 1 year) to the governor;
 * 再審査請求 to the Minister; a 取消訴訟 only after the ruling on the 審査請求 (生活保護法69条);
 * its defendant, the municipality, represented by its mayor; within 6 months of the day after
 * learning of the ruling and not after 1 year from it (行政事件訴訟法46条・14条3項).
 */
export function expectAppealGuidance(text, office, what) {
  expectInPdf(
    text,
    [
      new RegExp(`知った日の翌日から起算して3か月以内に、?${escaped(office.governor)}に対して審査請求`),
      /この決定の日の翌日から起算して1年を経過すると、?審査請求をすることができなく/,
      /1か月以内に、?厚生労働大臣に対して再審査請求/,
      /審査請求に対する裁決を経た後でなければ提起することができません（生活保護法第69条）/,
      new RegExp(`その裁決があったことを知った日の翌日から起算して6か月以内に、?${escaped(office.municipality)}を被告として`),
      new RegExp(`${escaped(office.municipality)}を代表する者は${escaped(office.head)}`),
      /その裁決の日の翌日から起算して1年を経過すると、?この訴えを提起することができなく/,
    ],
    `${what} (its 教示)`,
  );
}

/** Dates are 和暦 (issue 9 point 3): no 2026-12-01, 2026/12/01 or 2026年12月 anywhere. */
export function expectOnlyWareki(text, what) {
  const western = text.match(/(?<!\d)(19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\s*\d{1,2}\s*月)(?!\d)/);
  if (western) throw new Error(`${what} prints the date ${western[0]}, not 和暦:\n${text.slice(0, 4000)}`);
}

/** 「試験用・実在しない金額」 on every page when the figures are test figures, on none otherwise. */
export function expectTestMark(text, testFigures, what) {
  pdfPages(text).forEach((p, i) => {
    const marked = p.replace(/\s+/g, "").includes("試験用・実在しない金額");
    if (marked !== testFigures) {
      throw new Error(`page ${i + 1} of ${what} ${testFigures ? "lacks" : "carries"} the 試験用・実在しない金額 mark`);
    }
  });
}

/** Click the button whose text contains `label` (inside `scope`). */
export async function clickButton(session, label, scope = "main") {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const el = await session.exec(
      `const [scope, label] = arguments;
       return [...document.querySelectorAll(scope + " button")].find((b) => b.textContent.includes(label) && !b.disabled && b.offsetParent !== null) ?? null;`,
      [scope, label],
    );
    if (el) return session.click(el[WEB_ELEMENT]);
    if (Date.now() > deadline) throw new Error(`no enabled button 「${label}」 in ${scope}`);
    await sleep(250);
  }
}

/**
 * Click the button labelled `label` until `css` shows: a screen that is still rendering its data
 * may replace the button under the click (seen on the home screen right after a login), and
 * opening a form twice is harmless.
 */
export async function clickButtonUntil(session, label, css, scope = "main") {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    await clickButton(session, label, scope);
    try {
      return await session.waitFor(css, 5_000);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`「${label}」 did not open ${css}: ${e.message}`);
      log(`「${label}」 did not open ${css} in 5 s; clicking again`);
    }
  }
}

/**
 * 新しい世帯を登録 from the home screen (the office's sequence gives the ケース番号), with its
 * members (`{ name, kana, birth, relationship }`, the first the head); ends on the household
 * screen and returns the case number.
 */
export async function registerHousehold(session, { address, caseworker, members }) {
  await menu(session, "home");
  await clickButtonUntil(session, "新しい世帯を登録", "#hh-address");
  await fill(session, "#hh-address", address);
  if (caseworker) await select(session, "#hh-caseworker", caseworker);
  await submitForm(session, "#hh-address");
  const caseNumber = (await session.text(await session.waitFor("#household-case-number"))).trim();
  for (const m of members) {
    await clickButton(session, "世帯員を追加");
    await fill(session, "#m-name", m.name);
    await fill(session, "#m-kana", m.kana);
    await fill(session, "#m-birth", m.birth);
    await fill(session, "#m-relationship", m.relationship);
    await submitForm(session, "#m-name");
    await expectText(session, "#household-view", m.name);
  }
  return caseNumber;
}

// ---------------------------------------------------------------------------------------------
// 医療扶助 on the household screen (issue 15's journey): 申請受付 → 意見書の送付・返送・審査 → 開始の起案.

/** Choose the option of a <select> whose text contains `text`; returns its value. */
export async function selectByText(session, css, text) {
  const value = await session.exec(
    `const [css, text] = arguments;
     return [...document.querySelector(css).options].find((o) => o.textContent.includes(text))?.value ?? null;`,
    [css, text],
  );
  if (value === null) throw new Error(`no option 「${text}」 in ${css}`);
  await select(session, css, value);
  return value;
}

/** Click the button `css` of the medical-aid case `caseId` (its card on the household screen). */
async function caseButton(session, caseId, css) {
  await clickCss(session, `#medical-aid article.case[data-case-id="${caseId}"] ${css}`);
}

/**
 * 医療扶助の申請を受け付ける for a member of the open household who has no medical-aid case yet,
 * at `institution`; ends on the household screen and returns { caseId, person }.
 */
export async function registerMedicalAid(session, { institution, illness }) {
  await clickCss(session, "#medical-register");
  const person = await session.exec(
    `const held = [...document.querySelectorAll("#medical-aid article.case h3")].map((h) => h.textContent);
     const o = [...document.getElementById("mf-person").options].find((o) => !held.some((t) => t.startsWith(o.textContent.trim())));
     return o ? o.textContent.trim() : null;`,
  );
  if (!person) throw new Error("every member of this household already has a medical-aid case");
  await selectByText(session, "#mf-person", person);
  await selectByText(session, "#mf-inst", institution);
  await fill(session, "#mf-illness", illness);
  await clickCss(session, "#medical-form-submit");
  await expectText(session, "#medical-aid", person, illness);
  const caseId = await session.exec(
    `return [...document.querySelectorAll("#medical-aid article.case")].find((a) => a.querySelector("h3").textContent.startsWith(arguments[0]))?.dataset.caseId ?? null;`,
    [person],
  );
  return { caseId, person };
}

/** 医療要否意見書を送付 to the case's institution; ends on the 意見書's preview. */
export async function sendOpinion(session, caseId) {
  await caseButton(session, caseId, "button.send_opinion");
  await clickCss(session, "#medical-form-submit");
  return expectText(session, "#preview-title", "意見書");
}

/** 返送受理 (the institution's `disease`) and 嘱託医の審査 「要」 of the case's opinion; ends when
 *  the core offers 開始を起案. */
export async function acceptOpinion(session, caseId, { disease, reviewer }) {
  await caseButton(session, caseId, "p.opinion button.return");
  await fill(session, "#op-disease-0", disease);
  await submitForm(session, "#op-disease-0");
  await caseButton(session, caseId, "p.opinion button.review");
  await fill(session, "#op-reviewer", reviewer);
  await submitForm(session, "#op-reviewer");
  await session.waitFor(`#medical-aid article.case[data-case-id="${caseId}"] button.draft_start`, STEP_TIMEOUT_MS, "開始を起案 once the opinion is accepted");
}

/** 開始を起案 with the terms the case proposes; ends on the drafted decision and returns its id. */
export async function draftMedicalStart(session, caseId, reason) {
  await caseButton(session, caseId, "button.draft_start");
  await fill(session, "#mf-reason", reason);
  await clickCss(session, "#medical-form-submit");
  await session.waitFor("#decision-detail", STEP_TIMEOUT_MS, "the drafted medical-aid decision");
  await expectText(session, "#decision-state", "起案");
  return session.exec(`return document.getElementById("decision-detail").dataset.decisionId;`);
}
