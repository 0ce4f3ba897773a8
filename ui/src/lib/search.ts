// Search-as-you-type: debounce keystrokes, and show only the answer to the latest query
// (a slow answer to an older query that arrives late is dropped).

import { systemClock, type Clock, type TimerHandle } from "./clock";

export interface LiveSearchOptions<T> {
  fetch: (query: string) => Promise<T[]>;
  /** Called with the query the results belong to. */
  onResults: (query: string, results: T[]) => void;
  onError?: (query: string, error: unknown) => void;
  onPending?: (pending: boolean) => void;
  delayMs?: number;
  clock?: Clock;
}

export class LiveSearch<T> {
  private seq = 0;
  private timer: TimerHandle | null = null;
  private opts: LiveSearchOptions<T>;
  private clock: Clock;
  private delay: number;

  constructor(opts: LiveSearchOptions<T>) {
    this.opts = opts;
    this.clock = opts.clock ?? systemClock;
    this.delay = opts.delayMs ?? 120;
  }

  /** The text in the box changed. */
  input(raw: string): void {
    const query = raw.trim();
    const mySeq = ++this.seq;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (query === "") {
      this.opts.onPending?.(false);
      this.opts.onResults("", []);
      return;
    }
    this.opts.onPending?.(true);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.run(query, mySeq);
    }, this.delay);
  }

  /** Search now (Enter pressed before the debounce ran, or a refresh). */
  flush(raw: string): Promise<void> {
    const query = raw.trim();
    const mySeq = ++this.seq;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (query === "") {
      this.opts.onResults("", []);
      return Promise.resolve();
    }
    return this.run(query, mySeq);
  }

  cancel(): void {
    this.seq++;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.opts.onPending?.(false);
  }

  private async run(query: string, mySeq: number): Promise<void> {
    try {
      const results = await this.opts.fetch(query);
      if (mySeq !== this.seq) return; // stale
      this.opts.onPending?.(false);
      this.opts.onResults(query, results);
    } catch (e) {
      if (mySeq !== this.seq) return;
      this.opts.onPending?.(false);
      this.opts.onError?.(query, e);
    }
  }
}
