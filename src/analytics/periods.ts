import { isoWeek } from '../canonical/time.js';

/**
 * Periods as integers, so the shared SQL never does date arithmetic (DuckDB and Spark SQL spell
 * it differently): a calendar date is its day number since 1970-01-01, an ISO week is the day
 * number of its Monday divided by 7 (an integer, since 1970-01-05 was a Monday: (day + 3) / 7),
 * a month is year * 12 + month - 1. "The same week last year" is week - 52, "last month" is
 * month - 1, "the same month last year" is month - 12.
 */
export type Grain = 'week' | 'month';
export const GRAINS: readonly Grain[] = ['week', 'month'];

const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO day of week, 1 = Monday … 7 = Sunday. */
function isoDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function weekId(date: string): number {
  const day = dayNumber(date);
  return (day - (isoDay(day) - 1) + 3) / 7;
}

export function monthId(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

export interface Period {
  readonly grain: Grain;
  readonly id: number;
  /** "2026-W23" or "2026-06". */
  readonly label: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly startDay: number;
  readonly endDay: number;
}

export function weekPeriod(id: number): Period {
  const startDay = id * 7 - 3;
  const startDate = dateOfDay(startDay);
  return {
    grain: 'week',
    id,
    label: isoWeek(startDate),
    startDate,
    endDate: dateOfDay(startDay + 6),
    startDay,
    endDay: startDay + 6,
  };
}

export function monthPeriod(id: number): Period {
  const year = Math.floor(id / 12);
  const month = id - year * 12;
  const startDay = Math.round(Date.UTC(year, month, 1) / DAY_MS);
  const endDay = Math.round(Date.UTC(year, month + 1, 1) / DAY_MS) - 1;
  return {
    grain: 'month',
    id,
    label: `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`,
    startDate: dateOfDay(startDay),
    endDate: dateOfDay(endDay),
    startDay,
    endDay,
  };
}

export function periodOf(grain: Grain, id: number): Period {
  return grain === 'week' ? weekPeriod(id) : monthPeriod(id);
}

/** Every week and month that touches the dates from `from` to `to` (inclusive). */
export function periodsBetween(from: string, to: string): Period[] {
  const out: Period[] = [];
  for (let w = weekId(from); w <= weekId(to); w++) out.push(weekPeriod(w));
  for (let m = monthId(from); m <= monthId(to); m++) out.push(monthPeriod(m));
  return out;
}

/** Same period a year earlier: 52 weeks back (same weekday mix), or 12 months back. */
export function yearAgo(grain: Grain, id: number): number {
  return grain === 'week' ? id - 52 : id - 12;
}

/** The weeks that make up a month exactly, or null when the month does not start on a Monday and end on a Sunday. */
export function weeksFillingMonth(month: number): number[] | null {
  const p = monthPeriod(month);
  if (isoDay(p.startDay) !== 1 || isoDay(p.endDay) !== 7) return null;
  const weeks: number[] = [];
  for (let day = p.startDay; day <= p.endDay; day += 7) weeks.push(weekId(dateOfDay(day)));
  return weeks;
}
