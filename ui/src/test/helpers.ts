import { inject } from "vitest";
import { setBackend, type Backend } from "../lib/api";
import { app } from "../lib/app.svelte";
import { clearEscapes } from "../lib/escape";
import type { Clock } from "../lib/clock";
import { control, nodeBackend, post } from "./bridge";
import { PASSWORD, type Fixture } from "./seed";
import { core } from "./setup";

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(id: unknown) {
    this.timers = this.timers.filter((t) => t.id !== id);
  }
  /** Move time forward, running due timers in order. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
  get pending() {
    return this.timers.length;
  }
}

export const DEMO_PASSWORD = PASSWORD;

export interface Call {
  method: string;
  params: Record<string, unknown>;
}

/** The real core behind the screens under test, through the development bridge. */
export class Core {
  /** Every call the screens made since `freshApp`. */
  calls: Call[] = [];
  pending = new Set<Promise<unknown>>();
  readonly fixture: Fixture = inject("coreFixture");
  private backend: Backend;

  constructor(url: string, token: string) {
    const real = nodeBackend({ url, token });
    this.backend = {
      call: (method, params) => {
        this.calls.push({ method, params });
        const p = real.call(method, params);
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p)).catch(() => undefined);
        return p;
      },
    };
    setBackend(this.backend);
  }

  /** Call the core directly (arranging a state; not counted in `calls`). */
  async call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return (await nodeBackend(core.bridge!).call(method, params)) as T;
  }

  /** A household id by case number, a person id by name (from the seed). */
  hid(caseNumber: string): number {
    const id = this.fixture.households[caseNumber];
    if (id === undefined) throw new Error(`no household ${caseNumber} in the seed`);
    return id;
  }
  pid(name: string): number {
    const id = this.fixture.persons[name];
    if (id === undefined) throw new Error(`no person ${name} in the seed`);
    return id;
  }
  called(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }
  /** What the next prints do on the bridge's stand-in printer: null prints, a message fails. */
  printScript(outcomes: (string | null)[]): Promise<void> {
    return control(core.bridge!, "/dev/print_script", { outcomes });
  }
  /** The stand-in printer lists no printer (a PC without one) until the next `freshApp`. */
  noPrinters(): Promise<void> {
    return control(core.bridge!, "/dev/no_printers");
  }
  /** Wait until no background job of the core is running. */
  waitJobs(): Promise<void> {
    return control(core.bridge!, "/dev/wait_jobs");
  }
}

let current: Core | null = null;
/** Taken before any test fakes the timers: waiting for the core is real I/O. */
const realSetImmediate = globalThis.setImmediate;

/** A fresh copy of the seeded office and fresh app state, logged in as `user` (or logged out with
 * null). Every test starts from the same database. */
export async function freshApp(user: string | null = "admin", password = DEMO_PASSWORD): Promise<Core> {
  const b = core.bridge;
  if (!b) throw new Error("the development bridge is not running (src/test/setup.ts)");
  await control(b, "/dev/reset");
  const c = new Core(b.url, b.token);
  current = c;
  clearEscapes();
  app.info = (await c.call("app_info")) as never;
  app.session = null;
  app.locked = false;
  app.history = [];
  app.route = { name: "home" };
  app.confirm = null;
  app.notice = "";
  app.lastSearch = null;
  if (user) app.session = await c.call("login", { user_id: user, password });
  return c;
}

/** A fresh desk on a PC with no office database (the first-run setup), logged out; `dir` is an
 * empty folder the test may give as the office's data and backup folders. */
export async function freshFirstRun(): Promise<{ core: Core; dir: string }> {
  const b = core.bridge;
  if (!b) throw new Error("the development bridge is not running (src/test/setup.ts)");
  const r = await post(b, "/dev/reset_first_run", {});
  if (r.status !== 200) throw new Error(`/dev/reset_first_run: HTTP ${r.status}`);
  const dir = (r.json as { ok: { dir: string } }).ok.dir;
  const c = new Core(b.url, b.token);
  current = c;
  clearEscapes();
  app.info = (await c.call("app_info")) as never;
  app.session = null;
  app.locked = false;
  app.history = [];
  app.route = { name: "home" };
  app.confirm = null;
  app.notice = "";
  return { core: c, dir };
}

import { fireEvent } from "@testing-library/svelte";
import { tick } from "svelte";

/** Let the screens' calls to the core finish and Svelte update: `rounds` quiet rounds, waiting
 * for every call in flight (a call can start another). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0, guard = 0; i < rounds && guard < 200; guard++) {
    await Promise.resolve();
    await tick();
    const pending = current ? [...current.pending] : [];
    if (pending.length) {
      await Promise.allSettled(pending);
      await new Promise((r) => realSetImmediate(r));
      continue;
    }
    i++;
  }
}

/** In the case-access dialog (another caseworker's household): choose a reason and open. */
export async function giveCaseReason(kind = "counter", note = ""): Promise<void> {
  const radio = document.querySelector<HTMLInputElement>(`input[name="case-access-reason"][value="${kind}"]`);
  if (!radio) throw new Error("the case-access dialog is not open");
  await fireEvent.click(radio);
  if (note) await fireEvent.input(document.getElementById("case-access-note")!, { target: { value: note } });
  await fireEvent.submit(document.getElementById("case-access-submit")!.closest("form")!);
  await settle();
}
