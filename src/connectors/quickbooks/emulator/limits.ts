/**
 * Per-realm throttles of the QBO contract: 500 requests per minute, 10 per second, 10 in flight.
 * Windows slide over the requests that were let in; a request over any allowance is refused with
 * 429 and counted as a violation (the client was not pacing itself).
 */
export interface RateLimits {
  readonly perMinute: number;
  readonly perSecond: number;
  readonly concurrent: number;
}

export const QBO_RATE_LIMITS: RateLimits = { perMinute: 500, perSecond: 10, concurrent: 10 };

interface RealmWindow {
  /** Admission times (ms), oldest first, kept for one minute. */
  readonly times: number[];
  inFlight: number;
}

export type Admission = { readonly ok: true; release(): void } | { readonly ok: false; readonly reason: string };

export function createRealmLimiter(limits: RateLimits, now: () => number) {
  const realms = new Map<string, RealmWindow>();
  return {
    enter(realm: string): Admission {
      const t = now();
      let w = realms.get(realm);
      if (!w) {
        w = { times: [], inFlight: 0 };
        realms.set(realm, w);
      }
      while (w.times.length > 0 && (w.times[0] ?? 0) <= t - 60_000) w.times.shift();
      let lastSecond = 0;
      for (let i = w.times.length - 1; i >= 0 && (w.times[i] ?? 0) > t - 1_000; i--) lastSecond++;
      if (w.times.length >= limits.perMinute) return { ok: false, reason: 'per-minute' };
      if (lastSecond >= limits.perSecond) return { ok: false, reason: 'per-second' };
      if (w.inFlight >= limits.concurrent) return { ok: false, reason: 'concurrent' };
      w.times.push(t);
      w.inFlight += 1;
      const window = w;
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          window.inFlight -= 1;
        },
      };
    },
  };
}
