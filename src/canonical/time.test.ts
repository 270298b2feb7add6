import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateInZone, isoWeek, isValidCalendarDate, localDateOf, parseInstant } from './time.js';

describe('time', () => {
  it('keeps the source offset beside the UTC instant', () => {
    expect(parseInstant('2008-01-10T11:00:00-05:00')).toEqual({ utc: '2008-01-10T16:00:00.000Z', offset: '-05:00' });
    expect(parseInstant('2026-03-01T00:30:00+0530')).toEqual({ utc: '2026-02-28T19:00:00.000Z', offset: '+05:30' });
    expect(parseInstant('2026-03-01T00:00:00Z').offset).toBe('Z');
  });

  it('refuses a timestamp without an offset unless the zone is given', () => {
    expect(() => parseInstant('2026-03-01T10:00:00')).toThrow(/no UTC offset/);
    expect(parseInstant('2026-03-01T10:00:00', '+01:00').utc).toBe('2026-03-01T09:00:00.000Z');
  });

  it('reads the local calendar date as the source wrote it, whatever the host zone', () => {
    expect(localDateOf('2026-01-01T23:30:00-05:00')).toBe('2026-01-01');
    expect(dateInZone('2026-01-02T03:00:00.000Z', 'America/New_York')).toBe('2026-01-01');
    expect(dateInZone('2026-01-01T20:00:00.000Z', 'Australia/Sydney')).toBe('2026-01-02');
  });

  it('numbers ISO weeks across year ends', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
  });

  it('round-trips instants through any offset (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        (ms, offsetMin) => {
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
          expect(parseInstant(`${local}${off}`).utc).toBe(new Date(ms).toISOString());
        },
      ),
    );
  });

  it('rejects impossible calendar dates', () => {
    expect(isValidCalendarDate('2026-02-28')).toBe(true);
    expect(isValidCalendarDate('2026-02-30')).toBe(false);
    expect(isValidCalendarDate('2026-13-01')).toBe(false);
  });
});
