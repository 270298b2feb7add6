import amqp from 'amqplib';
import { TransientError } from '../../../errors/index.js';
import type { AdapterDeps } from '../../../ports/deps.js';
import type { Consumer, Queue, Topic } from '../../../ports/queue.js';
import { startConsumer } from './consumer.js';
import { createInspector, type LocalTopicState } from './inspect.js';
import { createPublisher } from './publisher.js';
import { type TopicQueues, topicQueues } from './topology.js';

const OWN_PARAMS = ['prefix', 'deliveryLimit', 'publishTimeoutMs'] as const;

/**
 * `amqp://user:pass@host:5672/vhost?prefix=lp.&deliveryLimit=5&publishTimeoutMs=30000`.
 * Quorum queues, publisher confirms, manual acks, bounded prefetch, delay-bucket retry queues and a
 * dead-letter queue per topic. amqplib's recovery reconnects the connection; the publisher and
 * every consumer reopen their channels on it.
 */
export async function createRabbitQueue(url: URL, deps: AdapterDeps): Promise<Queue> {
  const prefix = url.searchParams.get('prefix') ?? 'lp.';
  const deliveryLimit = Number(url.searchParams.get('deliveryLimit') ?? 5);
  const publishTimeoutMs = Number(url.searchParams.get('publishTimeoutMs') ?? 30_000);
  const connection = new URL(url);
  for (const p of OWN_PARAMS) connection.searchParams.delete(p);
  const log = deps.logger.child({ adapter: 'rabbitmq' });

  let conn: amqp.RecoveringChannelModel;
  try {
    conn = await amqp.connect(connection.href, {
      clientProperties: { connection_name: `ledgerpulse ${process.pid}` },
      recovery: { initialDelay: 100, maxDelay: 5_000, initialMaxRetries: 2 },
    });
  } catch (cause) {
    throw new TransientError('LP_TRANSIENT_QUEUE', `cannot reach RabbitMQ at ${connection.host}`, {}, { cause });
  }
  conn.on('error', (err: Error) => log.warn({ err: err.message }, 'rabbitmq connection error'));
  conn.on('disconnect', (err: Error) => log.warn({ err: err.message }, 'rabbitmq connection lost; reconnecting'));
  conn.on('connect', () => log.info('rabbitmq connected'));

  const queuesOf = (topic: Topic): TopicQueues => topicQueues(prefix, topic);
  const localState = new Map<string, LocalTopicState>();
  const local = (topic: Topic): LocalTopicState => {
    let s = localState.get(topic);
    if (!s) {
      s = { inFlight: 0, firstPublishSinceEmpty: null, lastDeliveredPublishedAt: null };
      localState.set(topic, s);
    }
    return s;
  };
  const publisher = createPublisher({
    conn,
    queuesOf,
    deliveryLimit,
    publishTimeoutMs,
    clock: deps.clock,
    logger: log,
    onPublished: (topic, at) => {
      const s = local(topic);
      s.firstPublishSinceEmpty ??= at;
    },
  });
  const inspector = createInspector({ conn, queuesOf, local, deliveryLimit, clock: deps.clock, logger: log });
  const consumers = new Set<Consumer>();

  return {
    capabilities: { deadLetter: true, delayedRetry: true },
    publish: (topic, messages) => publisher.publish(topic, messages),
    stats: (topic) => inspector.stats(topic),
    takeDeadLetters: (topic, limit) => inspector.takeDeadLetters(topic, limit),

    consume(topic, handler, opts = {}) {
      const s = local(topic);
      const inner = startConsumer(
        {
          openChannel: () => conn.createConfirmChannel(),
          declare: () => publisher.declare(topic),
          queues: queuesOf(topic),
          logger: log,
          clock: deps.clock,
          onDelivery: (publishedAt) => {
            s.inFlight++;
            s.lastDeliveredPublishedAt = Math.max(s.lastDeliveredPublishedAt ?? 0, publishedAt);
          },
          onSettled: () => {
            s.inFlight--;
          },
        },
        handler,
        opts,
      );
      const consumer: Consumer = {
        async stop() {
          consumers.delete(consumer);
          await inner.stop();
        },
      };
      consumers.add(consumer);
      return consumer;
    },

    async close(): Promise<void> {
      await Promise.all([...consumers].map((c) => c.stop()));
      await publisher.close();
      await inspector.close();
      await conn.close();
    },
  };
}
