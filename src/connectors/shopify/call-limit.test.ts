import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../kit/clock.js';
import { createCallLimitPacer, parseCallLimit } from './call-limit.js';

describe('parseCallLimit', () => {
  it('reads used/size', () => {
    expect(parseCallLimit('32/40')).toEqual({ used: 32, size: 40 });
    expect(parseCallLimit(' 1 / 80 ')).toEqual({ used: 1, size: 80 });
  });
  it('gives null for absent or broken values', () => {
    expect(parseCallLimit(undefined)).toBeNull();
    expect(parseCallLimit('40')).toBeNull();
    expect(parseCallLimit('3/0')).toBeNull();
  });
});

describe('createCallLimitPacer', () => {
  it('does not wait while the shop reports room', async () => {
    const clock = createFakeClock(0);
    const pacer = createCallLimitPacer(clock, 2);
    expect(await pacer.wait()).toBe(0);
    pacer.observe('37/40');
    expect(await pacer.wait()).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });

  it('waits for the reported bucket to drain below the headroom', async () => {
    const clock = createFakeClock(0);
    const pacer = createCallLimitPacer(clock, 2, 2);
    pacer.observe('40/40');
    // Allowed: 40 - 2 - 1 = 37 used; 3 calls to leak at 2/s = 1.5 s.
    expect(await pacer.wait()).toBe(1500);
    expect(clock.sleeps).toEqual([1500]);
    // Time has passed: the estimate drained.
    expect(await pacer.wait()).toBe(0);
  });

  it('counts the leak since the report', async () => {
    const clock = createFakeClock(0);
    const pacer = createCallLimitPacer(clock, 2, 2);
    pacer.observe('39/40');
    clock.advance(500);
    expect(await pacer.wait()).toBe(500); // 38 left after 0.5 s, one more to leak
  });
});
