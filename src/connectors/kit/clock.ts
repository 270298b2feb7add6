import type { Clock } from '../../ports/clock.js';

/** The real clock. Everything else takes a Clock so tests can pass a fake and never sleep. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface FakeClock extends Clock {
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[];
  advance(ms: number): void;
}

/**
 * A clock for tests: `sleep` advances time at once by the amount asked and resolves on the next
 * microtask, so retry and rate-limit code runs its real waits in no wall time, deterministically.
 */
export function createFakeClock(startMs = Date.UTC(2026, 0, 1)): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    async sleep(ms: number, signal?: AbortSignal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
  };
}
