import type { Clock } from '../../../ports/clock.js';
import type { Lease, RateLimitRule, SharedState, TakeResult } from '../../../ports/shared-state.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface Held {
  owner: string;
  token: number;
  expiresAt: number;
}

const wallClock: Pick<Clock, 'now'> = { now: () => Date.now() };

/**
 * Shared state for the embedded profile: one process, so maps suffice. Semantics match the Redis
 * adapter (token buckets, leases with fencing tokens, values with TTL); the contract suite checks both.
 */
export function createMemorySharedState(clock: Pick<Clock, 'now'> = wallClock): SharedState {
  const buckets = new Map<string, Bucket>();
  const leases = new Map<string, Held>();
  const fencing = new Map<string, number>();
  const values = new Map<string, { value: string; expiresAt: number }>();

  function refill(key: string, rule: RateLimitRule, now: number): Bucket {
    const b = buckets.get(key) ?? { tokens: rule.capacity, updatedAt: now };
    const elapsed = Math.max(0, now - b.updatedAt) / 1000;
    b.tokens = Math.min(rule.capacity, b.tokens + elapsed * rule.refillPerSecond);
    b.updatedAt = now;
    buckets.set(key, b);
    return b;
  }

  return {
    async take(key: string, rule: RateLimitRule, cost = 1): Promise<TakeResult> {
      const now = clock.now();
      const b = refill(key, rule, now);
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return { granted: true, waitMs: 0 };
      }
      const waitMs = Math.ceil(((cost - b.tokens) / rule.refillPerSecond) * 1000);
      return { granted: false, waitMs: Math.max(1, waitMs) };
    },

    async acquire(key: string, owner: string, ttlMs: number): Promise<Lease | null> {
      const now = clock.now();
      const held = leases.get(key);
      if (held && held.expiresAt > now && held.owner !== owner) return null;
      const token = (fencing.get(key) ?? 0) + 1;
      fencing.set(key, token);
      const expiresAt = now + ttlMs;
      leases.set(key, { owner, token, expiresAt });
      return { key, owner, fencingToken: token, expiresAt };
    },

    async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
      const now = clock.now();
      const held = leases.get(lease.key);
      if (!held || held.token !== lease.fencingToken || held.expiresAt <= now) return null;
      held.expiresAt = now + ttlMs;
      return { ...lease, expiresAt: held.expiresAt };
    },

    async release(lease: Lease): Promise<void> {
      const held = leases.get(lease.key);
      if (held && held.token === lease.fencingToken) leases.delete(lease.key);
    },

    async isCurrent(key: string, token: number): Promise<boolean> {
      return (fencing.get(key) ?? 0) === token;
    },

    async getValue(key: string): Promise<string | null> {
      const v = values.get(key);
      if (!v) return null;
      if (v.expiresAt <= clock.now()) {
        values.delete(key);
        return null;
      }
      return v.value;
    },

    async setValue(key: string, value: string, ttlMs?: number): Promise<void> {
      values.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : clock.now() + ttlMs });
    },

    async close(): Promise<void> {
      buckets.clear();
      leases.clear();
      values.clear();
    },
  };
}
