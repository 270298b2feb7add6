import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { formatScaled, parseScaled, rescale, roundScaled, type Scaled } from './scaled-integer.js';

/**
 * Money is an exact decimal string plus an ISO 4217 code. Arithmetic goes through this module
 * only, on decimal.js, so no amount ever passes through a binary float. Plain amounts of up to 15
 * digits take an exact integer fast path first (scaled-integer.ts: "199.05" is 19905 hundredths),
 * which gives decimal.js's result character for character (money.test.ts checks it against
 * decimal.js) and several times faster; anything else goes to decimal.js as before.
 */
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export const DecimalString = z
  .string()
  .regex(DECIMAL_PATTERN, 'expected a decimal string such as "199.00"')
  .describe('An exact decimal number written as a string (never a binary float).');
export type DecimalString = z.infer<typeof DecimalString>;

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as "USD"')
  .describe('ISO 4217 alphabetic currency code.');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

export const Money = z.object({ amount: DecimalString, currency: CurrencyCode });
export type Money = z.infer<typeof Money>;

// 40 significant digits is far beyond any ledger amount; ROUND_HALF_EVEN is the banker's rule
// used for every rounding we document.
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export type DecimalInput = string | number | bigint;

/**
 * Parses a decimal from a source payload. Numbers are accepted only because some APIs send JSON
 * numbers; they are read through their shortest decimal text, which is exact for what JSON holds.
 */
export function toDecimal(value: DecimalInput): string {
  const text = typeof value === 'string' ? value.trim() : String(value);
  const fast = parseScaled(text);
  if (fast) return formatScaled(fast.units, fast.scale);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  }
  return new D(text).toFixed();
}

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

function scaled(value: DecimalInput): Scaled | null {
  return parseScaled(typeof value === 'string' ? value : String(value));
}

/** Two amounts at their common scale, or null when either is not a plain amount of the fast path. */
function aligned(a: DecimalInput, b: DecimalInput): { a: number; b: number; scale: number } | null {
  const x = scaled(a);
  const y = scaled(b);
  if (!x || !y) return null;
  const scale = Math.max(x.scale, y.scale);
  const ux = rescale(x, scale);
  const uy = rescale(y, scale);
  return ux === null || uy === null ? null : { a: ux, b: uy, scale };
}

function addFast(values: readonly DecimalInput[]): string | null {
  let units = 0;
  let scale = 0;
  for (const v of values) {
    const x = scaled(v);
    if (!x) return null;
    if (x.scale > scale) {
      const up = rescale({ units, scale }, x.scale);
      if (up === null) return null;
      units = up;
      scale = x.scale;
    }
    const u = rescale(x, scale);
    if (u === null) return null;
    units += u;
    if (!Number.isSafeInteger(units)) return null;
  }
  return formatScaled(units, scale);
}

export function add(...values: readonly DecimalInput[]): string {
  const fast = addFast(values);
  if (fast !== null) return fast;
  let acc = new D(0);
  for (const v of values) acc = acc.plus(new D(String(v)));
  return acc.toFixed();
}

export function sub(a: DecimalInput, b: DecimalInput): string {
  const x = aligned(a, b);
  if (x) {
    const units = x.a - x.b;
    if (Number.isSafeInteger(units)) return formatScaled(units, x.scale);
  }
  return new D(String(a)).minus(new D(String(b))).toFixed();
}

export function mul(a: DecimalInput, b: DecimalInput): string {
  const x = scaled(a);
  const y = scaled(b);
  if (x && y) {
    const units = x.units * y.units;
    if (Number.isSafeInteger(units)) return formatScaled(units, x.scale + y.scale);
  }
  return new D(String(a)).times(new D(String(b))).toFixed();
}

export function div(a: DecimalInput, b: DecimalInput): string {
  return new D(String(a)).dividedBy(new D(String(b))).toFixed();
}

export function neg(a: DecimalInput): string {
  const x = scaled(a);
  if (x) return formatScaled(-x.units, x.scale);
  return new D(String(a)).negated().toFixed();
}

export function cmp(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  const x = aligned(a, b);
  if (x) return x.a < x.b ? -1 : x.a > x.b ? 1 : 0;
  return new D(String(a)).comparedTo(new D(String(b))) as -1 | 0 | 1;
}

export function isZero(a: DecimalInput): boolean {
  const x = scaled(a);
  if (x) return x.units === 0;
  return new D(String(a)).isZero();
}

/** Rounds half-to-even to `places` decimals and always writes that many places. */
export function round(a: DecimalInput, places = 2): string {
  if (Number.isInteger(places) && places >= 0 && places <= 15) {
    const x = scaled(a);
    const fast = x ? roundScaled(x, places) : null;
    if (fast !== null) return fast;
  }
  return new D(String(a)).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed(places);
}

/** Fixed-point text with `places` decimals (for presentation and stable comparisons). */
export function fixed(a: DecimalInput, places = 2): string {
  return round(a, places);
}

export function sum(values: readonly DecimalInput[]): string {
  return add(...values);
}

export function money(amount: DecimalInput, currency: string): Money {
  return { amount: toDecimal(amount), currency };
}
