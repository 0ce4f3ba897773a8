// Starting and stopping the development bridge from Node (the Vitest global setup and each test
// file). The binary is built by `make test-ui` (cargo build -p madoguchi-dev-rpc).

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const BRIDGE_BIN = process.env.MADOGUCHI_DEV_RPC ?? resolve(repoRoot, "target/debug/madoguchi-dev-rpc");

// Key slots at the cheap test cost (store::kdf's explicit test setting, honoured by debug builds
// only — the bridge is one): at the calibrated cost every slot the suite makes takes ~1 s and up
// to 1 GiB. The Rust tests get the same setting from .cargo/config.toml.
const BRIDGE_ENV = { ...process.env, MADOGUCHI_TEST_KDF: "cheap" };
export const RATE_FIXTURE_DIR = resolve(repoRoot, "tests/fixtures/rates/test-2025");

export interface RunningBridge {
  url: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function requireBinary() {
  if (!existsSync(BRIDGE_BIN))
    throw new Error(`${BRIDGE_BIN} がありません。先に cargo build -p madoguchi-dev-rpc を実行してください（make test-ui が行います）`);
}

/** A new office database at `dir/office.db` with the administrator `admin`. */
export function initOffice(dir: string, password: string): void {
  requireBinary();
  execFileSync(BRIDGE_BIN, ["--init", dir, "--admin", "admin", "--password", password], {
    stdio: "inherit",
    env: BRIDGE_ENV,
  });
}

/** Serve a copy of the database file `template` (a fresh copy on every reset). */
export function startBridge(template: string, work: string): Promise<RunningBridge> {
  requireBinary();
  const child = spawn(BRIDGE_BIN, ["--template", template, "--work", work, "--fake-printer"], {
    stdio: ["pipe", "pipe", "inherit"],
    env: BRIDGE_ENV,
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`madoguchi-dev-rpc exited (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      const { url, token } = JSON.parse(out.slice(0, nl)) as { url: string; token: string };
      ok({
        url,
        token,
        child,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.stdin!.end();
            setTimeout(() => child.kill(), 2000).unref();
          }),
      });
    });
  });
}

/** POST a control request (`/dev/reset`, `/dev/wait_jobs`, `/dev/print_script`). */
export async function control(b: { url: string; token: string }, path: string, body: unknown = {}): Promise<void> {
  const { status } = await post(b, path, body);
  if (status !== 200) throw new Error(`${path}: HTTP ${status}`);
}

/** POST JSON with node:http, not fetch: fetch's timers are the page's, which tests fake
 * (vi.useFakeTimers), and a faked timer can stall a request; node:http's are its own. */
export function post(b: { url: string; token: string }, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const data = Buffer.from(JSON.stringify(body));
  const u = new URL(path, b.url);
  return new Promise((ok, fail) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: "POST", agent: false,
        headers: { "content-type": "application/json", "content-length": data.length, "x-madoguchi-token": b.token } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          try {
            ok({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          } catch (e) {
            fail(e);
          }
        });
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end(data);
  });
}

/** The bridge as a UI backend, for Node (tests). */
export function nodeBackend(b: { url: string; token: string }) {
  return {
    async call(method: string, params: Record<string, unknown>): Promise<unknown> {
      const { status, json } = await post(b, "/rpc", { method, params });
      if (status !== 200) throw { code: "DEV_BRIDGE", message: `開発用ブリッジ: HTTP ${status}` };
      const r = json as { ok?: unknown; err?: unknown };
      if (r.err) throw r.err;
      return r.ok ?? null;
    },
  };
}
