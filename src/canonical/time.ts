import { z } from 'zod';

/** A calendar date in the company's own time zone (YYYY-MM-DD), never an instant. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a calendar date YYYY-MM-DD')
  .refine((d) => isValidCalendarDate(d), 'not a real calendar date')
  .describe("A calendar date in the company's own time zone.");
export type CalendarDate = z.infer<typeof CalendarDate>;

/** An instant in UTC, ISO 8601 with milliseconds and a Z suffix. */
export const UtcInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected a UTC instant like 2026-01-02T03:04:05.000Z')
  .describe('An instant in UTC (ISO 8601, milliseconds, Z).');
export type UtcInstant = z.infer<typeof UtcInstant>;

/** The UTC offset the source wrote, e.g. "-05:00" or "Z", kept beside the UTC instant. */
export const SourceOffset = z.string().regex(/^(Z|[+-]\d{2}:\d{2})$/);

const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;

export interface ParsedInstant {
  readonly utc: UtcInstant;
  /** The offset as written by the source ("Z" when none was written and UTC was assumed). */
  readonly offset: string;
}

/**
 * Parses an ISO 8601 timestamp that carries an offset. A timestamp without an offset is
 * ambiguous; callers must pass the zone they know it is in (`assumeOffset`), or it is refused.
 */
export function parseInstant(text: string, assumeOffset?: string): ParsedInstant {
  const trimmed = text.trim();
  const m = OFFSET_RE.exec(trimmed);
  let withOffset = trimmed;
  let offset: string;
  if (m?.[1]) {
    offset = normalizeOffset(m[1]);
  } else if (assumeOffset !== undefined) {
    offset = normalizeOffset(assumeOffset);
    withOffset = `${trimmed}${offset === 'Z' ? 'Z' : offset}`;
  } else {
    throw new RangeError(`timestamp has no UTC offset: ${JSON.stringify(text)}`);
  }
  const ms = Date.parse(withOffset);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 timestamp: ${JSON.stringify(text)}`);
  return { utc: new Date(ms).toISOString(), offset };
}

function normalizeOffset(raw: string): string {
  if (raw.toUpperCase() === 'Z') return 'Z';
  const digits = raw.replace(':', '');
  const normalized = `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
  return normalized === '+00:00' || normalized === '-00:00' ? 'Z' : normalized;
}

/** Offset in minutes for "+05:30" / "-05:00" / "Z". */
export function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':');
  return sign * (Number(h) * 60 + Number(m));
}

/**
 * The calendar date of a timestamp as the source wrote it (its local date), which for platforms
 * that stamp in the shop's zone is the company's calendar date.
 */
export function localDateOf(text: string): CalendarDate {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim());
  if (!m?.[1]) throw new RangeError(`no date in ${JSON.stringify(text)}`);
  return m[1];
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of a UTC instant in an IANA time zone. */
export function dateInZone(utc: string | number, timeZone: string): CalendarDate {
  let fmt = dtfCache.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dtfCache.set(timeZone, fmt);
  }
  return fmt.format(new Date(utc));
}

/** ISO week of a calendar date as "YYYY-Www". */
export function isoWeek(date: CalendarDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function isValidCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const t = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === date;
}
