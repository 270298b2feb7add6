/**
 * The fast path of money.ts: a plain decimal text such as "-199.05" held as an integer count of
 * its last place (-19905) and that place (scale 2). Integers below 2^53 are exact in a double, so
 * sums, differences, products and half-even rounding of such amounts are exact here; anything this
 * cannot hold exactly (too many digits, an exponent, a "+" sign, a result of 2^53 or more) is left
 * to decimal.js by returning null. Results are written exactly as decimal.js writes them.
 */

/** Digits at most: 10^15 - 1 < 2^53, so every parsed value is a safe integer. */
const MAX_DIGITS = 15;

export interface Scaled {
  /** The value times 10^scale; -0 for a negative zero such as "-0.00". */
  readonly units: number;
  readonly scale: number;
}

const POW10: readonly number[] = Array.from({ length: 31 }, (_, i) => 10 ** i);

/** Parses `^-?\d+(\.\d+)?$` with at most 15 digits; null for anything else. */
export function parseScaled(text: string): Scaled | null {
  const length = text.length;
  let i = 0;
  let negative = false;
  if (length > 0 && text.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let units = 0;
  let digits = 0;
  let scale = -1;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0 && digits > 0) {
      scale = 0;
    } else {
      return null;
    }
  }
  if (digits === 0 || scale === 0 || digits > MAX_DIGITS) return null;
  return { units: negative ? -units : units, scale: scale < 0 ? 0 : scale };
}

/** `units` at a larger scale, or null when that is not a safe integer. */
export function rescale(value: Scaled, scale: number): number | null {
  if (value.scale === scale) return value.units;
  const factor = POW10[scale - value.scale];
  if (factor === undefined) return null;
  const units = value.units * factor;
  return Number.isSafeInteger(units) ? units : null;
}

/** Writes units/10^scale as decimal.js's toFixed() does: no trailing zeros, no "-" on zero. */
export function formatScaled(units: number, scale: number): string {
  if (units === 0) return '0';
  const negative = units < 0;
  let digits = String(negative ? -units : units);
  if (scale > 0) {
    let end = digits.length;
    let dropped = 0;
    while (dropped < scale && digits.charCodeAt(end - 1) === 48) {
      end--;
      dropped++;
    }
    const places = scale - dropped;
    digits = digits.slice(0, end);
    if (places > 0) {
      if (digits.length <= places) digits = `0.${'0'.repeat(places - digits.length)}${digits}`;
      else digits = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
    }
  }
  return negative ? `-${digits}` : digits;
}

/**
 * Rounds half to even to `places` decimals and writes exactly that many, as decimal.js's
 * toDecimalPlaces(places, ROUND_HALF_EVEN).toFixed(places) does (a zero has no "-").
 */
export function roundScaled(value: Scaled, places: number): string | null {
  let units = value.units;
  if (value.scale > places) {
    const factor = POW10[value.scale - places];
    if (factor === undefined) return null;
    const magnitude = units < 0 ? -units : units;
    let q = Math.floor(magnitude / factor);
    const r = magnitude - q * factor;
    // The division is exact enough below 2^53 for floor to be right; checked all the same.
    if (r < 0 || r >= factor) return null;
    const half = factor / 2;
    if (r > half || (r === half && q % 2 === 1)) q++;
    units = units < 0 ? -q : q;
  } else if (value.scale < places) {
    const factor = POW10[places - value.scale];
    if (factor === undefined) return null;
    units *= factor;
    if (!Number.isSafeInteger(units)) return null;
  }
  if (units === 0) return places > 0 ? `0.${'0'.repeat(places)}` : '0';
  const negative = units < 0;
  let digits = String(negative ? -units : units);
  if (places > 0) {
    if (digits.length <= places) digits = `0.${'0'.repeat(places - digits.length)}${digits}`;
    else digits = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  }
  return negative ? `-${digits}` : digits;
}
