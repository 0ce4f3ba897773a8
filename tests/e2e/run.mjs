#!/usr/bin/env node
// 窓口 Madoguchi — end-to-end test: the real desktop app, driven through tauri-driver and
// WebKitWebDriver with a minimal W3C WebDriver client (Node 20 fetch, no dependencies).
//
// Flow: fresh demo DB → tauri-driver → new session (starts the app with MADOGUCHI_DB) → log in as
// demo → search a demo person (found first with the CLI) → open the household → check its case
// number. Cleans up even on failure; on failure saves a screenshot to tests/e2e/artifacts/.
// Last line of output is "1 passed, 0 failed" or "0 passed, 1 failed".
//
// Environment (all optional):
//   MADOGUCHI_E2E_PORT / MADOGUCHI_E2E_NATIVE_PORT   ports for tauri-driver (4444 / 4445)
//   MADOGUCHI_E2E_APP / MADOGUCHI_E2E_CLI             binaries (target/debug/madoguchi-app, …/madoguchi)
//   MADOGUCHI_E2E_KEEP=1                               keep the temporary directory
//   TAURI_DRIVER                                       tauri-driver binary (PATH, then ~/.cargo/bin)
//   MADOGUCHI_E2E_START_URL                            navigate here first (only for checking this
//                                                      client against a mock page in another browser)

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const APP = path.resolve(process.env.MADOGUCHI_E2E_APP ?? path.join(ROOT, "target/debug/madoguchi-app"));
const CLI = path.resolve(process.env.MADOGUCHI_E2E_CLI ?? path.join(ROOT, "target/debug/madoguchi"));
const ARTIFACTS = path.join(HERE, "artifacts");
const DEMO_USER = "demo";
const DEMO_PASSWORD = "madoguchi-demo";
const DEMO_QUERY = "見本";

const APP_START_TIMEOUT_MS = 90_000; // session creation = app launch (up to 60 s) + driver overhead
const STEP_TIMEOUT_MS = 30_000; // each wait for an element after the app is up
const REQUEST_TIMEOUT_MS = 30_000;
const WEB_ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const KEY_ENTER = "\uE007";

const RUN_ID = `madoguchi-e2e-${process.pid}-${Date.now()}`;
const t0 = Date.now();
const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// minimal W3C WebDriver client

class WebDriverError extends Error {
  constructor(method, url, status, value) {
    super(`${method} ${url} → HTTP ${status}: ${value?.error ?? ""} ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(base, capabilities, timeoutMs) {
    const value = await request(base, "POST", "/session", { capabilities }, timeoutMs);
    if (!value?.sessionId) throw new Error(`no sessionId in new-session response: ${JSON.stringify(value)}`);
    return new Session(base, value.sessionId);
  }

  cmd(method, p, body, timeoutMs = REQUEST_TIMEOUT_MS) {
    return request(this.base, method, `/session/${this.id}${p}`, body, timeoutMs);
  }

  async find(css) {
    try {
      const v = await this.cmd("POST", "/element", { using: "css selector", value: css });
      return v[WEB_ELEMENT];
    } catch (e) {
      if (e.error === "no such element") return null;
      throw e;
    }
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((el) => el[WEB_ELEMENT]);
  }

  async waitFor(css, timeoutMs = STEP_TIMEOUT_MS, what = css) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const el = await this.find(css);
      if (el && (await this.displayed(el))) return el;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await sleep(250);
    }
  }

  async displayed(el) {
    try {
      return Boolean(await this.cmd("GET", `/element/${el}/displayed`));
    } catch (e) {
      if (e.error === "stale element reference" || e.error === "unknown command") return true;
      throw e;
    }
  }

  click(el) {
    return this.cmd("POST", `/element/${el}/click`, {});
  }

  clear(el) {
    return this.cmd("POST", `/element/${el}/clear`, {});
  }

  sendKeys(el, text) {
    return this.cmd("POST", `/element/${el}/value`, { text });
  }

  text(el) {
    return this.cmd("GET", `/element/${el}/text`);
  }

  property(el, name) {
    return this.cmd("GET", `/element/${el}/property/${name}`);
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  screenshot() {
    return this.cmd("GET", "/screenshot");
  }

  delete() {
    return request(this.base, "DELETE", `/session/${this.id}`, undefined, 15_000);
  }

  // Types text into an input. WebKitWebDriver synthesises key events per character; should the
  // field not end up holding the text (e.g. kana without a keyboard mapping), set the value the
  // way an IME commit would and fire `input`, which is what the UI's bindings listen to.
  async type(el, text) {
    await this.clear(el).catch(() => {});
    await this.sendKeys(el, text);
    const value = await this.property(el, "value").catch(() => null);
    if (value !== text) {
      log(`typed value is ${JSON.stringify(value)}, expected ${JSON.stringify(text)}: setting it via script`);
      await this.exec(
        `const [el, text] = arguments;
         const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set;
         setter.call(el, text);
         el.dispatchEvent(new InputEvent("input", { bubbles: true, data: text, inputType: "insertText" }));
         el.dispatchEvent(new Event("change", { bubbles: true }));`,
        [{ [WEB_ELEMENT]: el }, text],
      );
    }
  }
}

async function request(base, method, p, body, timeoutMs) {
  const url = `${base}${p}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new Error(`${method} ${url} failed: ${e.name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : e.message}`);
  }
  const raw = await res.text();
  let json;
  try {
    json = raw ? JSON.parse(raw) : {};
  } catch {
    throw new Error(`${method} ${url} → HTTP ${res.status}, not JSON: ${raw.slice(0, 500)}`);
  }
  if (!res.ok || (json.value && typeof json.value === "object" && "error" in json.value && json.value.error)) {
    throw new WebDriverError(method, url, res.status, json.value);
  }
  return json.value;
}

// ---------------------------------------------------------------------------------------------
// processes

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1", exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function pickPorts() {
  const want = Number(process.env.MADOGUCHI_E2E_PORT ?? 4444);
  const wantNative = Number(process.env.MADOGUCHI_E2E_NATIVE_PORT ?? want + 1);
  if ((await portFree(want)) && (await portFree(wantNative))) return [want, wantNative];
  for (let p = 14444; p < 14600; p += 2) {
    if ((await portFree(p)) && (await portFree(p + 1))) {
      log(`ports ${want}/${wantNative} are busy; using ${p}/${p + 1}`);
      return [p, p + 1];
    }
  }
  throw new Error("no free port pair for tauri-driver");
}

