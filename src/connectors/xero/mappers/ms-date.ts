/**
 * Xero writes dates in the Microsoft JSON form `/Date(1518685950940+0000)/`: milliseconds since the
 * Unix epoch (always UTC) and an optional offset (±HHMM) saying which zone the value was written in.
 * Envelope stamps (`DateTimeUTC`) carry no offset. In raw text the slashes may be escaped (`\/Date(…)\/`);
 * JSON.parse unescapes them, and the pattern below accepts both forms anyway.
 */
const MS_DATE = /^\\?\/Date\((-?\d{1,15})(?:([+-])(\d{2})(\d{2}))?\)\\?\/$/;

/** 0001-01-01 (.NET DateTime.MinValue, which Xero writes for empty dates) to 9999-12-31 (UTC): an offset cannot push these out of years 0000-9999. */
const MIN_MS = -62135596800000;
const MAX_MS = 253402214400000;

export interface MsDate {
  /** Milliseconds since the epoch (UTC). */
  readonly epochMs: number;
  /** UTC instant, ISO with milliseconds. */
  readonly utc: string;
  /** The offset written by Xero as `Z` or `±HH:MM` (`+0000` and a missing offset both give `Z`). */
  readonly offset: string;
  /** Offset in minutes east of UTC. */
  readonly offsetMinutes: number;
}

/** Parses `/Date(ms±HHMM)/`; returns null for anything else (never throws). */
export function parseMsDate(text: unknown): MsDate | null {
  if (typeof text !== 'string') return null;
  const m = MS_DATE.exec(text.trim());
  if (!m?.[1]) return null;
  const epochMs = Number(m[1]);
  // Years 0000-9999 only: past them ISO text needs the extended-year form no instant schema accepts.
  if (!Number.isSafeInteger(epochMs) || epochMs < MIN_MS || epochMs > MAX_MS) return null;
  let offsetMinutes = 0;
  let offset = 'Z';
  if (m[2] && m[3] && m[4]) {
    const hh = Number(m[3]);
    const mm = Number(m[4]);
    if (hh > 14 || mm > 59) return null;
    offsetMinutes = (m[2] === '-' ? -1 : 1) * (hh * 60 + mm);
    offset = offsetMinutes === 0 ? 'Z' : `${m[2]}${m[3]}:${m[4]}`;
  }
  return { epochMs, utc: new Date(epochMs).toISOString(), offset, offsetMinutes };
}

/** Writes `/Date(ms±HHMM)/` (with `+0000` unless told otherwise); `offset: null` writes no offset. */
export function formatMsDate(epochMs: number, offsetMinutes: number | null = 0): string {
  if (offsetMinutes === null) return `/Date(${epochMs})/`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `/Date(${epochMs}${sign}${hh}${mm})/`;
}

/**
 * The calendar date a date-only field stands for: the wall-clock date at the written offset
 * (Xero writes date-only values as midnight, almost always `+0000`).
 */
export function msDateCalendarDate(date: MsDate): string {
  return new Date(date.epochMs + date.offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Xero's `DateString` companion (`2018-10-20T00:00:00`, organisation-local, no zone) as a calendar date. */
export function dateStringCalendarDate(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+)?$/.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  const t = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === date ? date : null;
}
