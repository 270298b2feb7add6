/**
 * Shopify's REST limit: a bucket per app × shop that each request fills by one and that leaks at a
 * steady rate (Standard plan: 40 deep, 2 per second). A request that finds it full is refused with
 * 429 and does not fill it. Time is real (requests arrive in real time), read from `nowMs`.
 */
export interface LeakyBucket {
  /** Adds one call if there is room; returns the level to report and whether it was admitted. */
  admit(): { admitted: boolean; used: number; size: number };
}

export function createLeakyBucket(size: number, leakPerSecond: number, nowMs: () => number): LeakyBucket {
  let level = 0;
  let at = nowMs();
  return {
    admit() {
      const now = nowMs();
      level = Math.max(0, level - ((now - at) / 1000) * leakPerSecond);
      at = now;
      if (level + 1 > size + 1e-9) return { admitted: false, used: size, size };
      level += 1;
      return { admitted: true, used: Math.min(size, Math.ceil(level - 1e-9)), size };
    },
  };
}
