import { describe, expect, it } from 'vitest';
import { createBreaker } from './breaker.js';
import { createFakeClock } from './clock.js';

describe('createBreaker', () => {
  it('opens after N consecutive failures, half-opens after resetMs, closes on a probe success', () => {
    const clock = createFakeClock(0);
    const b = createBreaker(clock, 3, 10_000);
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state()).toBe('closed');
    expect(b.blockedUntil()).toBeNull();
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.blockedUntil()).toBe(10_000);
    clock.advance(10_000);
    expect(b.state()).toBe('half-open');
    expect(b.blockedUntil()).toBeNull(); // the probe
    expect(b.blockedUntil()).not.toBeNull(); // a second caller waits for the probe
    b.success();
    expect(b.state()).toBe('closed');
  });

  it('re-opens for another resetMs when the probe fails', () => {
    const clock = createFakeClock(0);
    const b = createBreaker(clock, 1, 1_000);
    b.failure();
    clock.advance(1_000);
    expect(b.blockedUntil()).toBeNull();
    b.failure();
    expect(b.state()).toBe('open');
    expect(b.blockedUntil()).toBe(2_000);
  });
});
