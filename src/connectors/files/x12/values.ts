import { div, fixed, isValidCalendarDate, toDecimal } from '../../../canonical/index.js';
import { problem } from '../guarded-mapper.js';
import type { WallTime } from '../zoned-time.js';

/** X12 DT (CCYYMMDD, or YYMMDD in the ISA) to YYYY-MM-DD. */
export function x12Date(value: string, field: string): string {
  const v = value.trim();
  let iso: string | null = null;
  if (/^\d{8}$/.test(v)) iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
  // Six-digit dates appear only in the ISA; the standard leaves the century implied, read as 20YY.
  else if (/^\d{6}$/.test(v)) iso = `20${v.slice(0, 2)}-${v.slice(2, 4)}-${v.slice(4, 6)}`;
  if (iso === null || !isValidCalendarDate(iso)) {
    throw problem('LP_INPUT_MAPPING', `${field} ${JSON.stringify(value)} is not a date (CCYYMMDD)`, field);
  }
  return iso;
}

/** X12 TM (HHMM, HHMMSS, HHMMSSdd) to a wall time; null when empty or malformed. */
export function x12Time(value: string): WallTime | null {
  const m = /^(\d{2})(\d{2})(\d{2})?\d*$/.exec(value.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? '0');
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { hour, minute, second };
}

/** X12 R (real): explicit decimal point, optional sign. */
export function x12Real(value: string, field: string): string {
  const v = value.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(v)) {
    throw problem('LP_INPUT_MAPPING', `${field} ${JSON.stringify(value)} is not a number`, field);
  }
  return toDecimal(v);
}

/**
 * X12 Nn (implied decimal): "2350" in an N2 element is 23.50. A value that carries its own decimal
 * point is read as written (senders do this, and it is unambiguous).
 */
export function x12Implied(value: string, places: number, field: string): string {
  const v = value.trim();
  if (v.includes('.')) return fixed(x12Real(v, field), places);
  if (!/^-?\d+$/.test(v)) {
    throw problem('LP_INPUT_MAPPING', `${field} ${JSON.stringify(value)} is not an implied-decimal number`, field);
  }
  return fixed(div(v, 10 ** places), places);
}
