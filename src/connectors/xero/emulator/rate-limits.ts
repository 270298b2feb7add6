import type { XeroLimits } from '../api.js';

export type LimitProblem = 'minute' | 'day' | 'appminute' | 'concurrent';

export interface Admission {
  readonly ok: boolean;
  readonly problem?: LimitProblem;
  /** Seconds until the request would be allowed (Retry-After). */
  readonly retryAfterS?: number;
  readonly headers: Record<string, string>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Timestamps of admitted requests within a rolling window (oldest first). */
class RollingWindow {
  private readonly times: number[] = [];
  private head = 0;
  constructor(private readonly windowMs: number) {}
  count(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  add(now: number): void {
    this.times.push(now);
  }
  /** When the oldest admitted request leaves the window. */
  freesAt(): number {
    return (this.times[this.head] ?? 0) + this.windowMs;
  }
}

/**
 * Xero's allowances as the API applies them (contract §6): per tenant 60 calls in any rolling
 * minute, 5 000 in any rolling 24 h and 5 in flight; 10 000 per rolling minute for the whole app.
 * Only admitted requests use the allowance. Every answer carries the remaining counts.
 */
export function createRateLimits(limits: XeroLimits, now: () => number) {
  const minute = new Map<string, RollingWindow>();
  const day = new Map<string, RollingWindow>();
  const inFlight = new Map<string, number>();
  const app = new RollingWindow(MINUTE_MS);

  const windowOf = (map: Map<string, RollingWindow>, tenant: string, ms: number): RollingWindow => {
    let w = map.get(tenant);
    if (!w) {
      w = new RollingWindow(ms);
      map.set(tenant, w);
    }
    return w;
  };

  function headers(tenant: string, t: number): Record<string, string> {
    return {
      'X-DayLimit-Remaining': String(Math.max(0, limits.perDay - windowOf(day, tenant, DAY_MS).count(t))),
      'X-MinLimit-Remaining': String(Math.max(0, limits.perMinute - windowOf(minute, tenant, MINUTE_MS).count(t))),
      'X-AppMinLimit-Remaining': String(Math.max(0, limits.appPerMinute - app.count(t))),
    };
  }

  const refuse = (problem: LimitProblem, freesAt: number, tenant: string, t: number): Admission => ({
    ok: false,
    problem,
    retryAfterS: Math.max(1, Math.ceil((freesAt - t) / 1000)),
    headers: headers(tenant, t),
  });

  return {
    /** Admits a request (counting it) or says which allowance it is over. */
    admit(tenant: string): Admission {
      const t = now();
      const m = windowOf(minute, tenant, MINUTE_MS);
      const d = windowOf(day, tenant, DAY_MS);
      if ((inFlight.get(tenant) ?? 0) >= limits.concurrent) return refuse('concurrent', t + 1000, tenant, t);
      if (m.count(t) >= limits.perMinute) return refuse('minute', m.freesAt(), tenant, t);
      if (d.count(t) >= limits.perDay) return refuse('day', d.freesAt(), tenant, t);
      if (app.count(t) >= limits.appPerMinute) return refuse('appminute', app.freesAt(), tenant, t);
      m.add(t);
      d.add(t);
      app.add(t);
      return { ok: true, headers: headers(tenant, t) };
    },
    /** Remaining counts without admitting anything (for answers refused before admission). */
    headers: (tenant: string) => headers(tenant, now()),
    enter(tenant: string): void {
      inFlight.set(tenant, (inFlight.get(tenant) ?? 0) + 1);
    },
    leave(tenant: string): void {
      inFlight.set(tenant, Math.max(0, (inFlight.get(tenant) ?? 0) - 1));
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
