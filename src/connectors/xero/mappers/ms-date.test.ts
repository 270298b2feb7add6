import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateStringCalendarDate, formatMsDate, msDateCalendarDate, parseMsDate } from './ms-date.js';

describe('parseMsDate', () => {
  it('reads the fixture forms: with +0000, without offset, and with escaped slashes', () => {
    expect(parseMsDate('/Date(1539993600000+0000)/')).toEqual({
      epochMs: 1539993600000,
      utc: '2018-10-20T00:00:00.000Z',
      offset: 'Z',
      offsetMinutes: 0,
    });
    expect(parseMsDate('/Date(1552326816230)/')?.utc).toBe('2019-03-11T17:53:36.230Z');
    expect(parseMsDate('\\/Date(1584585851967)\\/')?.utc).toBe('2020-03-19T02:44:11.967Z');
  });

  it('keeps a non-zero offset and reads the instant as UTC milliseconds', () => {
    const d = parseMsDate('/Date(1518685950940+1300)/');
    expect(d?.utc).toBe('2018-02-15T09:12:30.940Z');
    expect(d?.offset).toBe('+13:00');
    expect(d?.offsetMinutes).toBe(780);
    const w = parseMsDate('/Date(1518685950940-0530)/');
    expect(w?.offset).toBe('-05:30');
    expect(w?.offsetMinutes).toBe(-330);
  });

  it('reads .NET DateTime.MinValue and negative epochs', () => {
    expect(parseMsDate('/Date(-62135596800000)/')?.utc).toBe('0001-01-01T00:00:00.000Z');
    expect(parseMsDate('/Date(-1000+0000)/')?.utc).toBe('1969-12-31T23:59:59.000Z');
  });

  it('returns null for anything else, never throwing', () => {
    for (const bad of [
      '',
      '2018-10-20T00:00:00',
      '/Date()/',
      '/Date(abc)/',
      '/Date(1539993600000+000)/',
      '/Date(1539993600000+2500)/',
      'Date(1539993600000)',
      '/Date(1539993600000+0000)',
      '/Date(99999999999999999)/',
      42,
      null,
      undefined,
      {},
    ]) {
      expect(parseMsDate(bad)).toBeNull();
    }
  });

  it('calendar date of a date-only value is the wall date at its offset', () => {
    const utcMidnight = parseMsDate('/Date(1539993600000+0000)/');
    expect(utcMidnight && msDateCalendarDate(utcMidnight)).toBe('2018-10-20');
    // 2018-10-19T11:00Z written at +13:00 is 2018-10-20 00:00 in Auckland.
    const nz = parseMsDate('/Date(1539946800000+1300)/');
    expect(nz && msDateCalendarDate(nz)).toBe('2018-10-20');
  });

  it('reads DateString companions, refusing impossible dates', () => {
    expect(dateStringCalendarDate('2018-10-20T00:00:00')).toBe('2018-10-20');
    expect(dateStringCalendarDate('2018-10-20')).toBe('2018-10-20');
    expect(dateStringCalendarDate('2018-02-30T00:00:00')).toBeNull();
    expect(dateStringCalendarDate('20/10/2018')).toBeNull();
    expect(dateStringCalendarDate(undefined)).toBeNull();
  });
});

const epochMs = fc.integer({ min: -62_135_596_800_000, max: 253_402_214_400_000 });
const offsetMinutes = fc.integer({ min: -14 * 60, max: 14 * 60 });

describe('parseMsDate properties', () => {
  it('round-trips format → parse for any instant and offset', () => {
    fc.assert(
      fc.property(epochMs, offsetMinutes, (ms, off) => {
        const parsed = parseMsDate(formatMsDate(ms, off));
        expect(parsed?.epochMs).toBe(ms);
        expect(parsed?.offsetMinutes).toBe(off);
        expect(parsed?.utc).toBe(new Date(ms).toISOString());
      }),
    );
  });

  it('the offset never changes the instant, only the calendar date read from it', () => {
    fc.assert(
      fc.property(epochMs, offsetMinutes, (ms, off) => {
        const a = parseMsDate(formatMsDate(ms, 0));
        const b = parseMsDate(formatMsDate(ms, off));
        expect(a?.utc).toBe(b?.utc);
        const date = b ? msDateCalendarDate(b) : '';
        expect(date).toBe(new Date(ms + off * 60_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('a midnight written at any offset reads back as its own calendar date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_932_895 }), offsetMinutes, (dayNumber, off) => {
        const date = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
        const localMidnightUtcMs = dayNumber * 86_400_000 - off * 60_000;
        const parsed = parseMsDate(formatMsDate(localMidnightUtcMs, off));
        expect(parsed && msDateCalendarDate(parsed)).toBe(date);
      }),
    );
  });

  it('the escaped and unescaped forms and the no-offset form agree', () => {
    fc.assert(
      fc.property(epochMs, (ms) => {
        const plain = parseMsDate(`/Date(${ms})/`);
        const escaped = parseMsDate(`\\/Date(${ms}+0000)\\/`);
        expect(plain).toEqual(escaped);
        expect(plain?.offset).toBe('Z');
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseMsDate(s);
        expect(r === null || typeof r.utc === 'string').toBe(true);
      }),
    );
  });
});
