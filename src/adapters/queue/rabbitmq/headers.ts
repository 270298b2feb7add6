import type { MessagePropertyHeaders } from 'amqplib';

/** Our own message headers; everything else the broker adds (x-delivery-count, x-death) is read only. */
export const HEADERS = {
  /** Deliveries before this copy was republished (retry queue or dead letter). */
  attempts: 'x-lp-attempts',
  publishedAt: 'x-lp-published-at',
  /** Why the consumer dead-lettered the message. */
  reason: 'x-lp-reason',
  /** The handler's last retry reason, kept for a broker-side dead letter. */
  lastError: 'x-lp-last-error',
} as const;

/** AMQP header tables are capped at 64 KiB; reasons are for people, so cut them well short. */
export function shortReason(reason: string): string {
  return reason.length > 1_000 ? `${reason.slice(0, 1_000)}…` : reason;
}

function num(v: unknown): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Which delivery this is, from 1: deliveries of earlier copies (carried in our header) plus the
 * quorum queue's count of this copy's returns (x-delivery-count, absent on a first delivery).
 */
export function attemptOf(headers: MessagePropertyHeaders | undefined): number {
  return num(headers?.[HEADERS.attempts]) + num(headers?.['x-delivery-count']) + 1;
}

export function publishedAtOf(headers: MessagePropertyHeaders | undefined, fallback: number): number {
  const n = num(headers?.[HEADERS.publishedAt]);
  return n > 0 ? n : fallback;
}

/** Reason and attempt count of a dead letter, whoever dead-lettered it. */
export function deadLetterInfo(
  headers: MessagePropertyHeaders | undefined,
  deliveryLimit: number,
): { reason: string; attempts: number } {
  const own = headers?.[HEADERS.reason];
  if (typeof own === 'string') return { reason: own, attempts: num(headers?.[HEADERS.attempts]) };
  // Dead-lettered by the broker: the delivery limit was exceeded by a consumer that never settled.
  const why = String(headers?.['x-first-death-reason'] ?? 'dead-lettered');
  const last = headers?.[HEADERS.lastError];
  const earlier = num(headers?.[HEADERS.attempts]);
  if (why === 'delivery_limit') {
    const attempts = earlier + deliveryLimit + 1;
    return {
      reason: `delivered ${attempts} times without an ack (broker delivery limit)${last ? `; last error: ${last}` : ''}`,
      attempts,
    };
  }
  return { reason: `${why}${last ? `; last error: ${last}` : ''}`, attempts: earlier };
}
