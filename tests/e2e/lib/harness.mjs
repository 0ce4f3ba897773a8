// The harness every journey runs in: a temporary directory, tauri-driver with the app's
// environment, the WebDriver session (= the real app under Xvfb), a screenshot after each step
// (kept as CI artifacts in $MADOGUCHI_E2E_ARTIFACTS/<spec>/, by default target/e2e-artifacts/,
// never committed), and a cleanup that stops exactly the processes this run started, even on failure.
//
// A spec (tests/e2e/specs/*.mjs) exports `name`, optionally `prepare(ctx)` (runs before the app
// starts; returns extra environment for the app, e.g. { MADOGUCHI_DB }) and `run(ctx)`; ctx has
//   tmp, home (the app's $HOME), db, log, cli(args, { user, password }) → stdout, session (after
//   prepare), step(label, fn) (runs a step, then keeps its screenshot), screenshot(label),
//   artifact(file, name) (keeps a copy of a file the journey produced beside the screenshots), runEnv (the
//   environment a process must start with to be ended by the cleanup) and onCleanup(fn) (runs after
//   the run's processes are stopped).

import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { log, Session, sleep } from "./webdriver.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "..", "..", "..");
export const APP = path.resolve(process.env.MADOGUCHI_E2E_APP ?? path.join(ROOT, "target/debug/madoguchi-app"));
export const CLI = path.resolve(process.env.MADOGUCHI_E2E_CLI ?? path.join(ROOT, "target/debug/madoguchi"));
export const ARTIFACTS = path.resolve(process.env.MADOGUCHI_E2E_ARTIFACTS ?? path.join(ROOT, "target", "e2e-artifacts"));

const APP_START_TIMEOUT_MS = 90_000; // session creation = app launch (up to 60 s) + driver overhead
const SPEC_TIMEOUT_MS = 300_000; // a spec may ask for more (`timeoutMs`)

export const RUN_ID = `madoguchi-e2e-${process.pid}-${Date.now()}`;

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
export function ourProcesses() {
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
// one journey

/** The `madoguchi` command on the journey's database (`ctx.db`), the password through MADOGUCHI_PASSWORD. */
function cliFor(db) {
  return (args, { user, password } = {}) =>
    execFileSync(CLI, ["--db", db(), ...(user ? ["--user", user] : []), ...args], {
      env: { ...process.env, ...(password ? { MADOGUCHI_PASSWORD: password } : {}) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
}

/** Run one spec; true when it passed. */
export async function runSpec(spec) {
  for (const [what, p] of [["app", APP], ["CLI", CLI]]) {
    if (!fs.existsSync(p)) throw new Error(`${what} binary missing: ${p} (run make app cli)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `madoguchi-e2e-${spec.name}-`));
  const shots = path.join(ARTIFACTS, spec.name);
  fs.rmSync(shots, { recursive: true, force: true });
  let driver = null;
  let failure = null;
  let shot = 0;
  const cleanups = [];
  const runEnv = { ...process.env, MADOGUCHI_E2E_RUN: RUN_ID };
  const ctx = { tmp, log, db: path.join(tmp, "e2e.db"), home: path.join(tmp, "home"), session: null, runEnv, onCleanup: (fn) => cleanups.push(fn) };
  fs.mkdirSync(ctx.home);
  ctx.cli = cliFor(() => ctx.db);
  ctx.screenshot = async (label) => {
    const png = await ctx.session.screenshot();
    fs.mkdirSync(shots, { recursive: true });
    const file = path.join(shots, `${String(++shot).padStart(2, "0")}-${label.replace(/[^\p{L}\p{N}_-]+/gu, "_")}.png`);
    fs.writeFileSync(file, Buffer.from(png, "base64"));
    return file;
  };
  ctx.artifact = (file, name = path.basename(file)) => {
    fs.mkdirSync(shots, { recursive: true });
    const copy = path.join(shots, name);
    fs.copyFileSync(file, copy);
    return copy;
  };
  ctx.step = async (label, fn) => {
    log(`[${spec.name}] ${label}`);
    const r = await fn();
    await ctx.screenshot(label).catch((e) => log(`screenshot of ${label}: ${e.message}`));
    return r;
  };
  const timer = setTimeout(() => {
    console.error(`[e2e] FAILED: ${spec.name} exceeded ${(spec.timeoutMs ?? SPEC_TIMEOUT_MS) / 1000} s`);
    for (const pid of ourProcesses()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    console.log("0 passed, 1 failed");
    process.exit(1);
  }, spec.timeoutMs ?? SPEC_TIMEOUT_MS);
  timer.unref();

  try {
    const appEnv = (await spec.prepare?.(ctx)) ?? {};
    const [port, nativePort] = await pickPorts();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      ...runEnv,
      // the app's home inside tmp: its saved documents ($HOME/Documents/窓口) are read there
      // (ctx.home), and the webview's storage and the app's configuration stay out of the user's
      HOME: ctx.home,
      XDG_DATA_HOME: path.join(tmp, "xdg-data"),
      XDG_CONFIG_HOME: path.join(tmp, "xdg-config"),
      // no accessibility bus on a headless run. (Do not set WEBKIT_DISABLE_DMABUF_RENDERER or
      // WEBKIT_DISABLE_COMPOSITING_MODE here: with either, WebKitGTK 2.50 under Xvfb never
      // answers the WebDriver screenshot command.)
      NO_AT_BRIDGE: "1",
      ...appEnv,
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

    log(`creating session (launches ${APP})`);
    ctx.session = await Session.create(base, { alwaysMatch: { "tauri:options": { application: APP } } }, APP_START_TIMEOUT_MS);
    log(`session ${ctx.session.id}`);
    if (process.env.MADOGUCHI_E2E_START_URL) await ctx.session.cmd("POST", "/url", { url: process.env.MADOGUCHI_E2E_START_URL });
    await spec.run(ctx);
  } catch (e) {
    failure = e;
    console.error(`[e2e] ${spec.name} FAILED: ${e.stack ?? e}`);
    if (ctx.session) {
      try {
        const alerts = await ctx.session.exec(`return [...document.querySelectorAll('[role="alert"]')].map((a) => a.textContent.trim()).filter(Boolean);`);
        if (alerts?.length) console.error(`[e2e] the screen's alerts: ${alerts.join(" | ")}`);
      } catch {}
      try {
        console.error(`[e2e] screenshot saved: ${await ctx.screenshot("failure")}`);
      } catch (se) {
        console.error(`[e2e] could not take a screenshot: ${se.message}`);
      }
    }
    const driverLogPath = path.join(tmp, "tauri-driver.log");
    if (fs.existsSync(driverLogPath)) {
      fs.mkdirSync(shots, { recursive: true });
      const copy = path.join(shots, "tauri-driver.log");
      fs.copyFileSync(driverLogPath, copy);
      const tail = fs.readFileSync(driverLogPath, "utf8").split("\n").slice(-40).join("\n");
      if (tail.trim()) console.error(`[e2e] tauri-driver / WebKitWebDriver / app output (last lines, full log ${copy}):\n${tail}`);
    }
  } finally {
    clearTimeout(timer);
    if (ctx.session) await ctx.session.delete().catch((e) => log(`delete session: ${e.message}`));
    await killOurs(driver);
    for (const fn of cleanups.reverse()) {
      try {
        fn();
      } catch (e) {
        log(`cleanup: ${e.message}`);
      }
    }
    if (process.env.MADOGUCHI_E2E_KEEP) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failure === null;
}
