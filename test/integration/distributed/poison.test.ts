import amqp from 'amqplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Platform } from '../../../src/canonical/index.js';
import { registerDemoConnections } from '../../../src/cli/demo-steps.js';
import { makeEnvelope } from '../../../src/connectors/kit/envelope.js';
import { loadConnector } from '../../../src/connectors/registry.js';
import { type CompanySpec, createEconomy } from '../../../src/emulation/economy/index.js';
import type { OpenRuntime } from '../../../src/main.js';
import { RAW_TOPIC, type RawBatchMessage, type Runtime } from '../../../src/pipeline/context.js';
import { createPrometheusMetrics, observeQueue } from '../../../src/pipeline/metrics.js';
import { reviewDeadLetters, startNormalizer } from '../../../src/pipeline/normalizer.js';
import { syncConnection } from '../../../src/pipeline/runner.js';
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

/**
 * Poison on the raw topic of the distributed profile (RabbitMQ, PostgreSQL, Redis), at pipeline
 * level: each bad message ends as a review item with its reason, and the pages queued behind it
 * are normalized all the same.
 */
describeDistributed('distributed poison messages', (urls) => {
  const economy = createEconomy({ seed: 12, companies: 8, platforms: ['shopify'], volumeScale: 0.1 });
  const spec = economy.companiesOn('shopify').find((c) => c.sizeBand === 'micro') as CompanySpec;
  let run: Run;
  let emulated: Emulated;
  let rt: OpenRuntime;

  beforeAll(async () => {
    run = newRun(urls, 'poison');
    emulated = await startEmulators(economy, ['shopify']);
    rt = await openRun(run);
    await registerDemoConnections(rt, { economy, platforms: ['shopify'] }, emulated.endpoints);
  });

  afterAll(async () => {
    await rt?.close();
    await emulated?.close();
    if (run) await removeRun(run);
  });

  it('dead-letters poison after the delivery limit as review items with their reasons; the pages behind it are processed', async () => {
    const connection = await rt.store.connections.get(spec.id);
    if (!connection) throw new Error('no connection');
    // An envelope from a platform this build has no connector for: mapping it throws every time.
    const alien = makeEnvelope({
      // Written by a newer producer, say: the type allows only the platforms this build knows.
      platform: 'nosuch' as Platform,
      connectionId: spec.id,
      account: spec.account,
      object: 'orders',
      externalId: 'alien-1',
      sourceVersion: '1',
      sourceUpdatedAt: '2026-01-01T00:00:00.000Z',
      fetchedAt: '2026-01-01T00:00:00.000Z',
      contentType: 'application/json',
      payload: '{"id":1}',
      pageHash: null,
      runId: null,
    });
    await rt.store.raw.put([alien]);
    const batch = (ids: string[], object = 'orders'): RawBatchMessage => ({
      connectionId: spec.id,
      platform: 'shopify',
      object,
      envelopeIds: ids,
    });
    await rt.queue.publish(RAW_TOPIC, [
      { id: 'alien', body: { ...batch([alien.id]), platform: 'nosuch' } },
      { id: 'missing', body: batch(['env_does_not_exist']) },
      { id: 'not-a-batch', body: { hello: 'world' } },
    ]);
    // A body that is not even JSON, as a foreign publisher might send.
    const conn = await amqp.connect(urls.amqp);
    try {
      const ch = await conn.createConfirmChannel();
      ch.sendToQueue(`lp.${run.id}.${RAW_TOPIC}`, Buffer.from('{"truncated'), {
        messageId: 'garbage',
        persistent: true,
      });
      await ch.waitForConfirms();
    } finally {
      await conn.close();
    }
    // Real pages queue up behind the poison.
    const shopify = await loadConnector('shopify');
    const sync = await syncConnection(rt, connection, shopify, { streams: ['products', 'locations'] });
    expect(sync.streams.map((s) => s.error)).toEqual([null, null]);
    const book = economy.company(spec.id);

    const metrics = createPrometheusMetrics({ role: 'normalizer', defaultMetrics: false });
    const worker: Runtime = {
      ...rt,
      queue: observeQueue(rt.queue, Date.now, { settled: (t, o, ms) => metrics.batchSettled(t, o, ms / 1000) }),
    };
    const normalizer = startNormalizer(worker, { prefetch: 4, maxAttempts: 3, onBatch: (s) => metrics.normalized(s) });
    try {
      await waitFor(
        async () => {
          const s = await rt.queue.stats(RAW_TOPIC);
          return s.ready + s.delayed === 0 && s.dead === 3;
        },
        { timeoutMs: 30_000, intervalMs: 50, what: 'poison dead-lettered and the rest normalized' },
      );
    } finally {
      await normalizer.stop();
    }
    const counts = await rt.store.canonical.counts();
    expect(counts['product']).toEqual({ live: book.products.length, deleted: 0 });
    expect(counts['company']).toEqual({ live: 1, deleted: 0 });

    expect(await reviewDeadLetters(rt)).toBe(3);
    expect((await rt.queue.stats(RAW_TOPIC)).dead).toBe(0);
    const items = await rt.store.review.list({ status: 'open' });
    const byMessage = (reason: string, text: string) =>
      items.filter((i) => i.reason === reason && i.message.includes(text));
    // Mapping threw on every delivery: dead-lettered by the consumer at its limit, with the error.
    const alienItems = byMessage('LP_DEAD_LETTER', 'message alien dead-lettered after 3 attempt(s)');
    expect(alienItems).toHaveLength(1);
    expect(alienItems[0]).toMatchObject({ envelopeId: alien.id, platform: 'nosuch', connectionId: spec.id });
    expect(alienItems[0]?.message).toContain('unknown platform "nosuch"');
    expect(
      byMessage('LP_DEAD_LETTER', 'message not-a-batch dead-lettered after 1 attempt(s): message is not a raw batch'),
    ).toHaveLength(1);
    expect(byMessage('LP_DEAD_LETTER', 'message garbage dead-lettered')[0]?.message).toContain('not JSON');
    // A page naming an envelope the raw store does not have is a contract problem, reviewed at once.
    expect(byMessage('LP_CONTRACT_MISSING_ENVELOPE', 'named by message missing')).toHaveLength(1);
    expect(items).toHaveLength(4);

    const text = await metrics.registry.metrics();
    expect(sample(text, 'ledgerpulse_queue_messages_settled_total', { outcome: 'error' })).toBe(3);
    expect(sample(text, 'ledgerpulse_queue_messages_settled_total', { outcome: 'dead' })).toBe(1);
    expect(sample(text, 'ledgerpulse_review_items_total', { source: 'normalizer' })).toBe(1);
  });
});
