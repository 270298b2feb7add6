import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerDemoConnections } from '../../../src/cli/demo-steps.js';
import { createShopifyConnector } from '../../../src/connectors/shopify/index.js';
import { type CompanySpec, createEconomy } from '../../../src/emulation/economy/index.js';
import type { OpenRuntime } from '../../../src/main.js';
import { type BackpressureLimits, rawQueueGate, sharedQueueHead } from '../../../src/pipeline/backpressure.js';
import { RAW_TOPIC } from '../../../src/pipeline/context.js';
import { planSyncs, startConnectorRole } from '../../../src/pipeline/jobs.js';
import { createPrometheusMetrics } from '../../../src/pipeline/metrics.js';
import { startNormalizer } from '../../../src/pipeline/normalizer.js';
import type { Consumer } from '../../../src/ports/queue.js';
import { waitFor } from '../../support/deadline.js';
import {
  describeDistributed,
  type Emulated,
  newRun,
  openRun,
  type Run,
  removeRun,
  sample,
  startEmulators,
} from './harness.js';

const CONNECTORS = 2;
const CONCURRENCY = 2;
/** One page from each turn running at once can pass the gate together. */
const BATCH = CONNECTORS * CONCURRENCY;
const LIMITS: BackpressureLimits = { maxDepth: 6, maxAgeMs: 120_000, pollMs: 20 };

/**
 * One large connection floods the raw queue of the distributed profile (RabbitMQ, PostgreSQL,
 * Redis) while a deliberately slow normalizer drains it. Each "process" (two connector roles, one
 * normalizer) has its own runtime, so they share nothing but the services.
 */
describeDistributed('distributed backpressure', (urls) => {
  const economy = createEconomy({ seed: 12, companies: 8, platforms: ['shopify'], volumeScale: 0.1 });
  const bySize = [...economy.companiesOn('shopify')].sort(
    (a, b) => economy.company(b.id).documents.length - economy.company(a.id).documents.length,
  );
  const large = bySize[0] as CompanySpec;
  const small = bySize.slice(-3);
  let run: Run;
  let emulated: Emulated;
  let observer: OpenRuntime;
  const runtimes: OpenRuntime[] = [];
  const consumers: Consumer[] = [];
  const stop = new AbortController();

  beforeAll(async () => {
    run = newRun(urls, 'flood');
    emulated = await startEmulators(economy, ['shopify']);
    observer = await openRun(run);
    await registerDemoConnections(observer, { economy, platforms: ['shopify'] }, emulated.endpoints);
    // Only the four connections of this test.
    for (const c of await observer.store.connections.list()) {
      if (c.id !== large.id && !small.some((s) => s.id === c.id)) await observer.store.connections.remove(c.id);
    }
  });

  afterAll(async () => {
    stop.abort();
    await Promise.all(consumers.map((c) => c.stop()));
    await Promise.all(runtimes.map((r) => r.close()));
    await observer?.close();
    await emulated?.close();
    if (run) await removeRun(run);
  });

  it('holds connectors back at the raw-queue limit: depth stays under limit plus one batch, small connections finish first', async () => {
    // Small pages, so the large shop has many of them.
    const connector = createShopifyConnector({ pageSize: 25 });
    const finished = new Map<string, number>();
    const metrics = createPrometheusMetrics({ role: 'connector', defaultMetrics: false });
    for (let i = 0; i < CONNECTORS; i++) {
      const rt = await openRun(run);
      runtimes.push(rt);
      const gate = rawQueueGate(rt.queue, rt.clock, LIMITS, stop.signal, {
        head: sharedQueueHead(rt.shared, rt.clock),
        onWait: (ms) => metrics.backpressureWait(ms),
      });
      consumers.push(
        startConnectorRole(rt, {
          concurrency: CONCURRENCY,
          maxPagesPerTurn: 3,
          gate,
          owner: `flood-${i}`,
          loadConnector: async () => connector,
          signal: stop.signal,
          metrics,
          onSync: (r) => {
            if (!r.skipped && !r.more) finished.set(r.connectionId, Date.now());
          },
        }),
      );
    }
    // A slow normalizer (as if the machine were busy): one page at a time, 150 ms each.
    const nrt = await openRun(run);
    runtimes.push(nrt);
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 150));
      return undefined;
    };
    consumers.push(startNormalizer(nrt, { prefetch: 1, transform: slow }));

    let deepest = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = await observer.queue.stats(RAW_TOPIC);
        deepest = Math.max(deepest, s.ready + s.delayed);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      const plan = await planSyncs(observer, { minIntervalMs: 3_600_000, drain: true });
      expect(plan.planned).toBe(4);
      await waitFor(() => small.every((s) => finished.has(s.id)), {
        timeoutMs: 45_000,
        intervalMs: 50,
        what: 'the small connections to finish',
      });
    } finally {
      sampling = false;
      await sampler;
    }
    // The large connection was still going when the small ones were done: they were not starved.
    expect(finished.has(large.id)).toBe(false);
    const largeState = await observer.store.connections.getState(large.id);
    expect(largeState.some((st) => st.cursor !== null)).toBe(true);
    // The queue did fill up, connectors were held back, and the depth never passed limit + one batch.
    expect(deepest).toBeGreaterThanOrEqual(LIMITS.maxDepth);
    expect(deepest).toBeLessThanOrEqual(LIMITS.maxDepth + BATCH);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'ledgerpulse_backpressure_waits_total')).toBeGreaterThan(0);
    expect(emulated.violations()).toBe(0);
  });
});
