import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "../test/helpers";
import { LiveSearch } from "./search";

/** A fetch whose answers the test releases one by one, in any order. */
function controlledFetch() {
  const pending: { query: string; resolve: (r: string[]) => void }[] = [];
  const fetch = vi.fn(
    (query: string) =>
      new Promise<string[]>((resolve) => {
        pending.push({ query, resolve });
      }),
  );
  const answer = (query: string) => {
    const p = pending.find((x) => x.query === query)!;
    p.resolve([`${query}の結果`]);
  };
  return { fetch, answer };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("LiveSearch", () => {
  it("waits for typing to pause before searching (debounce)", async () => {
    const clock = new FakeClock();
    const { fetch, answer } = controlledFetch();
    const onResults = vi.fn();
    const s = new LiveSearch({ fetch, onResults, clock, delayMs: 120 });
    s.input("山");
    clock.advance(50);
    s.input("山本");
    clock.advance(50);
    s.input("山本 和");
    clock.advance(119);
    expect(fetch).not.toHaveBeenCalled();
    clock.advance(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith("山本 和");
    answer("山本 和");
    await flush();
    expect(onResults).toHaveBeenCalledWith("山本 和", ["山本 和の結果"]);
  });

  it("ignores a slow answer to an older query that arrives after a newer one", async () => {
    const clock = new FakeClock();
    const { fetch, answer } = controlledFetch();
    const shown: string[] = [];
    const s = new LiveSearch<string>({ fetch, onResults: (q) => shown.push(q), clock, delayMs: 120 });
    s.input("山");
    clock.advance(120); // search for 山 goes out
    s.input("山口");
    clock.advance(120); // search for 山口 goes out
    answer("山口");
    await flush();
    answer("山"); // the old, slow one comes back last
    await flush();
    expect(shown).toEqual(["山口"]);
  });

  it("a stale answer is dropped even if the newer query has not answered yet", async () => {
    const clock = new FakeClock();
    const { fetch, answer } = controlledFetch();
    const onResults = vi.fn();
    const s = new LiveSearch<string>({ fetch, onResults, clock, delayMs: 120 });
    s.input("田");
    clock.advance(120);
    s.input("田中");
    answer("田"); // answered while the user is still typing
    await flush();
    expect(onResults).not.toHaveBeenCalled();
  });

  it("clearing the box empties the results at once and cancels a pending search", async () => {
    const clock = new FakeClock();
    const { fetch } = controlledFetch();
    const onResults = vi.fn();
    const s = new LiveSearch<string>({ fetch, onResults, clock, delayMs: 120 });
    s.input("山");
    s.input("  ");
    expect(onResults).toHaveBeenCalledWith("", []);
    clock.advance(500);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("flush() searches immediately (Enter before the pause)", async () => {
    const clock = new FakeClock();
    const fetch = vi.fn(async (q: string) => [q]);
    const onResults = vi.fn();
    const s = new LiveSearch<string>({ fetch, onResults, clock, delayMs: 120 });
    s.input("2025-0001");
    await s.flush("2025-0001");
    expect(onResults).toHaveBeenCalledWith("2025-0001", ["2025-0001"]);
    clock.advance(500);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
