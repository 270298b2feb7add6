import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../adapters/shared-state/memory/shared-state.js';
import { createSqliteStore } from '../adapters/store/sqlite/store.js';
import type { ConnectorDefinition } from '../connectors/kit/define.js';
import { AuthError, RateLimitError, TransientError } from '../errors/index.js';
import { silentLogger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Handler, HandlerResult, OutboundMessage, Queue, QueueStats } from '../ports/queue.js';
import type { Store } from '../ports/store.js';
import { createSecretBox } from '../security/secret-box.js';
import type { Pressure } from './backpressure.js';
import type { Runtime } from './context.js';
import { planSyncs, SYNC_TOPIC, startConnectorRole, syncLags } from './jobs.js';
import { createPrometheusMetrics, type PressureLevel } from './metrics.js';
import { syncConnection } from './runner.js';

const START = Date.UTC(2026, 5, 1);
let now = START;
const sleeps: number[] = [];
const clock: Clock = {
  now: () => now,
  sleep: async (ms) => {
    sleeps.push(ms);
    now += ms;
  },
};

let store: Store;
let rt: Runtime;
const published: { topic: string; messages: readonly OutboundMessage[] }[] = [];
const queue: Queue = {
  capabilities: { deadLetter: true, delayedRetry: true },
  publish: async (topic, messages) => void published.push({ topic, messages }),
  consume: () => ({ stop: async () => {} }),
  stats: async () => ({ ready: 0, inFlight: 0, delayed: 0, dead: 0, oldestAgeMs: 0 }),
  takeDeadLetters: async () => [],
  close: async () => {},
};

const STATS: QueueStats = { ready: 0, inFlight: 0, delayed: 0, dead: 0, oldestAgeMs: 0 };
/** A pressure probe that reports the given levels in turn, then the last one forever. */
function scripted(...levels: PressureLevel[]) {
  let i = 0;
  return async (): Promise<Pressure> => {
    const level = levels[Math.min(i++, levels.length - 1)] ?? 'ok';
    return { level, depth: 0, ageMs: 0, stats: STATS };
  };
}

const jobIds = () => published.flatMap((p) => p.messages.map((m) => m.id));

beforeEach(async () => {
  now = START;
  sleeps.length = 0;
  published.length = 0;
  store = await createSqliteStore(new URL('sqlite::memory:'), { logger: silentLogger(), clock });
  rt = {
    store,
    queue,
    shared: createMemorySharedState(clock),
    logger: silentLogger(),
    clock,
    secrets: createSecretBox(Buffer.alloc(32, 1)),
  };
  for (const id of ['c1', 'c2', 'c3', 'c4']) {
    await store.connections.upsert({
      id,
      platform: 'shopify',
      account: `${id}.myshopify.com`,
      baseUrl: 'http://127.0.0.1:9',
      company: {
        legalName: id,
        naics: '44',
        country: 'US',
        baseCurrency: 'USD',
        timeZone: 'UTC',
        sizeBand: 'small',
      },
      sealedCredentials: null,
      schedule: null,
      createdAt: new Date(START - 3_600_000).toISOString(),
    });
  }
});
afterEach(async () => {
  await store.close();
});

