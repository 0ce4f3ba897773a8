import { setBackend } from "../lib/api";
import { app } from "../lib/app.svelte";
import { clearEscapes } from "../lib/escape";
import { MockBackend } from "../lib/mock";
import type { Clock } from "../lib/clock";

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

export const DEMO_PASSWORD = "midori-Demo-26";

/** Fresh mock backend + app state, logged in as `user` (or logged out with null). */
export async function freshApp(user: string | null = "admin"): Promise<MockBackend> {
  const mock = new MockBackend({ today: "2025-06-02" });
  setBackend(mock);
  clearEscapes();
  app.info = { version: "test", db_path: ":memory:", office_name: "みどり町福祉事務所", is_demo: true };
  app.session = null;
  app.locked = false;
  app.history = [];
  app.route = { name: "home" };
  app.confirm = null;
  app.notice = "";
  if (user) {
    app.session = (await mock.call("login", { user_id: user, password: DEMO_PASSWORD })) as never;
  }
  mock.calls = [];
  return mock;
}

import { tick } from "svelte";

/** Let pending promises (mock calls) and Svelte updates run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve();
    await tick();
  }
}
