import { describe, expect, it } from 'vitest';
import { mapInOrder } from './pool.js';

describe('mapInOrder', () => {
  it('keeps order with at most `width` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapInOrder([5, 1, 4, 2, 3, 0], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(3);
  });

  it('starts nothing after a failure and raises it only once the calls in flight settled', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapInOrder([0, 1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 10));
      settled++;
      if (n === 1) throw new Error('boom');
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(settled).toBe(started.length);
    expect(started.length).toBeLessThanOrEqual(3);
  });
});
