import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../kit/clock.js';
import { createRemainingPacer, readRemaining } from './limit-headers.js';

describe('Xero remaining-allowance headers', () => {
  it('reads the three counters (fixture headers: day 4983, minute 58)', () => {
    expect(readRemaining({ 'x-daylimit-remaining': '4983', 'x-minlimit-remaining': '58' })).toEqual({
      minute: 58,
      day: 4983,
      appMinute: null,
    });
    expect(readRemaining({ 'x-minlimit-remaining': 'lots' }).minute).toBeNull();
  });

  it('holds calls for a minute once Xero says the minute allowance is spent, and not otherwise', async () => {
    const clock = createFakeClock(0);
    const pacer = createRemainingPacer(clock);
    pacer.observe({ 'x-minlimit-remaining': '3', 'x-appminlimit-remaining': '900' });
    await pacer.wait();
    expect(clock.sleeps).toEqual([]);
    pacer.observe({ 'x-minlimit-remaining': '0' });
    clock.advance(10_000);
    await pacer.wait();
    expect(clock.sleeps).toEqual([50_000]);
    await pacer.wait();
    expect(clock.sleeps).toEqual([50_000]);
    pacer.observe({ 'x-appminlimit-remaining': '0' });
    await pacer.wait();
    expect(clock.sleeps).toEqual([50_000, 60_000]);
  });
});
