import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appMinuteRule, rollingWindowRule, tenantDayRule, tenantMinuteRule, XERO_LIMITS } from './api.js';

describe('rate-limit buckets', () => {
  it('never admit more than the allowance in any rolling window (capacity + refill × window)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 100_000 }),
        fc.integer({ min: 1, max: 86_400 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 50 }),
        (allowance, windowS, burst, margin) => {
          fc.pre(margin < allowance - 1);
          const rule = rollingWindowRule(allowance, windowS, burst, margin);
          expect(rule.capacity).toBeGreaterThanOrEqual(1);
          expect(rule.capacity + rule.refillPerSecond * windowS).toBeLessThanOrEqual(allowance - margin + 1e-9);
        },
      ),
    );
  });

  it('Xero defaults: 58 a minute per tenant, 4950 a day, 9900 a minute app-wide', () => {
    const minute = tenantMinuteRule(XERO_LIMITS);
    expect(minute.capacity + minute.refillPerSecond * 60).toBeCloseTo(58, 9);
    const day = tenantDayRule(XERO_LIMITS);
    expect(day.capacity + day.refillPerSecond * 86_400).toBeCloseTo(4950, 6);
    // A first sync is paced by the minute rule, not starved by the day bucket.
    expect(day.capacity).toBe(4000);
    const app = appMinuteRule(XERO_LIMITS);
    expect(app.capacity + app.refillPerSecond * 60).toBeCloseTo(9900, 6);
  });
});
