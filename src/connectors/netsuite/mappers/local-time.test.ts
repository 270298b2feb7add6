import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localToUtc } from './local-time.js';

/** Wall clock of an instant in a zone, written the way SuiteQL TO_CHAR(…, 'YYYY-MM-DD HH24:MI:SS') does. */
function wallClock(ms: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(new Date(ms));
}

const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];

describe('localToUtc', () => {
  it('round-trips: the wall clock of the result is the input, and unambiguous instants come back exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }),
        fc.constantFrom(...ZONES),
        (sec, zone) => {
          const ms = sec * 1000;
          const wall = wallClock(ms, zone);
          const back = localToUtc(wall, zone);
          expect(back).not.toBeNull();
          const backMs = Date.parse(back?.utc ?? '');
          expect(wallClock(backMs, zone)).toBe(wall);
          // Only a repeated (fall-back) wall clock may resolve elsewhere, and then to the earlier instant.
          expect(backMs).toBeLessThanOrEqual(ms);
          expect(ms - backMs).toBeLessThanOrEqual(3_600_000);
        },
      ),
      { seed: 21, numRuns: 500 },
    );
  });

  it('resolves a repeated fall-back hour to its first occurrence', () => {
    // 1 Nov 2026, New York: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(localToUtc('2026-11-01 01:30:00', 'America/New_York')).toEqual({
      utc: '2026-11-01T05:30:00.000Z',
      offset: '-04:00',
    });
  });

  it('refuses text that is not a SuiteQL timestamp', () => {
    expect(localToUtc('11/1/2026', 'UTC')).toBeNull();
    expect(localToUtc('2026-11-01 01:30:00', 'Not/AZone')).toBeNull();
  });
});
