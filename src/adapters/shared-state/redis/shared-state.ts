import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { TransientError } from '../../../errors/index.js';
import type { AdapterDeps } from '../../../ports/deps.js';
import type { Lease, RateLimitRule, SharedState, TakeResult } from '../../../ports/shared-state.js';
import { ACQUIRE, RELEASE, RENEW, TAKE } from './scripts.js';

/**
 * Key layout under the prefix. Lease and fencing counter share a hash tag so a Redis Cluster keeps
 * them in one slot (a script may only touch keys of one slot).
 */
export function redisKeys(prefix: string, key: string) {
  return {
    bucket: `${prefix}bucket:${key}`,
    lease: `${prefix}lease:{${key}}`,
    fence: `${prefix}fence:{${key}}`,
    value: `${prefix}value:${key}`,
  };
}

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const SCRIPTS = { take: script(TAKE), acquire: script(ACQUIRE), renew: script(RENEW), release: script(RELEASE) };

/** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
async function run(redis: Redis, s: Script, keys: readonly string[], args: readonly (string | number)[]) {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(s.source, keys.length, ...keys, ...args);
  }
}

/**
 * `redis://host:6379/0?prefix=lp:`. Rate-limit buckets, leases with fencing tokens and cached
 * values shared by every worker of the distributed profile; the contract suite holds it to the
 * memory adapter's semantics.
 */
export async function createRedisSharedState(url: URL, deps: AdapterDeps): Promise<SharedState> {
  const prefix = url.searchParams.get('prefix') ?? 'lp:';
  const connection = new URL(url);
  connection.searchParams.delete('prefix');
  const redis = new Redis(connection.href, {
    lazyConnect: true,
    connectTimeout: 5_000,
    // While disconnected, commands wait for a reconnect, but give up after three attempts instead of hanging.
    maxRetriesPerRequest: 3,
  });
  redis.on('error', (err: Error) => deps.logger.warn({ err: err.message }, 'redis connection error'));
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    throw new TransientError('LP_TRANSIENT_SHARED_STATE', `cannot reach Redis at ${connection.host}`, {}, { cause });
  }

  const keys = (key: string) => redisKeys(prefix, key);
  async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      throw new TransientError('LP_TRANSIENT_SHARED_STATE', `redis ${what} failed`, {}, { cause });
    }
  }

  return {
    take(key: string, rule: RateLimitRule, cost = 1): Promise<TakeResult> {
      return guard('take', async () => {
        const [granted, wait] = (await run(
          redis,
          SCRIPTS.take,
          [keys(key).bucket],
          [rule.capacity, rule.refillPerSecond, cost],
        )) as [number, number];
        return { granted: granted === 1, waitMs: wait < 0 ? Number.POSITIVE_INFINITY : wait };
      });
    },

    acquire(key: string, owner: string, ttlMs: number): Promise<Lease | null> {
      return guard('acquire', async () => {
        // Taken before the call: the holder's idea of the expiry is never later than Redis's.
        const start = deps.clock.now();
        const k = keys(key);
        const token = Number(await run(redis, SCRIPTS.acquire, [k.lease, k.fence], [owner, ttl(ttlMs)]));
        return token > 0 ? { key, owner, fencingToken: token, expiresAt: start + ttlMs } : null;
      });
    },

    renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
      return guard('renew', async () => {
        const start = deps.clock.now();
        const held = `${lease.fencingToken}:${lease.owner}`;
        const ok = await run(redis, SCRIPTS.renew, [keys(lease.key).lease], [held, ttl(ttlMs)]);
        return ok === 1 ? { ...lease, expiresAt: start + ttlMs } : null;
      });
    },

    release(lease: Lease): Promise<void> {
      return guard('release', async () => {
        await run(redis, SCRIPTS.release, [keys(lease.key).lease], [`${lease.fencingToken}:${lease.owner}`]);
      });
    },

    isCurrent(key: string, token: number): Promise<boolean> {
      return guard('isCurrent', async () => Number(await redis.get(keys(key).fence)) === token);
    },

    getValue(key: string): Promise<string | null> {
      return guard('getValue', () => redis.get(keys(key).value));
    },

    setValue(key: string, value: string, ttlMs?: number): Promise<void> {
      return guard('setValue', async () => {
        if (ttlMs === undefined) await redis.set(keys(key).value, value);
        else await redis.set(keys(key).value, value, 'PX', ttl(ttlMs));
      });
    },

    async close(): Promise<void> {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}

/** PX needs a positive integer. */
function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