describe('planSyncs', () => {
  it('publishes one job per due connection, and none again while they are claimed', async () => {
    const first = await planSyncs(rt, { minIntervalMs: 60_000, pressure: scripted('ok') });
    expect(first).toEqual({ due: 4, planned: 4, alreadyPlanned: 0, deferred: 0, level: 'ok' });
    expect(published.map((p) => p.topic)).toEqual([SYNC_TOPIC]);
    const bucket = Math.floor(START / 60_000);
    expect(jobIds()).toEqual(['c1', 'c2', 'c3', 'c4'].map((c) => `${c}:${bucket}`));
    expect(published[0]?.messages[0]?.body).toEqual({ connectionId: 'c1', turn: 0, plan: `c1:${bucket}` });

    // Still due (nothing synced yet), but claimed: a second scheduler, or the next round, adds nothing.
    now += 10_000;
    const again = await planSyncs(rt, { minIntervalMs: 60_000 });
    expect(again).toMatchObject({ due: 4, planned: 0, alreadyPlanned: 4 });
    // The claim lapses before the next interval, so a connection whose job got lost is planned again.
    now += 60_000;
    expect((await planSyncs(rt, { minIntervalMs: 60_000 })).planned).toBe(4);
  });

  it('defers everything while the raw queue is paused, and a slow queue gets one batch per round', async () => {
    const metrics = createPrometheusMetrics({ role: 'scheduler', defaultMetrics: false });
    const paused = await planSyncs(rt, { minIntervalMs: 60_000, pressure: scripted('paused'), metrics });
    expect(paused).toMatchObject({ planned: 0, deferred: 4, level: 'paused' });
    expect(published).toEqual([]);

    const slow = await planSyncs(rt, { minIntervalMs: 60_000, pressure: scripted('slow'), slowBatch: 2, metrics });
    expect(slow).toMatchObject({ planned: 2, deferred: 2, level: 'slow' });
    expect(jobIds()).toHaveLength(2);

    const text = await metrics.registry.metrics();
    expect(text).toContain('ledgerpulse_sync_jobs_total{outcome="deferred",role="scheduler"} 6');
    expect(text).toContain('ledgerpulse_sync_jobs_total{outcome="planned",role="scheduler"} 2');
    expect(text).toContain('ledgerpulse_backpressure_level{role="scheduler"} 1');
  });

  it('when draining (scheduler --once), waits out a pause and paces a slow queue, then publishes everything', async () => {
    const report = await planSyncs(rt, {
      minIntervalMs: 60_000,
      pressure: scripted('paused', 'paused', 'slow', 'slow', 'ok'),
      slowBatch: 1,
      stepMs: 500,
      drain: true,
    });
    expect(report).toMatchObject({ due: 4, planned: 4, deferred: 0, level: 'ok' });
    // Two waits while paused, one after each of the two slow batches.
    expect(sleeps).toEqual([500, 500, 500, 500]);
    expect(published.map((p) => p.messages.length)).toEqual([1, 1, 2]);
  });

  it('stops when its signal aborts, leaving the rest deferred', async () => {
    const stop = new AbortController();
    stop.abort();
    const report = await planSyncs(rt, { minIntervalMs: 60_000, drain: true, signal: stop.signal });
    expect(report).toMatchObject({ planned: 0, deferred: 4 });
  });
});

describe('syncLags', () => {
  it("makes a connection due by its own schedule, not the scheduler's interval", async () => {
    const at = (msAgo: number) => new Date(now - msAgo).toISOString();
    for (const id of ['c1', 'c2', 'c3', 'c4']) {
      await store.connections.saveState({
        connectionId: id,
        stream: 'orders',
        cursor: 'x',
        lastSyncAt: at(20 * 60_000),
        lastError: null,
        failures: 0,
      });
    }
    const c1 = await store.connections.get('c1');
    const c2 = await store.connections.get('c2');
    if (!c1 || !c2) throw new Error('fixtures');
    await store.connections.upsert({ ...c1, schedule: 'every 10m' });
    await store.connections.upsert({ ...c2, schedule: 'hourly' });
    // Synced 20 minutes ago, the scheduler's interval 15 minutes: c1 (every 10m), c3 and c4 are due; c2 (hourly) is not.
    const report = await planSyncs(rt, { minIntervalMs: 15 * 60_000 });
    expect(report).toMatchObject({ due: 3, planned: 3 });
    expect(
      jobIds()
        .map((id) => id.split(':')[0])
        .sort(),
    ).toEqual(['c1', 'c3', 'c4']);
  });

  it('counts from the least recently synced stream, or from creation when never synced', async () => {
    await store.connections.saveState({
      connectionId: 'c1',
      stream: 'orders',
      cursor: 'x',
      lastSyncAt: new Date(START - 60_000).toISOString(),
      lastError: null,
      failures: 0,
    });
    await store.connections.saveState({
      connectionId: 'c1',
      stream: 'products',
      cursor: 'y',
      lastSyncAt: new Date(START - 120_000).toISOString(),
      lastError: null,
      failures: 0,
    });
    const lags = await syncLags(rt);
    expect(lags.find((l) => l.connectionId === 'c1')).toEqual({
      connectionId: 'c1',
      platform: 'shopify',
      seconds: 120,
    });
    expect(lags.find((l) => l.connectionId === 'c2')?.seconds).toBe(3600);
  });
});

