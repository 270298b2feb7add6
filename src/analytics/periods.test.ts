import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeek } from '../canonical/time.js';
import {
  dateOfDay,
  dayNumber,
  monthId,
  monthPeriod,
  periodsBetween,
  weekId,
  weekPeriod,
  weeksFillingMonth,
  yearAgo,
} from './periods.js';

describe('integer periods', () => {
  it('numbers days, ISO weeks and months', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dateOfDay(dayNumber('2026-06-01'))).toBe('2026-06-01');
    expect(weekPeriod(weekId('2026-06-03'))).toMatchObject({
      label: '2026-W23',
      startDate: '2026-06-01',
      endDate: '2026-06-07',
    });
    // ISO week 1 of 2026 starts in 2025; week 53 of 2026 ends in 2027.
    expect(weekPeriod(weekId('2025-12-29')).label).toBe('2026-W01');
    expect(weekPeriod(weekId('2027-01-03')).label).toBe('2026-W53');
    expect(monthPeriod(monthId('2024-02-10'))).toMatchObject({
      label: '2024-02',
      startDate: '2024-02-01',
      endDate: '2024-02-29',
    });
  });

  it('finds the same period a year earlier', () => {
    const w = weekId('2026-06-01');
    expect(weekPeriod(yearAgo('week', w)).startDate).toBe('2025-06-02');
    expect(monthPeriod(yearAgo('month', monthId('2026-06-15'))).label).toBe('2025-06');
  });

  it('knows the months made of whole ISO weeks (a February starting on a Monday)', () => {
    expect(weeksFillingMonth(monthId('2027-02-01'))?.map((w) => weekPeriod(w).label)).toEqual([
      '2027-W05',
      '2027-W06',
      '2027-W07',
      '2027-W08',
    ]);
    expect(weeksFillingMonth(monthId('2026-06-01'))).toBeNull();
  });

  it('covers every date by exactly one week whose label is its ISO week', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2060-12-31') }), (day) => {
        const date = dateOfDay(day);
        const p = weekPeriod(weekId(date));
        expect(p.startDate <= date && date <= p.endDate).toBe(true);
        expect(p.label).toBe(isoWeek(date));
        const m = monthPeriod(monthId(date));
        expect(m.startDate <= date && date <= m.endDate).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('lists the weeks and months between two dates', () => {
    const list = periodsBetween('2026-01-30', '2026-02-02');
    expect(list.map((p) => p.label)).toEqual(['2026-W05', '2026-W06', '2026-01', '2026-02']);
  });
});
