import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateEvidence, instantWithOffset, orderOfFormat, parseDateTime } from './dates.js';

describe('parseDateTime', () => {
  it.each([
    ['2026-04-03', null, { date: '2026-04-03', time: null, offset: null }],
    ['03/04/2026', 'dmy', { date: '2026-04-03', time: null, offset: null }],
    ['03/04/2026', 'mdy', { date: '2026-03-04', time: null, offset: null }],
    ['25.12.2025', null, { date: '2025-12-25', time: null, offset: null }],
    ['12/25/25', null, { date: '2025-12-25', time: null, offset: null }],
    ['5 Feb 2026', null, { date: '2026-02-05', time: null, offset: null }],
    ['Feb 5, 2026', null, { date: '2026-02-05', time: null, offset: null }],
    [
      '2025-10-07 09:50:26 +0200',
      null,
      { date: '2025-10-07', time: { hour: 9, minute: 50, second: 26 }, offset: '+02:00' },
    ],
    ['01/15/2026 3:05 PM', null, { date: '2026-01-15', time: { hour: 15, minute: 5, second: 0 }, offset: null }],
    ['2026-01-15T10:00:00Z', null, { date: '2026-01-15', time: { hour: 10, minute: 0, second: 0 }, offset: 'Z' }],
  ] as const)('%s (%s)', (text, order, expected) => {
    expect(parseDateTime(text, order)).toEqual(expected);
  });

  it('will not guess 03/04/2026 without an order, nor read impossible dates', () => {
    expect(parseDateTime('03/04/2026', null)).toBeNull();
    expect(parseDateTime('31/02/2026', 'dmy')).toBeNull();
    expect(parseDateTime('2026-13-01', null)).toBeNull();
    expect(parseDateTime('yesterday', null)).toBeNull();
  });

  it('turns an offset timestamp into its UTC instant', () => {
    const p = parseDateTime('2025-10-07 09:50:26 +0200', null);
    expect(p && instantWithOffset(p)).toBe('2025-10-07T07:50:26.000Z');
  });

  it('round-trips every calendar date in each numeric order', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(parseDateTime(`${day}/${m}/${y}`, 'dmy')?.date).toBe(iso);
        expect(parseDateTime(`${m}/${day}/${y}`, 'mdy')?.date).toBe(iso);
        expect(parseDateTime(`${day}.${m}.${y}`, 'dmy')?.date).toBe(iso);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('dateEvidence and formats', () => {
  it.each([
    ['25/12/2025', 'dmy'],
    ['12/25/2025', 'mdy'],
    ['03/04/2026', 'ambiguous'],
    ['04/04/2026', 'neutral'],
    ['2026-04-03', 'neutral'],
    ['13/13/2026', 'invalid'],
  ] as const)('%s says %s', (text, expected) => {
    expect(dateEvidence(text)).toBe(expected);
  });

  it('knows the order of each format', () => {
    expect(orderOfFormat('DD/MM/YYYY')).toBe('dmy');
    expect(orderOfFormat('MM-DD-YYYY')).toBe('mdy');
    expect(orderOfFormat('YYYY-MM-DD')).toBeNull();
    expect(orderOfFormat('MMM D, YYYY')).toBeNull();
  });
});