describe('connector role', () => {
  /** Runs one delivery of a sync job for c1 through the role, with a connector whose one stream throws `error`. */
  async function turnFailingWith(error: Error): Promise<HandlerResult> {
    let handler: Handler | undefined;
    const capturing: Queue = {
      ...queue,
      consume: (_topic, h) => {
        handler = h;
        return { stop: async () => {} };
      },
    };
    const connector: ConnectorDefinition = {
      platform: 'shopify',
      mappingVersion: 'test-1',
      mappers: {},
      streams: [
        {
          name: 'orders',
          object: 'order',
          // biome-ignore lint/correctness/useYield: the stream fails before its first page
          async *read() {
            throw error;
          },
        },
      ],
    };
    startConnectorRole(
      { ...rt, queue: capturing },
      { concurrency: 1, maxPagesPerTurn: 1, owner: 'test', loadConnector: async () => connector },
    );
    if (!handler) throw new Error('the role did not subscribe');
    return handler({ id: 'c1:0', body: { connectionId: 'c1', turn: 0 }, attempt: 1, publishedAt: now });
  }

  it('retries the job when a stream fails transiently, so the connection is not left half-synced', async () => {
    const r = await turnFailingWith(new TransientError('LP_TRANSIENT_QUEUE', 'publish to raw not confirmed'));
    expect(r).toEqual({
      kind: 'retry',
      reason: 'stream orders failed: LP_TRANSIENT_QUEUE: publish to raw not confirmed',
    });
    expect((await store.connections.getState('c1'))[0]?.failures).toBe(1);
  });

  it('retries an unclassified error too (a channel closed under the publisher)', async () => {
    const r = await turnFailingWith(new Error('Channel ended, no reply will be forthcoming'));
    expect(r.kind).toBe('retry');
  });

  it('waits for a rate limit or an open circuit to lift before the retry', async () => {
    const r = await turnFailingWith(new RateLimitError('LP_RATE_CIRCUIT_OPEN', 'circuit open', now + 42_000));
    expect(r).toMatchObject({ kind: 'retry', delayMs: 42_000 });
  });

  it('does not retry what needs a person: a revoked grant is acked and left in the sync state', async () => {
    const r = await turnFailingWith(new AuthError('LP_AUTH_REVOKED', 'refresh token revoked'));
    expect(r).toEqual({ kind: 'ack' });
    expect((await store.connections.getState('c1'))[0]?.lastError).toBe('LP_AUTH_REVOKED: refresh token revoked');
  });
});

describe('sync lease', () => {
  it("stops a turn that lost its lease, leaving the new holder's sync state and the other streams alone", async () => {
    const connection = await store.connections.get('c1');
    if (!connection) throw new Error('no c1');
    let secondStreamRead = false;
    const page = (checkpoint: string) => ({
      records: [],
      body: `{"page":"${checkpoint}"}`,
      contentType: 'application/json',
      url: 'http://127.0.0.1:9/orders',
      checkpoint,
    });
    const connector: ConnectorDefinition = {
      platform: 'shopify',
      mappingVersion: 'test-1',
      mappers: {},
      streams: [
        {
          name: 's1',
          object: 'order',
          async *read() {
            yield page('c1');
            // This worker pauses past its lease; another takes the connection and checkpoints.
            now += 200_000;
            expect(await rt.shared.acquire('sync:c1', 'other-worker', 120_000)).not.toBeNull();
            await store.connections.saveState({
              connectionId: 'c1',
              stream: 's1',
              cursor: 'c9',
              lastSyncAt: null,
              lastError: null,
              failures: 0,
            });
            yield page('c2');
          },
        },
        {
          name: 's2',
          object: 'order',
          // biome-ignore lint/correctness/useYield: only records whether it was read
          async *read() {
            secondStreamRead = true;
          },
        },
      ],
    };
    await expect(syncConnection(rt, connection, connector, { leaseMs: 120_000 })).rejects.toThrow(
      /lost the sync lease/,
    );
    expect(secondStreamRead).toBe(false);
    const s1 = (await store.connections.getState('c1')).find((s) => s.stream === 's1');
    expect(s1).toMatchObject({ cursor: 'c9', lastError: null, failures: 0 });
  });
});
