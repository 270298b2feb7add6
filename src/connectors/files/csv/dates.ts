import { isValidCalendarDate } from '../../../canonical/index.js';
import type { WallTime } from '../zoned-time.js';

/** Date formats a profile may set. Only the order of day, month and year matters when reading. */
export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'MM.DD.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'DD/MM/YY',
  'MM/DD/YY',
  'DD.MM.YY',
  'D MMM YYYY',
  'MMM D, YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Day-first or month-first, for dates written with numbers only; null when the file never needs it. */
export type DateOrder = 'dmy' | 'mdy';

/** The order a format fixes for all-numeric dates (null for year-first and named-month formats). */
export function orderOfFormat(format: DateFormat): DateOrder | null {
  if (format.startsWith('D')) return 'dmy';
  if (format.startsWith('MM/') || format.startsWith('MM.') || format.startsWith('MM-')) return 'mdy';
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? null : i + 1;
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/;
const DAY_MONTH_NAME = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -]+(\d{4})/;
const MONTH_NAME_DAY = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})/;
const TIME = /^(?:[T ]\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?/;
const OFFSET = /^\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$/i;

export type DateEvidence = 'dmy' | 'mdy' | 'ambiguous' | 'neutral' | 'invalid';

/** What one value says about day-first vs month-first. */
export function dateEvidence(value: string): DateEvidence {
  const v = value.trim();
  if (ISO.test(v) || DAY_MONTH_NAME.test(v) || MONTH_NAME_DAY.test(v)) return 'neutral';
  const m = NUMERIC.exec(v);
  if (!m) return 'invalid';
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (a > 12 && b > 12) return 'invalid';
  if (a > 12) return 'dmy';
  if (b > 12) return 'mdy';
  return a === b ? 'neutral' : 'ambiguous';
}

export interface ParsedDateTime {
  readonly date: string;
  readonly time: WallTime | null;
  /** "+02:00" / "Z" when the value carries an offset; null for a local wall time. */
  readonly offset: string | null;
}

function normalizeOffset(raw: string): string {
  const u = raw.toUpperCase();
  if (u === 'Z' || u === 'UTC' || u === 'GMT') return 'Z';
  const digits = raw.replace(':', '');
  const o = `${digits.slice(0, 3)}:${digits.slice(3, 5)}`;
  return o === '+00:00' || o === '-00:00' ? 'Z' : o;
}

interface DatePart {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  /** Characters the date took at the start of the value. */
  readonly length: number;
}

function datePart(v: string, order: DateOrder | null): DatePart | null {
  const iso = ISO.exec(v);
  if (iso) return { y: Number(iso[1]), mo: Number(iso[2]), d: Number(iso[3]), length: iso[0].length };
  const dmName = DAY_MONTH_NAME.exec(v);
  if (dmName) {
    const mo = monthNumber(dmName[2] ?? '');
    return mo === null ? null : { y: Number(dmName[3]), mo, d: Number(dmName[1]), length: dmName[0].length };
  }
  const mdName = MONTH_NAME_DAY.exec(v);
  if (mdName) {
    const mo = monthNumber(mdName[1] ?? '');
    return mo === null ? null : { y: Number(mdName[3]), mo, d: Number(mdName[2]), length: mdName[0].length };
  }
  const num = NUMERIC.exec(v);
  if (!num) return null;
  const a = Number(num[1]);
  const b = Number(num[3]);
  const yearText = num[4] ?? '';
  // Two-digit years are read as 20YY: these are exports of current bookkeeping.
  const y = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const effective: DateOrder | null = order ?? (a > 12 ? 'dmy' : b > 12 ? 'mdy' : a === b ? 'dmy' : null);
  if (effective === null) return null;
  return effective === 'dmy' ? { y, mo: b, d: a, length: num[0].length } : { y, mo: a, d: b, length: num[0].length };
}

/**
 * Reads a date or timestamp cell. Numeric day/month dates need `order` unless the value settles
 * it (a part above 12, or day equal to month). Returns null when the value cannot be read.
 */
export function parseDateTime(value: string, order: DateOrder | null): ParsedDateTime | null {
  const v = value.trim();
  const part = datePart(v, order);
  if (!part) return null;
  const { y, mo, d } = part;
  let rest = v.slice(part.length);
  const date = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isValidCalendarDate(date)) return null;
  let time: WallTime | null = null;
  const t = TIME.exec(rest);
  if (t) {
    let hour = Number(t[1]);
    const ampm = t[4]?.toLowerCase();
    if (ampm === 'pm' && hour < 12) hour += 12;
    if (ampm === 'am' && hour === 12) hour = 0;
    time = { hour, minute: Number(t[2]), second: Number(t[3] ?? '0') };
    if (time.hour > 23 || time.minute > 59 || time.second > 59) return null;
    rest = rest.slice(t[0].length);
  }
  if (rest.trim() === '') return { date, time, offset: null };
  const o = OFFSET.exec(rest);
  if (!o?.[1] || time === null) return null;
  return { date, time, offset: normalizeOffset(o[1]) };
}

/** The UTC instant of a value that carries an offset. */
export function instantWithOffset(p: ParsedDateTime): string | null {
  if (p.offset === null || p.time === null) return null;
  const [y, mo, d] = p.date.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(y, mo - 1, d, p.time.hour, p.time.minute, p.time.second);
  const sign = p.offset.startsWith('-') ? -1 : 1;
  const [oh, om] = p.offset === 'Z' ? [0, 0] : (p.offset.slice(1).split(':').map(Number) as [number, number]);
  return new Date(local - sign * (oh * 60 + om) * 60_000).toISOString();
}