function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  dirs.push(path.join(os.homedir(), ".cargo", "bin"));
  for (const d of dirs) {
    const p = path.join(d, "tauri-driver");
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  throw new Error("tauri-driver not found (run installer/setup-debian.sh, or cargo install tauri-driver --locked)");
}

// Every process this run starts (tauri-driver → WebKitWebDriver → the app → WebKit helpers) carries
// MADOGUCHI_E2E_RUN=<RUN_ID> in its environment, so cleanup can find exactly those and no others.
function ourProcesses() {
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${entry}/environ`);
      if (env.includes(`MADOGUCHI_E2E_RUN=${RUN_ID}\0`)) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

async function killOurs(driver) {
  if (driver && driver.exitCode === null && driver.signalCode === null) {
    try {
      process.kill(-driver.pid, "SIGTERM"); // its process group (spawned detached)
    } catch {}
  }
  for (let i = 0; i < 20; i++) {
    const left = ourProcesses();
    if (left.length === 0) return;
    for (const pid of left) {
      try {
        process.kill(pid, i < 10 ? "SIGTERM" : "SIGKILL");
      } catch {}
    }
    await sleep(250);
  }
  const left = ourProcesses();
  if (left.length) log(`warning: processes still running after cleanup: ${left.join(", ")}`);
  // reap tauri-driver (our direct child) before exiting
  if (driver && driver.exitCode === null && driver.signalCode === null) {
    await Promise.race([new Promise((r) => driver.once("exit", r)), sleep(5_000)]);
  }
}

async function waitForDriver(base, driver, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (driver.exitCode !== null || driver.signalCode !== null) {
      throw new Error(`tauri-driver exited early (code ${driver.exitCode}, signal ${driver.signalCode})`);
    }
    try {
      const res = await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`tauri-driver did not answer on ${base} within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// the test

async function main() {
  for (const [what, p] of [["app", APP], ["CLI", CLI]]) {
    if (!fs.existsSync(p)) throw new Error(`${what} binary missing: ${p} (run make app cli)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "madoguchi-e2e-"));
  const db = path.join(tmp, "e2e.db");
  let driver = null;
  let session = null;
  let failure = null;

  try {
    // 1. fresh demo database, and a person to look for, via the CLI
    log(`creating demo database ${db}`);
    execFileSync(CLI, ["--db", db, "demo"], { stdio: ["ignore", "inherit", "inherit"] });
    const cliEnv = { ...process.env, MADOGUCHI_PASSWORD: DEMO_PASSWORD };
    const out = execFileSync(CLI, ["--db", db, "--user", DEMO_USER, "search", DEMO_QUERY, "--json"], {
      env: cliEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const hits = JSON.parse(out);
    if (!Array.isArray(hits) || hits.length === 0) throw new Error(`CLI search ${DEMO_QUERY} found nobody: ${out}`);
    const target = hits[0];
    const query = String(target.kana).trim();
    const expectedCase = String(target.case_number);
    log(`target: ${target.name} (${query}), case ${expectedCase}, household ${target.household_id}`);

    // 2. tauri-driver, with the app's environment
    const [port, nativePort] = await pickPorts();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      MADOGUCHI_DB: db,
      MADOGUCHI_E2E_RUN: RUN_ID,
      // keep the webview's own storage out of the user's home
      XDG_DATA_HOME: path.join(tmp, "xdg-data"),
      XDG_CONFIG_HOME: path.join(tmp, "xdg-config"),
      // no accessibility bus on a headless run. (Do not set WEBKIT_DISABLE_DMABUF_RENDERER or
      // WEBKIT_DISABLE_COMPOSITING_MODE here: with either, WebKitGTK 2.50 under Xvfb never
      // answers the WebDriver screenshot command.)
      NO_AT_BRIDGE: "1",
    };
    const tauriDriver = findTauriDriver();
    log(`starting ${tauriDriver} --port ${port} --native-port ${nativePort}`);
    driver = spawn(tauriDriver, ["--port", String(port), "--native-port", String(nativePort)], {
      env,
      cwd: tmp,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const driverLog = fs.createWriteStream(path.join(tmp, "tauri-driver.log"));
    driver.stdout.pipe(driverLog);
    driver.stderr.pipe(driverLog);
    driver.on("error", (e) => log(`tauri-driver: ${e.message}`));
    await waitForDriver(base, driver, 20_000);

    // 3. session = the app
    log(`creating session (launches ${APP})`);
    session = await Session.create(
      base,
      { alwaysMatch: { "tauri:options": { application: APP } } },
      APP_START_TIMEOUT_MS,
    );
    log(`session ${session.id}`);
    if (process.env.MADOGUCHI_E2E_START_URL) await session.cmd("POST", "/url", { url: process.env.MADOGUCHI_E2E_START_URL });

    // 4. log in
    const user = await session.waitFor("#login-user", 60_000, "the login form (#login-user)");
    await session.type(user, DEMO_USER);
    const pass = await session.waitFor("#login-password");
    await session.type(pass, DEMO_PASSWORD);
    await session.click(await session.waitFor("#login-submit"));
    log("logged in; waiting for #search-box");

    // 5. search
    const box = await session.waitFor("#search-box", STEP_TIMEOUT_MS, "the search box (#search-box) after login");
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
    // the first hit — or rather the first that shows the expected case number, if several match
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

    // 6. household view
    await session.waitFor("#household-view", STEP_TIMEOUT_MS, "the household view (#household-view)");
    const caseEl = await session.waitFor("#household-case-number");
    const shown = (await session.text(caseEl)).trim();
    if (shown !== expectedCase) {
      throw new Error(`#household-case-number shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expectedCase)}`);
    }
    log(`household view shows case ${shown}: OK`);
  } catch (e) {
    failure = e;
    console.error(`[e2e] FAILED: ${e.stack ?? e}`);
    if (session) {
      try {
        const png = await session.screenshot();
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        const file = path.join(ARTIFACTS, `failure-${new Date().toISOString().replace(/[:.]/g, "-")}.png`);
        fs.writeFileSync(file, Buffer.from(png, "base64"));
        console.error(`[e2e] screenshot saved: ${file}`);
      } catch (se) {
        console.error(`[e2e] could not take a screenshot: ${se.message}`);
      }
    }
    const driverLogPath = path.join(tmp, "tauri-driver.log");
    if (fs.existsSync(driverLogPath)) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const copy = path.join(ARTIFACTS, "tauri-driver.log");
      fs.copyFileSync(driverLogPath, copy);
      const tail = fs.readFileSync(driverLogPath, "utf8").split("\n").slice(-40).join("\n");
      if (tail.trim()) console.error(`[e2e] tauri-driver / WebKitWebDriver / app output (last lines, full log ${copy}):\n${tail}`);
    }
  } finally {
    if (session) await session.delete().catch((e) => log(`delete session: ${e.message}`));
    await killOurs(driver);
    if (process.env.MADOGUCHI_E2E_KEEP) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failure === null;
}

// A hard upper bound for the whole run, whatever hangs.
const watchdog = setTimeout(() => {
  console.error("[e2e] FAILED: the whole run exceeded 5 minutes");
  for (const pid of ourProcesses()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  console.log("0 passed, 1 failed");
  process.exit(1);
}, 300_000);
watchdog.unref();

const ok = await main().catch((e) => {
  console.error(`[e2e] FAILED: ${e.stack ?? e}`);
  return false;
});
console.log(ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
process.exit(ok ? 0 : 1);
