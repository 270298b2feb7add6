import type { Clock } from '../../ports/clock.js';

export interface CallLimit {
  readonly used: number;
  readonly size: number;
}

/** Reads `X-Shopify-Shop-Api-Call-Limit: 32/40`; null when absent or unreadable. */
export function parseCallLimit(value: string | undefined): CallLimit | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value ?? '');
  if (!m) return null;
  const used = Number(m[1]);
  const size = Number(m[2]);
  return size > 0 ? { used, size } : null;
}

export interface CallLimitPacer {
  observe(header: string | undefined): void;
  /** Sleeps (on the clock) until the shop's bucket, as last reported and drained since, has room. */
  wait(signal?: AbortSignal): Promise<number>;
}

/**
 * Paces on what the shop reports. The shared token bucket already spaces our own requests, but it
 * starts full while the shop's bucket may not be (a previous run, another worker, another process
 * of the same app). After each response we know `used/size`; the bucket leaks `leakPerSecond`,
 * so before the next request we wait until the estimate is `headroom` calls below the top.
 */
export function createCallLimitPacer(clock: Clock, leakPerSecond: number, headroom = 2): CallLimitPacer {
  let last: { limit: CallLimit; at: number } | null = null;
  return {
    observe(header) {
      const limit = parseCallLimit(header);
      if (limit) last = { limit, at: clock.now() };
    },
    async wait(signal) {
      if (!last) return 0;
      const drained = ((clock.now() - last.at) / 1000) * leakPerSecond;
      const estimate = Math.max(0, last.limit.used - drained);
      const allowed = last.limit.size - headroom - 1;
      if (estimate <= allowed) return 0;
      const waitMs = Math.ceil(((estimate - allowed) / leakPerSecond) * 1000);
      await clock.sleep(waitMs, signal);
      return waitMs;
    },
  };
}
