import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatShopTimestamp } from './shop-time.js';

describe('formatShopTimestamp', () => {
  it('writes the shop offset, no fraction, like Shopify', () => {
    expect(formatShopTimestamp('2008-01-10T16:00:00.000Z', 'America/New_York')).toBe('2008-01-10T11:00:00-05:00');
    expect(formatShopTimestamp('2025-07-02T16:29:59.999Z', 'America/Chicago')).toBe('2025-07-02T11:29:59-05:00');
    expect(formatShopTimestamp('2026-03-01T00:00:00.000Z', 'UTC')).toBe('2026-03-01T00:00:00+00:00');
    expect(formatShopTimestamp('2026-03-01T00:00:00.000Z', 'Asia/Kolkata')).toBe('2026-03-01T05:30:00+05:30');
  });

  it('round-trips to the same second in any zone', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'UTC', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const text = formatShopTimestamp(ms, zone);
          expect(Date.parse(text)).toBe(Math.floor(ms / 1000) * 1000);
        },
      ),
    );
  });
});
