import type { Channel } from 'amqplib';

/**
 * Retry delays are served by one queue per delay bucket (a message TTL per queue, not per message:
 * RabbitMQ only expires messages at a queue's head, so mixed delays in one queue would wait on each
 * other). A retry waits for the smallest bucket at least as long as asked, capped at the last one.
 */
export const RETRY_BUCKETS_MS = [50, 200, 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000] as const;

export function bucketFor(delayMs: number): number {
  for (const b of RETRY_BUCKETS_MS) if (b >= delayMs) return b;
  return RETRY_BUCKETS_MS[RETRY_BUCKETS_MS.length - 1] ?? 3_600_000;
}

export interface TopicQueues {
  /** Where publishers put messages and consumers take them. */
  readonly main: string;
  /** Dead letters, from the consumer (with a reason) or from the broker's delivery limit. */
  readonly dead: string;
  /** One per retry bucket: expired messages dead-letter back onto `main`. */
  readonly retries: readonly { readonly delayMs: number; readonly name: string }[];
}

export function topicQueues(prefix: string, topic: string): TopicQueues {
  const main = `${prefix}${topic}`;
  return {
    main,
    dead: `${main}.dead`,
    retries: RETRY_BUCKETS_MS.map((delayMs) => ({ delayMs, name: `${main}.retry.${delayMs}ms` })),
  };
}

export function allQueueNames(q: TopicQueues): string[] {
  return [q.main, q.dead, ...q.retries.map((r) => r.name)];
}

/**
 * Quorum queues throughout: replicated, and durable across a broker restart. Broker-side dead-lettering
 * is at-least-once (which requires reject-publish overflow), so a message moving from a retry queue
 * back to `main`, or from `main` to `dead`, is not dropped if the target is briefly unavailable.
 */
function quorum(extra: Record<string, unknown> = {}) {
  return { durable: true, arguments: { 'x-queue-type': 'quorum', ...extra } };
}

function deadLetterTo(queue: string) {
  return {
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': queue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/**
 * Declares a topic's queues (idempotent). `deliveryLimit` is fixed at declaration: a queue declared
 * with another limit makes the broker refuse with PRECONDITION_FAILED.
 */
export async function declareTopic(ch: Channel, q: TopicQueues, deliveryLimit: number): Promise<void> {
  await ch.assertQueue(q.dead, quorum());
  await ch.assertQueue(q.main, quorum({ 'x-delivery-limit': deliveryLimit, ...deadLetterTo(q.dead) }));
  for (const r of q.retries) {
    await ch.assertQueue(r.name, quorum({ 'x-message-ttl': r.delayMs, ...deadLetterTo(q.main) }));
  }
}
