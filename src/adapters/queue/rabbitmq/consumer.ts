import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Logger } from '../../../log/types.js';
import type { Clock } from '../../../ports/clock.js';
import type { ConsumeOptions, Consumer, Delivery, Handler, HandlerResult } from '../../../ports/queue.js';
import { confirmPublish } from './channel.js';
import { attemptOf, HEADERS, publishedAtOf, shortReason } from './headers.js';
import { bucketFor, type TopicQueues } from './topology.js';

export interface ConsumerContext {
  readonly openChannel: () => Promise<ConfirmChannel>;
  readonly declare: () => Promise<void>;
  readonly queues: TopicQueues;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Called as deliveries start and settle, for the queue's stats. */
  readonly onDelivery: (publishedAt: number) => void;
  readonly onSettled: () => void;
}

/**
 * One consumer on a topic's main queue. Settling is always "publish the follow-up copy, wait for the
 * broker's confirm, then ack the original", so a crash in between duplicates a message but never
 * loses one. Retries go to a delay-bucket queue that dead-letters back to the main queue; the
 * attempt count travels in a header. The channel is reopened whenever it closes (e.g. the
 * connection dropped and amqplib's recovery reconnected); unacked messages are redelivered by the
 * broker, with x-delivery-count raised.
 */
export function startConsumer(ctx: ConsumerContext, handler: Handler, opts: ConsumeOptions): Consumer {
  const prefetch = opts.prefetch ?? 4;
  const maxAttempts = opts.maxAttempts ?? 5;
  const retryBaseMs = opts.retryBaseMs ?? 500;
  const log = ctx.logger.child({ queue: ctx.queues.main });
  const inFlight = new Set<Promise<void>>();
  let channel: ConfirmChannel | null = null;
  let consumerTag: string | null = null;
  let subscribing: Promise<void> | null = null;
  let stopping = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  function schedule() {
    if (stopping || timer) return;
    const delay = Math.min(5_000, 50 * 2 ** Math.min(failures, 7));
    timer = setTimeout(() => {
      timer = undefined;
      ensure();
    }, delay);
  }

  function ensure() {
    if (stopping || subscribing || channel) return;
    subscribing = subscribe().finally(() => {
      subscribing = null;
      if (!channel) schedule();
    });
  }

  async function subscribe(): Promise<void> {
    let closed = false;
    let opened: ConfirmChannel | undefined;
    try {
      const ch = await ctx.openChannel();
      opened = ch;
      ch.on('error', (err: Error) => log.warn({ err: err.message }, 'consumer channel error'));
      ch.on('close', () => {
        closed = true;
        if (channel === ch) {
          channel = null;
          consumerTag = null;
          schedule();
        }
      });
      await ch.prefetch(prefetch);
      await ctx.declare();
      const ok = await ch.consume(ctx.queues.main, (msg) => onMessage(ch, msg), { noAck: false });
      if (closed || stopping) {
        await ch.close().catch(() => {});
        return;
      }
      channel = ch;
      consumerTag = ok.consumerTag;
      failures = 0;
    } catch (err) {
      failures++;
      opened?.close().catch(() => {});
      const code = (err as { code?: unknown } | null)?.code;
      log.warn({ err: err instanceof Error ? err.message : String(err), code }, 'cannot subscribe yet; will retry');
    }
  }

  function onMessage(ch: ConfirmChannel, msg: ConsumeMessage | null) {
    // Stopped while this channel was still opening: leave the message unacked; closing the channel
    // hands it back to the broker.
    if (stopping) return;
    if (msg === null) {
      // The broker cancelled us (queue deleted or failed over): resubscribe on a fresh channel.
      if (channel === ch) {
        channel = null;
        consumerTag = null;
        ch.close().catch(() => {});
      }
      schedule();
      return;
    }
    ctx.onDelivery(publishedAtOf(msg.properties.headers, ctx.clock.now()));
    const p = handle(ch, msg)
      .catch((err: unknown) => {
        // The channel closed under us: the broker requeues the message, nothing else to do.
        log.debug({ err: err instanceof Error ? err.message : String(err) }, 'could not settle a delivery');
      })
      .finally(() => {
        inFlight.delete(p);
        ctx.onSettled();
      });
    inFlight.add(p);
  }

  async function handle(ch: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    const headers = msg.properties.headers;
    const attempt = attemptOf(headers);
    const publishedAt = publishedAtOf(headers, ctx.clock.now());
    let body: unknown;
    try {
      body = JSON.parse(msg.content.toString('utf8'));
    } catch {
      return deadLetter(ch, msg, 'message body is not JSON', attempt);
    }
    if (attempt > maxAttempts) {
      // Delivered again and again without a settle (the worker died each time): a poison message.
      return deadLetter(ch, msg, `delivered ${attempt - 1} times without an ack`, attempt - 1);
    }
    const delivery: Delivery = { id: String(msg.properties.messageId ?? ''), body, attempt, publishedAt };
    let result: HandlerResult;
    try {
      result = await handler(delivery);
    } catch (error) {
      opts.onError?.(error, delivery);
      result = { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
    if (result.kind === 'ack') return ch.ack(msg);
    if (result.kind === 'dead') return deadLetter(ch, msg, result.reason, attempt);
    if (attempt >= maxAttempts) return deadLetter(ch, msg, `after ${attempt} attempts: ${result.reason}`, attempt);
    // Even "retry now" waits for the shortest bucket: an immediate requeue would spin on one message.
    const delay = result.delayMs ?? retryBaseMs * 2 ** (attempt - 1);
    const bucket = bucketFor(Math.max(0, delay));
    const target = ctx.queues.retries.find((r) => r.delayMs === bucket)?.name ?? ctx.queues.main;
    await republish(ch, msg, target, {
      [HEADERS.attempts]: attempt,
      [HEADERS.lastError]: shortReason(result.reason),
    });
    ch.ack(msg);
  }

  async function deadLetter(ch: ConfirmChannel, msg: ConsumeMessage, reason: string, attempts: number) {
    await republish(ch, msg, ctx.queues.dead, {
      [HEADERS.attempts]: attempts,
      [HEADERS.reason]: shortReason(reason),
    });
    ch.ack(msg);
  }

  function republish(ch: ConfirmChannel, msg: ConsumeMessage, queue: string, extra: Record<string, unknown>) {
    const headers: Record<string, unknown> = {
      [HEADERS.publishedAt]: publishedAtOf(msg.properties.headers, ctx.clock.now()),
      ...extra,
    };
    const options = {
      headers,
      contentType: 'application/json',
      ...(msg.properties.messageId ? { messageId: String(msg.properties.messageId) } : {}),
    };
    return confirmPublish(ch, queue, msg.content, options).confirmed;
  }

  ensure();

  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      // A subscribe still waiting for a connection closes its channel itself once it sees `stopping`.
      const ch = channel;
      if (ch && consumerTag) await ch.cancel(consumerTag).catch(() => {});
      await Promise.all([...inFlight]);
      channel = null;
      consumerTag = null;
      if (ch) await ch.close().catch(() => {});
    },
  };
}
