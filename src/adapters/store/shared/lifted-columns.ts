// Guards for the columns lifted out of canonical JSON into typed SQL columns (DATE, NUMERIC).
// The JSON keeps the exact value either way; a value the typed column cannot hold is stored as
// NULL there rather than failing the whole batch.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** True for a real proleptic-Gregorian date YYYY-MM-DD from year 1 (what SQL DATE accepts). */
export function isCalendarDate(value: string | null): value is string {
  if (value === null) return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (DAYS_IN_MONTH[mo - 1] ?? 0) + (mo === 2 && leap ? 1 : 0);
}

/** True when a decimal string fits DECIMAL(precision, scale) without overflowing its integer part. */
export function fitsDecimal(value: string | null, precision: number, scale: number): value is string {
  if (value === null) return false;
  const m = /^-?(\d+)(?:\.\d+)?$/.exec(value);
  if (!m) return false;
  const integer = (m[1] ?? '').replace(/^0+(?=\d)/, '');
  return integer.length <= precision - scale;
}
