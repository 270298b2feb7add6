import { describe, expect, it } from 'vitest';
import { allQueueNames, bucketFor, RETRY_BUCKETS_MS, topicQueues } from './topology.js';

describe('RabbitMQ topology', () => {
  it('rounds a delay up to the next bucket and caps it at the last', () => {
    expect(bucketFor(0)).toBe(50);
    expect(bucketFor(50)).toBe(50);
    expect(bucketFor(51)).toBe(200);
    expect(bucketFor(4_000)).toBe(5_000);
    expect(bucketFor(10 * 3_600_000)).toBe(RETRY_BUCKETS_MS[RETRY_BUCKETS_MS.length - 1]);
  });

  it('names a topic queue, its dead letters and its retry buckets', () => {
    const q = topicQueues('lp.', 'raw');
    expect(q.main).toBe('lp.raw');
    expect(q.dead).toBe('lp.raw.dead');
    expect(q.retries[0]).toEqual({ delayMs: 50, name: 'lp.raw.retry.50ms' });
    expect(allQueueNames(q)).toHaveLength(2 + RETRY_BUCKETS_MS.length);
  });
});
