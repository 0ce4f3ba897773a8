import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "../test/helpers";
import { IdleLock } from "./idle";

const MIN = 60_000;

function setup(minutes = 10) {
  const clock = new FakeClock();
  const onIdle = vi.fn();
  const lock = new IdleLock({ minutes, onIdle, clock });
  lock.start();
  return { clock, onIdle, lock };
}

describe("IdleLock", () => {
  it("fires after N minutes without activity, not before", () => {
    const { clock, onIdle } = setup(10);
    clock.advance(10 * MIN - 1);
    expect(onIdle).not.toHaveBeenCalled();
    clock.advance(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("activity restarts the countdown", () => {
    const { clock, onIdle, lock } = setup(10);
    clock.advance(9 * MIN);
    lock.activity();
    clock.advance(9 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
    lock.activity();
    clock.advance(10 * MIN - 1);
    expect(onIdle).not.toHaveBeenCalled();
    clock.advance(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("does not pile up timers on every mouse move", () => {
    const { clock, lock } = setup(10);
    for (let i = 0; i < 1000; i++) {
      clock.advance(100);
      lock.activity();
    }
    expect(clock.pending).toBe(1);
  });

  it("fires once, then stays quiet while locked, whatever happens", () => {
    const { clock, onIdle, lock } = setup(5);
    clock.advance(5 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(lock.isLocked).toBe(true);
    lock.activity(); // typing on the lock screen
    clock.advance(60 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(clock.pending).toBe(0);
  });

  it("a fresh countdown starts after unlocking", () => {
    const { clock, onIdle, lock } = setup(5);
    clock.advance(5 * MIN);
    clock.advance(30 * MIN);
    lock.setLocked(false);
    clock.advance(5 * MIN - 1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    clock.advance(1);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it("locking by hand disables the timer", () => {
    const { clock, onIdle, lock } = setup(5);
    lock.setLocked(true);
    clock.advance(20 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it("a changed limit counts from the last activity", () => {
    const { clock, onIdle, lock } = setup(10);
    clock.advance(4 * MIN);
    lock.setMinutes(5);
    clock.advance(MIN - 1);
    expect(onIdle).not.toHaveBeenCalled();
    clock.advance(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("0 minutes disables it; stop() cancels", () => {
    const a = setup(0);
    a.clock.advance(600 * MIN);
    expect(a.onIdle).not.toHaveBeenCalled();
    const b = setup(5);
    b.lock.stop();
    b.clock.advance(600 * MIN);
    expect(b.onIdle).not.toHaveBeenCalled();
  });
});
