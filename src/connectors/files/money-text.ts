import { fixed, toDecimal } from '../../canonical/index.js';

/** A decimal string from trusted decimal text, written with at least two places ("1300" -> "1300.00"), never rounded. */
export function atLeastCents(value: string): string {
  const t = toDecimal(value);
  const dot = t.indexOf('.');
  const scale = dot < 0 ? 0 : t.length - dot - 1;
  return scale >= 2 ? t : fixed(t, 2);
}

/** Plain decimal text ("7", "-3", "3.61") to its canonical decimal string, or null when it is not one. */
export function decimalOrNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  return toDecimal(t);
}
