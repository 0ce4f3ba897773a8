// A CUPS PDF printer of the journey's own: a private cupsd (its configuration, spool and socket in
// a temporary directory, so the machine's CUPS and a colleague's run are never touched) with one
// cups-pdf queue. The app reaches it through CUPS_SERVER and prints with its ordinary `lp`; what
// cups-pdf writes is the printed page, read back with pdftotext.
//
// Needs root and the packages installer/setup-debian.sh installs (cups, printer-driver-cups-pdf,
// poppler-utils): cupsd runs the cups-pdf backend as root, and cups-pdf reads its configuration
// only from /etc/cups (cups-pdf-<queue>.conf, written here for this run's queue and removed after).
//
// The queue renders PDF to PostScript with pdftocairo (`pdftops-renderer`): the default renderers
// (Ghostscript, poppler's pdftops) turn the embedded IPAex subsets into fonts without a Unicode
// map, so the printed PDF would show the right glyphs but carry no extractable text.

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sleep } from "./webdriver.mjs";

const BACKEND = "/usr/lib/cups/backend/cups-pdf";
const PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd";

function need(cond, why) {
  if (!cond) throw new Error(`CUPS PDF printer: ${why} (installer/setup-debian.sh installs cups and printer-driver-cups-pdf; the e2e test runs as root, as CI does)`);
}

/**
 * Start the printer. `env` must carry MADOGUCHI_E2E_RUN so the harness's cleanup ends cupsd with
 * the rest of the run; `onCleanup` registers what to remove afterwards. Returns { env (for the
 * app: CUPS_SERVER), queue, waitForPdf(timeoutMs) → path of the first PDF the printer wrote }.
 */
export async function startPdfPrinter({ env, onCleanup, log }) {
  need(process.getuid?.() === 0, "cupsd must run as root to use the cups-pdf backend");
  for (const f of ["/usr/sbin/cupsd", "/usr/sbin/lpadmin", BACKEND, PPD]) need(fs.existsSync(f), `${f} is missing`);

  // World-traversable: cupsd's filters run as the lp user and read the spool under this directory.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "madoguchi-e2e-cups-"));
  fs.chmodSync(dir, 0o755);
  const queue = `madoguchi-e2e-${process.pid}`;
  const sock = path.join(dir, "cups.sock");
  const out = path.join(dir, "out");
  const sub = (n, mode = 0o755) => {
    const p = path.join(dir, n);
    fs.mkdirSync(p, { recursive: true, mode });
    fs.chmodSync(p, mode);
    return p;
  };
  const [conf, spool, cache, state, logs] = ["conf", "spool", "cache", "state", "log"].map((n) => sub(n));
  sub("spool/tmp", 0o1777);
  sub("out", 0o1777);
  sub("cups-pdf-spool", 0o1777);
  fs.writeFileSync(
    path.join(conf, "cupsd.conf"),
    `Listen ${sock}\nLogLevel warn\nWebInterface No\nBrowsing No\nDefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n`,
  );
  fs.writeFileSync(
    path.join(conf, "cups-files.conf"),
    [`ServerRoot ${conf}`, `RequestRoot ${spool}`, `CacheDir ${cache}`, `StateDir ${state}`, `TempDir ${path.join(spool, "tmp")}`, `ErrorLog ${logs}/error_log`, `AccessLog ${logs}/access_log`, `PageLog ${logs}/page_log`, "User lp", "Group lp", ""].join("\n"),
  );
  const pdfConf = `/etc/cups/cups-pdf-${queue}.conf`;
  fs.writeFileSync(pdfConf, `Out ${out}\nAnonDirName ${out}\nSpool ${path.join(dir, "cups-pdf-spool")}\nLog ${logs}\n`);
  onCleanup(() => {
    fs.rmSync(pdfConf, { force: true });
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  const cupsd = spawn("/usr/sbin/cupsd", ["-f", "-c", path.join(conf, "cupsd.conf"), "-s", path.join(conf, "cups-files.conf")], {
    env,
    detached: true,
    stdio: ["ignore", "ignore", fs.openSync(path.join(logs, "cupsd.stderr"), "w")],
  });
  cupsd.unref();
  const cupsEnv = { ...process.env, CUPS_SERVER: sock };
  const lp = (cmd, args) => execFileSync(cmd, args, { env: cupsEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  for (let i = 0; ; i++) {
    if (cupsd.exitCode !== null) throw new Error(`cupsd exited (code ${cupsd.exitCode}): ${fs.readFileSync(path.join(logs, "cupsd.stderr"), "utf8")}`);
    try {
      if (lp("lpstat", ["-r"]).includes("is running")) break;
    } catch {}
    if (i > 100) throw new Error("cupsd did not start within 10 s");
    await sleep(100);
  }
  lp("lpadmin", ["-p", queue, "-E", "-v", `cups-pdf:/${queue}`, "-P", PPD, "-o", "pdftops-renderer-default=pdftocairo"]);
  lp("lpadmin", ["-d", queue]);
  log(`CUPS PDF printer ${queue} (cupsd pid ${cupsd.pid}, CUPS_SERVER=${sock}, output ${out})`);

  return {
    queue,
    env: { CUPS_SERVER: sock },
    /** The PDF the printer wrote (it is complete once cups-pdf has finished the job). */
    async waitForPdf(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const done = lp("lpstat", ["-W", "not-completed", "-o", queue]).trim() === "";
        const pdfs = fs.readdirSync(out).filter((f) => f.endsWith(".pdf"));
        if (done && pdfs.length) return path.join(out, pdfs[0]);
        if (Date.now() > deadline) {
          const errors = fs.existsSync(path.join(logs, "error_log")) ? fs.readFileSync(path.join(logs, "error_log"), "utf8").split("\n").slice(-20).join("\n") : "";
          throw new Error(`the CUPS PDF printer wrote nothing in ${timeoutMs / 1000} s (jobs: ${lp("lpstat", ["-W", "all", "-o", queue])}); cupsd log:\n${errors}`);
        }
        await sleep(300);
      }
    },
  };
}
