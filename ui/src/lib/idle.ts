// Idle lock timer: calls onIdle once after `minutes` without activity.
// Activity only records a timestamp (cheap enough for mousemove); the single pending timer
// re-arms itself for the remaining time when it fires early. Disabled while locked.

import { systemClock, type Clock, type TimerHandle } from "./clock";

export interface IdleLockOptions {
  minutes: number;
  onIdle: () => void;
  clock?: Clock;
}

export class IdleLock {
  private clock: Clock;
  private timeoutMs: number;
  private onIdle: () => void;
  private last = 0;
  private timer: TimerHandle | null = null;
  private locked = false;
  private running = false;

  constructor(opts: IdleLockOptions) {
    this.clock = opts.clock ?? systemClock;
    this.onIdle = opts.onIdle;
    this.timeoutMs = IdleLock.toMs(opts.minutes);
  }

  private static toMs(minutes: number): number {
    return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
  }

  /** Start counting from now. */
  start(): void {
    this.running = true;
    this.last = this.clock.now();
    this.arm(this.timeoutMs);
  }

  stop(): void {
    this.running = false;
    this.disarm();
  }

  /** Keyboard or mouse activity: the countdown restarts. Ignored while locked. */
  activity(): void {
    if (!this.running || this.locked) return;
    this.last = this.clock.now();
    if (this.timer === null) this.arm(this.timeoutMs);
  }

  /** While locked the timer does nothing; unlocking starts a fresh countdown. */
  setLocked(locked: boolean): void {
    this.locked = locked;
    if (locked) {
      this.disarm();
    } else if (this.running) {
      this.last = this.clock.now();
      this.arm(this.timeoutMs);
    }
  }

  /** Change the limit (e.g. after 事務所設定 is saved). 0 or less disables the lock. */
  setMinutes(minutes: number): void {
    this.timeoutMs = IdleLock.toMs(minutes);
    if (this.running && !this.locked) {
      this.disarm();
      const remaining = this.timeoutMs - (this.clock.now() - this.last);
      this.arm(Math.max(remaining, 0));
    }
  }

  get isLocked(): boolean {
    return this.locked;
  }

  private arm(ms: number): void {
    this.disarm();
    if (this.timeoutMs <= 0) return;
    this.timer = this.clock.setTimeout(() => this.fire(), ms);
  }

  private disarm(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private fire(): void {
    this.timer = null;
    if (!this.running || this.locked || this.timeoutMs <= 0) return;
    const idleFor = this.clock.now() - this.last;
    if (idleFor >= this.timeoutMs) {
      this.locked = true;
      this.onIdle();
    } else {
      this.arm(this.timeoutMs - idleFor);
    }
  }
}
