import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { createRabbitQueue } from '../../../src/adapters/queue/rabbitmq/queue.js';
import { allQueueNames, topicQueues } from '../../../src/adapters/queue/rabbitmq/topology.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { Queue } from '../../../src/ports/queue.js';
import { describeQueueContract } from '../../contract/queue.contract.js';
import { waitFor } from '../../support/deadline.js';
import { realClock } from '../../support/fake-clock.js';
import { startTcpRelay } from '../../support/tcp-relay.js';

/**
 * The queue contract on RabbitMQ, with queue names under a prefix unique to this run; every queue a
 * test touched is deleted afterwards. A missing LP_TEST_AMQP_URL fails the run unless LP_ADAPTERS
 * leaves rabbitmq out.
 */
const ADAPTER = 'rabbitmq';
const ENV = 'LP_TEST_AMQP_URL';
// Destructured: tsc wants env[...] and Biome wants env.X; both accept this.
const { LP_ADAPTERS: adapters = '', LP_TEST_AMQP_URL: baseUrl } = process.env;
const only = adapters
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

if (only.length > 0 && !only.includes(ADAPTER) && !only.includes('amqp')) {
  describe.skip(`${ADAPTER} (left out by LP_ADAPTERS=${only.join(',')})`, () => {
    it('is not run', () => {});
  });
} else if (!baseUrl) {
  describe(ADAPTER, () => {
    it(`needs ${ENV}`, () => {
      throw new Error(
        `${ENV} is not set: run \`eval "$(scripts/services --print-env)"\` (starts RabbitMQ) or set it, ` +
          `or leave ${ADAPTER} out with LP_ADAPTERS=sqlite,memory`,
      );
    });
  });
} else {
  const deps = { logger: silentLogger(), clock: realClock };
  const prefix = `lp.test.${Date.now().toString(36)}${randomBytes(3).toString('hex')}.`;
  const topics = new Set<string>();

  const urlWith = (base: URL, params: Record<string, string> = {}) => {
    const u = new URL(base);
    u.searchParams.set('prefix', prefix);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u;
  };

  /** Opens the adapter and remembers every topic it touches, for the clean-up below. */
  const open = async (base = new URL(baseUrl), params: Record<string, string> = {}): Promise<Queue> => {
    const q = await createRabbitQueue(urlWith(base, params), deps);
    const seen =
      <A extends unknown[], R>(fn: (topic: string, ...rest: A) => R) =>
      (topic: string, ...rest: A) => {
        topics.add(topic);
        return fn(topic, ...rest);
      };
    return {
      capabilities: q.capabilities,
      publish: seen(q.publish.bind(q)),
      consume: seen(q.consume.bind(q)),
      stats: seen(q.stats.bind(q)),
      takeDeadLetters: seen(q.takeDeadLetters.bind(q)),
      close: () => q.close(),
    };
  };

  afterAll(async () => {
    const conn = await amqp.connect(baseUrl);
    try {
      const ch = await conn.createChannel();
      for (const t of topics) for (const name of allQueueNames(topicQueues(prefix, t))) await ch.deleteQueue(name);
    } finally {
      await conn.close();
    }
  });

  describeQueueContract(ADAPTER, () => open(), 'contract');

  describe('RabbitMQ queue specifics', () => {
    it('loses nothing when the connection drops mid-run, and publish waits for the confirm', async () => {
      const proxy = await startTcpRelay(baseUrl);
      const q = await open(new URL(proxy.url(baseUrl)));
      const topic = `reconnect-${Date.now()}`;
      try {
        await q.publish(
          topic,
          Array.from({ length: 100 }, (_, i) => ({ id: `a${i}`, body: { id: `a${i}` } })),
        );
        const seen = new Set<string>();
        let deliveries = 0;
        const c = q.consume(
          topic,
          async (d) => {
            deliveries++;
            seen.add((d.body as { id: string }).id);
            return { kind: 'ack' };
          },
          { prefetch: 8 },
        );
        await waitFor(() => seen.size >= 30, { what: '30 deliveries' });
        // The network goes away. A publish now cannot be confirmed, so it must not resolve.
        proxy.block();
        let confirmed = false;
        const pending = q
          .publish(
            topic,
            Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, body: { id: `b${i}` } })),
          )
          .then(() => {
            confirmed = true;
          });
        await waitFor(() => proxy.refused >= 2, { what: 'reconnect attempts' });
        expect(confirmed).toBe(false);
        proxy.unblock();
        await pending;
        await waitFor(() => seen.size === 200, { what: 'all 200 messages', timeoutMs: 20_000 });
        await c.stop();
        // At least once: unacked messages at the cut come again, nothing is missing.
        expect(deliveries).toBeGreaterThanOrEqual(200);
        await waitFor(async () => (await q.stats(topic)).ready === 0, { what: 'drained queue' });
      } finally {
        await q.close();
        await proxy.close();
      }
    });

    it('dead-letters a message whose consumer keeps dying, at the broker delivery limit, and serves the rest', async () => {
      const proxy = await startTcpRelay(baseUrl);
      // The broker's limit (2 returns) is below the consumer's own maxAttempts, so the broker acts first.
      const q = await open(new URL(proxy.url(baseUrl)), { deliveryLimit: '2' });
      const topic = `crashloop-${Date.now()}`;
      try {
        await q.publish(topic, [
          { id: 'poison', body: { poison: true } },
          { id: 'ok1', body: { ok: 1 } },
          { id: 'ok2', body: { ok: 2 } },
        ]);
        const ok = new Set<number>();
        let crashes = 0;
        const c = q.consume(
          topic,
          async (d) => {
            const b = d.body as { poison?: boolean; ok?: number };
            if (b.poison) {
              // The worker dies holding the message: its connection drops before any settle.
              crashes++;
              proxy.cut();
              return { kind: 'ack' };
            }
            ok.add(b.ok ?? 0);
            return { kind: 'ack' };
          },
          { prefetch: 1, maxAttempts: 10 },
        );
        await waitFor(async () => ok.size === 2 && (await q.stats(topic)).dead === 1, {
          what: 'poison dead-lettered, the rest served',
          timeoutMs: 20_000,
        });
        await c.stop();
        expect(crashes).toBe(3);
        const dead = await q.takeDeadLetters(topic, 10);
        expect(dead).toEqual([
          {
            id: 'poison',
            body: { poison: true },
            reason: 'delivered 3 times without an ack (broker delivery limit)',
            attempts: 3,
          },
        ]);
      } finally {
        await q.close();
        await proxy.close();
      }
    });

    it('counts delayed retries and dead letters in stats', async () => {
      const q = await open();
      const topic = `stats-${Date.now()}`;
      try {
        await q.publish(topic, [
          { id: 'slow', body: 1 },
          { id: 'bad', body: 2 },
        ]);
        const c = q.consume(topic, async (d) =>
          d.id === 'bad' ? { kind: 'dead', reason: 'unmappable' } : { kind: 'retry', delayMs: 60_000, reason: 'later' },
        );
        const s = await waitFor(async () => {
          const st = await q.stats(topic);
          return st.delayed === 1 && st.dead === 1 ? st : null;
        });
        await c.stop();
        expect(s).toMatchObject({ ready: 0, inFlight: 0, delayed: 1, dead: 1, oldestAgeMs: 0 });
        expect(await q.takeDeadLetters(topic, 10)).toEqual([{ id: 'bad', body: 2, reason: 'unmappable', attempts: 1 }]);
      } finally {
        await q.close();
      }
    });

    it('refuses a topic declared with another delivery limit instead of retrying forever', async () => {
      const a = await open();
      const topic = `limit-${Date.now()}`;
      await a.publish(topic, [{ id: 'x', body: 1 }]);
      await a.close();
      const b = await open(new URL(baseUrl), { deliveryLimit: '9' });
      try {
        await expect(b.publish(topic, [{ id: 'y', body: 2 }])).rejects.toMatchObject({
          code: 'LP_CONFIG_QUEUE_TOPOLOGY',
        });
      } finally {
        await b.close();
      }
    });
  });
}
