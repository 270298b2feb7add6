import type { ConfirmChannel, RecoveringChannelModel } from 'amqplib';
import { ConfigError, TransientError } from '../../../errors/index.js';
import type { Logger } from '../../../log/types.js';
import type { Clock } from '../../../ports/clock.js';
import type { OutboundMessage, Topic } from '../../../ports/queue.js';
import { confirmPublish, drained, lazyChannel, replyCode } from './channel.js';
import { HEADERS } from './headers.js';
import { declareTopic, type TopicQueues } from './topology.js';

const PRECONDITION_FAILED = 406;

export interface PublisherOptions {
  readonly conn: RecoveringChannelModel;
  readonly queuesOf: (topic: Topic) => TopicQueues;
  readonly deliveryLimit: number;
  readonly publishTimeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called once a batch is confirmed, with its publish time. */
  readonly onPublished: (topic: Topic, publishedAt: number) => void;
}

interface Outbound {
  readonly id: string;
  readonly body: Buffer;
}

/** Rejects if `work` has not settled within `ms`; the work itself carries on (a late confirm is harmless). */
function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no confirm within ${ms} ms`)), Math.max(0, ms));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes on one confirm channel and resolves only when the broker has confirmed every message.
 * Through a connection loss it retries the whole batch on the recovered connection until the
 * deadline: "not confirmed" means "maybe not stored", and consumers are idempotent on message id,
 * so a duplicate from a half-confirmed batch is harmless where a lost message is not.
 */
export function createPublisher(o: PublisherOptions) {
  let returned = 0;
  let closed = false;
  const channel = lazyChannel(
    async () => {
      const ch = await o.conn.createConfirmChannel();
      // A mandatory message no queue took (a queue deleted behind our back) comes back here.
      ch.on('return', () => returned++);
      return ch;
    },
    o.logger,
    'publisher',
  );
  const declared = new Map<string, Promise<void>>();

  /** Declares a topic's queues once per process; a failed declaration is retried next time. */
  function declare(topic: Topic): Promise<void> {
    let p = declared.get(topic);
    if (!p) {
      p = (async () => {
        const ch = await channel.get();
        try {
          await declareTopic(ch, o.queuesOf(topic), o.deliveryLimit);
        } catch (error) {
          if (replyCode(error) !== PRECONDITION_FAILED) throw error;
          throw new ConfigError(
            'LP_CONFIG_QUEUE_TOPOLOGY',
            `queue ${o.queuesOf(topic).main} exists with other arguments (deliveryLimit=${o.deliveryLimit} here); ` +
              'delete it or use the deliveryLimit it was declared with',
            { topic },
            { cause: error },
          );
        }
      })();
      p.catch(() => declared.delete(topic));
      declared.set(topic, p);
    }
    return p;
  }

  async function publishOnce(topic: Topic, messages: readonly Outbound[], publishedAt: number): Promise<void> {
    await declare(topic);
    const ch: ConfirmChannel = await channel.get();
    const queue = o.queuesOf(topic).main;
    const before = returned;
    const confirms: Promise<void>[] = [];
    for (const m of messages) {
      const { written, confirmed } = confirmPublish(ch, queue, m.body, {
        messageId: m.id,
        contentType: 'application/json',
        mandatory: true,
        headers: { [HEADERS.publishedAt]: publishedAt },
      });
      confirms.push(confirmed);
      if (!written) await drained(ch);
    }
    await Promise.all(confirms);
    if (returned !== before) {
      declared.delete(topic);
      throw new Error(`a message to ${queue} was returned unroutable; redeclaring`);
    }
  }

  return {
    declare,

    async publish(topic: Topic, messages: readonly OutboundMessage[]): Promise<void> {
      if (messages.length === 0) return;
      // Serialized once, up front: a body JSON cannot encode is the caller's bug, not worth a retry.
      const outbound = messages.map((m) => ({ id: m.id, body: Buffer.from(JSON.stringify(m.body) ?? 'null', 'utf8') }));
      const publishedAt = o.clock.now();
      const deadline = publishedAt + o.publishTimeoutMs;
      for (let attempt = 1; ; attempt++) {
        try {
          // While the broker is unreachable, opening a channel waits for the reconnect: bound it.
          await beforeDeadline(publishOnce(topic, outbound, publishedAt), deadline - o.clock.now());
          o.onPublished(topic, publishedAt);
          return;
        } catch (error) {
          if (error instanceof ConfigError) throw error;
          if (closed || o.clock.now() >= deadline) {
            throw new TransientError(
              'LP_TRANSIENT_QUEUE',
              `publish to ${topic} not confirmed within ${o.publishTimeoutMs} ms`,
              { topic },
              { cause: error },
            );
          }
          const err = error instanceof Error ? error.message : String(error);
          o.logger.warn({ err, topic, attempt }, 'publish not confirmed; retrying');
          await o.clock.sleep(Math.min(2_000, 50 * 2 ** attempt));
        }
      }
    },

    async close(): Promise<void> {
      closed = true;
      await channel.close();
    },
  };
}
