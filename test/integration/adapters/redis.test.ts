import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisSharedState, redisKeys } from '../../../src/adapters/shared-state/redis/shared-state.js';
import { silentLogger } from '../../../src/log/logger.js';
import { describeSharedStateContract } from '../../contract/shared-state.contract.js';
import { waitFor } from '../../support/deadline.js';
import { realClock } from '../../support/fake-clock.js';

/**
 * The shared-state contract on Redis, under a key prefix unique to this run (deleted afterwards).
 * A missing LP_TEST_REDIS_URL fails the run unless LP_ADAPTERS leaves redis out.
 */
const ADAPTER = 'redis';
const ENV = 'LP_TEST_REDIS_URL';
// Destructured: tsc wants env[...] and Biome wants env.X; both accept this.
const { LP_ADAPTERS: adapters = '', LP_TEST_REDIS_URL: baseUrl } = process.env;
const only = adapters
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

if (only.length > 0 && !only.includes(ADAPTER)) {
  describe.skip(`${ADAPTER} (left out by LP_ADAPTERS=${only.join(',')})`, () => {
    it('is not run', () => {});
  });
} else if (!baseUrl) {
  describe(ADAPTER, () => {
    it(`needs ${ENV}`, () => {
      throw new Error(
        `${ENV} is not set: run \`eval "$(scripts/services --print-env)"\` (starts Redis) or set it, ` +
          `or leave ${ADAPTER} out with LP_ADAPTERS=sqlite,memory`,
      );
    });
  });
} else {
  const deps = { logger: silentLogger(), clock: realClock };
  const prefix = `lp:test:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
  const url = new URL(baseUrl);
  url.searchParams.set('prefix', prefix);
  const open = () => createRedisSharedState(url, deps);

  afterAll(async () => {
    const redis = new Redis(baseUrl);
    try {
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (found.length) await redis.del(...found);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
  });

  describeSharedStateContract(ADAPTER, open);

  describe('Redis shared state specifics', () => {
    it('refuses a paused holder whose lease expired: no renew, and its fencing token is stale', async () => {
      const s = await open();
      const raw = new Redis(baseUrl);
      try {
        const key = `paused-${Date.now()}`;
        const a = await s.acquire(key, 'worker-a', 50);
        if (!a) throw new Error('no lease');
        // worker-a "pauses" (GC, swap, a stopped VM) past its ttl; Redis lets the lease lapse.
        await waitFor(async () => (await raw.exists(redisKeys(prefix, key).lease)) === 0, { what: 'lease expiry' });
        expect(await s.renew(a, 10_000)).toBeNull();
        // Nobody else wrote yet, so a's token is still the newest grant; then worker-b takes over.
        expect(await s.isCurrent(key, a.fencingToken)).toBe(true);
        const b = await s.acquire(key, 'worker-b', 10_000);
        expect(b?.fencingToken).toBeGreaterThan(a.fencingToken);
        // worker-a wakes up: its renew and its writes (fencing check) are refused; its release is a no-op.
        expect(await s.renew(a, 10_000)).toBeNull();
        expect(await s.isCurrent(key, a.fencingToken)).toBe(false);
        await s.release(a);
        expect(await s.isCurrent(key, b?.fencingToken ?? -1)).toBe(true);
        expect(await s.acquire(key, 'worker-a', 10_000)).toBeNull();
      } finally {
        await raw.quit();
        await s.close();
      }
    });

    it('keeps fencing tokens rising when Redis loses the counter', async () => {
      const s = await open();
      const raw = new Redis(baseUrl);
      try {
        const key = `lost-${Date.now()}`;
        const a = await s.acquire(key, 'a', 10_000);
        if (!a) throw new Error('no lease');
        await s.release(a);
        // As after a restart without persistence: counter and lease are gone.
        await raw.del(redisKeys(prefix, key).fence, redisKeys(prefix, key).lease);
        // The guarantee holds for grants more than a millisecond apart (of the Redis clock).
        await waitFor(async () => {
          const [sec, micro] = await raw.time();
          return Number(sec) * 1000 + Math.floor(Number(micro) / 1000) > a.fencingToken;
        });
        const b = await s.acquire(key, 'b', 10_000);
        expect(b?.fencingToken).toBeGreaterThan(a.fencingToken);
        expect(await s.isCurrent(key, a.fencingToken)).toBe(false);
      } finally {
        await raw.quit();
        await s.close();
      }
    });

    it('shares one token bucket between clients, atomically', async () => {
      const clients = await Promise.all([open(), open(), open()]);
      try {
        const key = `bucket-${Date.now()}`;
        const rule = { capacity: 10, refillPerSecond: 0.001 };
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => (clients[i % 3] ?? clients[0])?.take(key, rule)),
        );
        expect(results.filter((r) => r?.granted)).toHaveLength(10);
        const refused = results.filter((r) => r && !r.granted);
        expect(refused).toHaveLength(20);
        // A refill of one token per 1000 s: the wait says so instead of inviting a busy loop.
        expect(Math.min(...refused.map((r) => r?.waitMs ?? 0))).toBeGreaterThan(900_000);
        const never = await clients[0]?.take(`${key}-frozen`, { capacity: 1, refillPerSecond: 0 }, 2);
        expect(never).toEqual({ granted: false, waitMs: Number.POSITIVE_INFINITY });
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });

    it('expires cached values after their ttl', async () => {
      const s = await open();
      try {
        await s.setValue('short', 'v', 20);
        expect(await s.getValue('short')).toBe('v');
        await waitFor(async () => (await s.getValue('short')) === null, { what: 'value expiry' });
      } finally {
        await s.close();
      }
    });
  });
}
