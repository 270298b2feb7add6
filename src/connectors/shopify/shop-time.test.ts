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

  it('writes what Intl writes, on transition days and in odd zones too', () => {
    const reference = (ms: number, timeZone: string) => {
      const f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'longOffset',
      });
      const p: Record<string, string> = {};
      for (const x of f.formatToParts(new Date(Math.floor(ms / 1000) * 1000))) p[x.type] = x.value;
      const gmt = p['timeZoneName'] ?? 'GMT';
      const offset = gmt === 'GMT' ? '+00:00' : gmt.slice(3);
      return `${(p['year'] ?? '').padStart(4, '0')}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}:${p['second']}${offset}`;
    };
    const zones = [
      'America/New_York',
      'America/St_Johns',
      'America/Sao_Paulo',
      'Europe/Dublin',
      'Europe/London',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Apia',
      'Africa/Casablanca',
      'Antarctica/Troll',
      'UTC',
    ];
    // Any second from 1890 to 2060, and seconds in the months when clocks usually change.
    const anySecond = fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2060, 0, 1) });
    const transitionSeason = fc
      .tuple(
        fc.integer({ min: 1970, max: 2040 }),
        fc.constantFrom(2, 3, 9, 10),
        fc.integer({ min: 0, max: 31 * 86_400 - 1 }),
      )
      .map(([year, month, second]) => Date.UTC(year, month, 1) + second * 1000);
    fc.assert(
      fc.property(fc.oneof(anySecond, transitionSeason), fc.constantFrom(...zones), (ms, zone) => {
        expect(formatShopTimestamp(ms, zone)).toBe(reference(ms, zone));
      }),
      { numRuns: 3000, seed: 20261203 },
    );
  });
});
