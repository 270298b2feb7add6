import { dateStringCalendarDate, msDateCalendarDate, parseMsDate } from './ms-date.js';

/**
 * A date-only Xero field as a calendar date. The `…String` companion is organisation-local and is
 * preferred; the `/Date(…)/` value (midnight at its written offset) is the fallback.
 */
export function calendarDateOf(dateString: string | undefined, msDate: string | undefined): string | null {
  const fromString = dateStringCalendarDate(dateString);
  if (fromString) return fromString;
  const parsed = parseMsDate(msDate);
  return parsed ? msDateCalendarDate(parsed) : null;
}

export interface UpdatedStamp {
  readonly sourceUpdatedAt: string;
  readonly sourceOffset: string;
}

/** `UpdatedDateUTC` as the source stamp (the schema already checked it parses). */
export function updatedStampOf(updatedDateUtc: string): UpdatedStamp | null {
  const parsed = parseMsDate(updatedDateUtc);
  return parsed ? { sourceUpdatedAt: parsed.utc, sourceOffset: parsed.offset } : null;
}
