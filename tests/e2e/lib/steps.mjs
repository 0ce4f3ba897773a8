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

/** 窓口検索 for `query` and open the hit that shows `expectedCase` (the first hit otherwise). */
export async function searchAndOpen(session, query, expectedCase) {
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
  await session.waitFor("#household-view", STEP_TIMEOUT_MS, "the household view (#household-view)");
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
