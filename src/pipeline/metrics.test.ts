import { describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../adapters/shared-state/memory/shared-state.js';
import type { Delivery, Handler, Queue } from '../ports/queue.js';
import { createPrometheusMetrics, limitLabel, observeQueue, observeSharedState } from './metrics.js';
import type { SyncReport } from './runner.js';

const report = (over: Partial<SyncReport>, errors: (string | null)[] = [null]): SyncReport => ({
  connectionId: 'c1',
  runId: 'r',
  skipped: false,
  more: false,
  streams: errors.map((error, i) => ({
    stream: `s${i}`,
    pages: 2,
    records: 10,
    newEnvelopes: 7,
    error,
    retryable: false,
    retryAt: null,
  })),
  ...over,
});

describe('Prometheus pipeline metrics', () => {
  it('counts pages, envelopes, turns by outcome and error code, normalized records and reviews', async () => {
    const m = createPrometheusMetrics({ role: 'connector', defaultMetrics: false });
    m.pageFetched('shopify', 'orders', 25);
    m.pageFetched('shopify', 'orders', 0);
    m.syncTurn('shopify', report({ more: true }), 1.5);
    m.syncTurn('shopify', report({}), 0.5);
    m.syncTurn('shopify', report({ skipped: true, streams: [] }), 0);
    m.syncTurn('shopify', report({}, ['LP_RATE_CIRCUIT_OPEN: circuit open', null]), 2);
    m.normalized({ envelopes: 25, records: 24, reviews: 1 });
    m.deadLettersReviewed(2);
    m.rateLimitWait(limitLabel('shopify:rest:shop-1.myshopify.com'), 500);
    const text = await m.registry.metrics();
    for (const line of [
      'ledgerpulse_pages_fetched_total{platform="shopify",stream="orders",role="connector"} 2',
      'ledgerpulse_envelopes_published_total{platform="shopify",stream="orders",role="connector"} 25',
      'ledgerpulse_sync_turns_total{platform="shopify",outcome="more",role="connector"} 1',
      'ledgerpulse_sync_turns_total{platform="shopify",outcome="done",role="connector"} 1',
      'ledgerpulse_sync_turns_total{platform="shopify",outcome="skipped",role="connector"} 1',
      'ledgerpulse_sync_turns_total{platform="shopify",outcome="error",role="connector"} 1',
      'ledgerpulse_sync_errors_total{platform="shopify",code="LP_RATE_CIRCUIT_OPEN",role="connector"} 1',
      'ledgerpulse_circuit_open_total{platform="shopify",role="connector"} 1',
      'ledgerpulse_raw_envelopes_new_total{platform="shopify",role="connector"} 28',
      'ledgerpulse_sync_turn_seconds_count{role="connector",platform="shopify"} 3',
      'ledgerpulse_records_normalized_total{role="connector"} 24',
      'ledgerpulse_review_items_total{source="normalizer",role="connector"} 1',
      'ledgerpulse_review_items_total{source="dead_letter",role="connector"} 2',
      'ledgerpulse_rate_limit_waits_total{limit="shopify:rest",role="connector"} 1',
      'ledgerpulse_rate_limit_wait_seconds_total{limit="shopify:rest",role="connector"} 0.5',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('reads queue depth, age and sync lag at scrape time, and survives a reader that fails', async () => {
    const m = createPrometheusMetrics({ role: 'scheduler', defaultMetrics: false });
    m.watchQueue('raw', async () => ({ ready: 3, inFlight: 1, delayed: 2, dead: 0, ageMs: 4500 }));
    m.watchQueue('sync', async () => {
      throw new Error('broker away');
    });
    m.watchSyncLag(async () => [{ connectionId: 'c1', platform: 'xero', seconds: 42 }]);
    const text = await m.registry.metrics();
    expect(text).toContain('ledgerpulse_queue_messages{topic="raw",state="ready",role="scheduler"} 3');
    expect(text).toContain('ledgerpulse_queue_messages{topic="raw",state="delayed",role="scheduler"} 2');
    expect(text).toContain('ledgerpulse_queue_oldest_age_seconds{topic="raw",role="scheduler"} 4.5');
    expect(text).toContain('ledgerpulse_sync_lag_seconds{connection_id="c1",platform="xero",role="scheduler"} 42');
    expect(text).not.toContain('topic="sync"');
  });
});

describe('observeSharedState', () => {
  it('reports refused takes and sync leases, and changes nothing', async () => {
    const shared = createMemorySharedState();
    const seen: string[] = [];
    const s = observeSharedState(shared, () => 7, {
      rateLimitWait: (key, ms) => seen.push(`wait ${key} ${ms > 0}`),
      leaseAcquired: (id, lease, at) => seen.push(`acquired ${id} ${lease.owner} ${at}`),
      leaseReleased: (id, lease, at) => seen.push(`released ${id} ${lease.owner} ${at}`),
    });
    const rule = { capacity: 1, refillPerSecond: 1 };
    expect((await s.take('b', rule)).granted).toBe(true);
    expect((await s.take('b', rule)).granted).toBe(false);
    const lease = await s.acquire('sync:c1', 'w1', 1000);
    expect(await s.acquire('sync:c1', 'w2', 1000)).toBeNull();
    const other = await s.acquire('plan:c1', 'w1', 1000);
    if (!lease || !other) throw new Error('no lease');
    await s.release(lease);
    await s.release(other);
    expect(seen).toEqual(['wait b true', 'acquired c1 w1 7', 'released c1 w1 7']);
    expect(await shared.acquire('sync:c1', 'w2', 1000)).not.toBeNull();
  });
});

describe('observeQueue', () => {
  it('times every handled message and reports its outcome, a throw as error', async () => {
    let handler: Handler | undefined;
    const inner: Queue = {
      capabilities: { deadLetter: true, delayedRetry: true },
      publish: async () => {},
      consume: (_t, h) => {
        handler = h;
        return { stop: async () => {} };
      },
      stats: async () => ({ ready: 0, inFlight: 0, delayed: 0, dead: 0, oldestAgeMs: 0 }),
      takeDeadLetters: async () => [],
      close: async () => {},
    };
    let t = 0;
    const events: string[] = [];
    const q = observeQueue(inner, () => t, {
      delivered: (topic, d) => events.push(`delivered ${topic} ${d.id}`),
      settled: (topic, outcome, ms) => events.push(`${outcome} ${topic} ${ms}`),
    });
    q.consume('raw', async (d) => {
      t += 5;
      if (d.id === 'bad') throw new Error('boom');
      return d.id === 'dead' ? { kind: 'dead', reason: 'x' } : { kind: 'ack' };
    });
    const d = (id: string): Delivery => ({ id, body: {}, attempt: 1, publishedAt: 0 });
    await handler?.(d('ok'));
    await handler?.(d('dead'));
    await expect(handler?.(d('bad'))).rejects.toThrow('boom');
    expect(events).toEqual([
      'delivered raw ok',
      'ack raw 5',
      'delivered raw dead',
      'dead raw 5',
      'delivered raw bad',
      'error raw 5',
    ]);
  });
});
