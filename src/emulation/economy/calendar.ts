/**
 * Calendar arithmetic on YYYY-MM-DD dates and zone conversions. Everything goes through Date.UTC
 * and Intl with an explicit zone, so the host time zone never matters.
 */
const DAY_MS = 86_400_000;

// Books convert the same few thousand dates over and over; both directions are memoised.
const msByDate = new Map<string, number>();
const dateByDayNumber = new Map<number, string>();

export function dateToUtcMs(date: string): number {
  let ms = msByDate.get(date);
  if (ms === undefined) {
    ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
    if (msByDate.size < 100_000) msByDate.set(date, ms);
  }
  return ms;
}

/** The UTC calendar date of an instant in ms. */
export function msToDate(ms: number): string {
  const dayNumber = Math.floor(ms / DAY_MS);
  let date = dateByDayNumber.get(dayNumber);
  if (date === undefined) {
    date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dateByDayNumber.size < 100_000) dateByDayNumber.set(dayNumber, date);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  return msToDate(dateToUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** ISO day of week: 1 = Monday ... 7 = Sunday. */
export function isoDayOfWeek(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay() || 7;
}

/** The Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoDayOfWeek(date));
}

/** 1-based day of the year. */
export function dayOfYear(date: string): number {
  return daysBetween(`${date.slice(0, 4)}-01-01`, date) + 1;
}

export function toInstant(ms: number): string {
  return new Date(ms).toISOString();
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = partsFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, fmt);
  }
  return fmt;
}

/** The zone's offset from UTC in ms at a UTC instant (local = utc + offset). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const fields = new Map<string, number>();
  for (const part of formatterFor(timeZone).formatToParts(new Date(whole))) {
    if (part.type !== 'literal') fields.set(part.type, Number(part.value));
  }
  const field = (name: string, fallback: number): number => fields.get(name) ?? fallback;
  const local = Date.UTC(
    field('year', 1970),
    field('month', 1) - 1,
    field('day', 1),
    field('hour', 0),
    field('minute', 0),
    field('second', 0),
  );
  return local - whole;
}

/**
 * The UTC instant of a local wall-clock time in a zone. Two passes settle the offset; local times
 * skipped by a DST jump resolve to the later offset, which is fine because generated documents
 * are stamped between 06:00 and 23:30 local, away from every transition in the zones we use.
 */
export function localToUtcMs(date: string, msOfDay: number, timeZone: string): number {
  const wall = dateToUtcMs(date) + msOfDay;
  const first = zoneOffsetMs(wall, timeZone);
  const second = zoneOffsetMs(wall - first, timeZone);
  return wall - second;
}
