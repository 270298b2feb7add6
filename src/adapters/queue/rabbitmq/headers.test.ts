import { describe, expect, it } from 'vitest';
import { attemptOf, deadLetterInfo, HEADERS, publishedAtOf, shortReason } from './headers.js';

describe('RabbitMQ message headers', () => {
  it('counts attempts across republished copies and broker returns', () => {
    expect(attemptOf(undefined)).toBe(1);
    expect(attemptOf({ 'x-delivery-count': 2 })).toBe(3);
    expect(attemptOf({ [HEADERS.attempts]: 2 })).toBe(3);
    expect(attemptOf({ [HEADERS.attempts]: 2, 'x-delivery-count': 1 })).toBe(4);
    expect(attemptOf({ [HEADERS.attempts]: 'junk' })).toBe(1);
  });

  it('reads the publish time, falling back when absent', () => {
    expect(publishedAtOf({ [HEADERS.publishedAt]: 1_700_000_000_000 }, 5)).toBe(1_700_000_000_000);
    expect(publishedAtOf({}, 5)).toBe(5);
  });

  it('explains a dead letter from our header or from the broker', () => {
    expect(deadLetterInfo({ [HEADERS.reason]: 'after 3 attempts: boom', [HEADERS.attempts]: 3 }, 5)).toEqual({
      reason: 'after 3 attempts: boom',
      attempts: 3,
    });
    expect(
      deadLetterInfo({ 'x-first-death-reason': 'delivery_limit', [HEADERS.attempts]: 1, [HEADERS.lastError]: 'x' }, 2),
    ).toEqual({ reason: 'delivered 4 times without an ack (broker delivery limit); last error: x', attempts: 4 });
    expect(deadLetterInfo({ 'x-first-death-reason': 'rejected' }, 2)).toEqual({ reason: 'rejected', attempts: 0 });
  });

  it('cuts long reasons', () => {
    expect(shortReason('x'.repeat(5000))).toHaveLength(1001);
  });
});
