import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../canonical/time.js';
import { addDays, daysBetween, isoDayOfWeek, localToUtcMs, mondayOf, toInstant, zoneOffsetMs } from './calendar.js';

describe('calendar', () => {
  it('does date arithmetic without the host zone', () => {
    expect(addDays('2024-12-02', 728)).toBe('2026-11-30');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2024-12-02', '2026-11-30')).toBe(728);
    expect(isoDayOfWeek('2024-12-02')).toBe(1);
    expect(isoDayOfWeek('2024-12-08')).toBe(7);
    expect(mondayOf('2026-06-07')).toBe('2026-06-01');
    expect(toInstant(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006Z');
  });

  it.each([
    ['America/New_York', '2025-03-09', 8, '2025-03-09T12:00:00.000Z'],
    ['America/New_York', '2025-03-08', 8, '2025-03-08T13:00:00.000Z'],
    ['Europe/London', '2025-10-26', 9, '2025-10-26T09:00:00.000Z'],
    ['Australia/Sydney', '2025-10-05', 7, '2025-10-04T20:00:00.000Z'],
    ['Australia/Sydney', '2025-06-01', 0, '2025-05-31T14:00:00.000Z'],
  ])('converts local %s %s %d:00 to UTC across DST changes', (zone, date, hour, utc) => {
    const ms = localToUtcMs(date, hour * 3_600_000, zone);
    expect(toInstant(ms)).toBe(utc);
    expect(dateInZone(ms, zone)).toBe(date);
  });

  it('reads zone offsets', () => {
    expect(zoneOffsetMs(Date.UTC(2025, 0, 15), 'America/Los_Angeles')).toBe(-8 * 3_600_000);
    expect(zoneOffsetMs(Date.UTC(2025, 0, 15), 'Australia/Sydney')).toBe(11 * 3_600_000);
  });
});
