import type { Clock } from '../../src/ports/clock.js';

/** A clock tests move by hand; sleep resolves when time is advanced past it. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  const sleepers: { until: number; resolve: () => void }[] = [];
  return {
    now: () => now,
    sleep(ms: number) {
      return new Promise<void>((resolve) => {
        sleepers.push({ until: now + ms, resolve });
      });
    },
    advance(ms: number) {
      now += ms;
      for (const s of sleepers.splice(0)) {
        if (s.until <= now) s.resolve();
        else sleepers.push(s);
      }
    },
  };
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
};
