import type { Clock } from '../../ports/clock.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface Breaker {
  /** Null when a request may go out; otherwise the epoch ms at which the breaker half-opens. */
  blockedUntil(): number | null;
  success(): void;
  failure(): void;
  state(): BreakerState;
}

/**
 * A consecutive-failure circuit breaker on an injected clock.
 *
 * Hand-written rather than opossum: opossum trips on an error *percentage* over a rolling window
 * whose buckets and reset timer run on real `setTimeout`/`setInterval`, so it cannot follow a fake
 * clock (tests would have to sleep), it keeps timers alive after a client is dropped, and its
 * `fire()` wrapper would own retries that the kit already does. The contract needs far less:
 * open after N consecutive failures, fail fast until `resetMs` passed, then let one probe through
 * (half-open); a probe success closes, a probe failure re-opens for another `resetMs`.
 */
export function createBreaker(clock: Clock, failureThreshold = 5, resetMs = 30_000): Breaker {
  let failures = 0;
  let openedAt: number | null = null;
  let probing = false;

  const state = (): BreakerState => {
    if (openedAt === null) return 'closed';
    return clock.now() >= openedAt + resetMs ? 'half-open' : 'open';
  };

  return {
    state,
    blockedUntil() {
      const s = state();
      if (s === 'closed' || openedAt === null) return null;
      if (s === 'open') return openedAt + resetMs;
      // Half-open: exactly one probe at a time; concurrent callers wait for its outcome.
      if (probing) return clock.now() + Math.min(resetMs, 1000);
      probing = true;
      return null;
    },
    success() {
      failures = 0;
      openedAt = null;
      probing = false;
    },
    failure() {
      failures += 1;
      if (probing || failures >= failureThreshold) {
        openedAt = clock.now();
        probing = false;
      }
    },
  };
}
