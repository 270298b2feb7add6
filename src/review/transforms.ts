import { DECIMAL_PATTERN, div, isValidCalendarDate, mul, round, toDecimal } from '../canonical/index.js';
import type { RuleTransform } from '../ports/review-workflow.js';

/**
 * The safe transforms a mapping rule may apply to a source value. Each is a pure function of the
 * value; none evaluates operator text as code. Money stays exact (decimal strings throughout).
 */
export type TransformOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly why: string };

const fail = (why: string): TransformOutcome => ({ ok: false, why });
const ok = (value: unknown): TransformOutcome => ({ ok: true, value });

/** "1.234,56" / "1 234,56" / "1234,5" → "1234.56" / "1234.5"; an already plain decimal is kept as is. */
export function fromDecimalComma(value: unknown): TransformOutcome {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(toDecimal(value)) : fail('not a finite number');
  if (typeof value !== 'string') return fail(`expected text, got ${typeof value}`);
  const text = value.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  let out: string;
  if (text.includes(',')) out = text.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(text)) out = text.replace(/\./g, '');
  else out = text;
  if (out.startsWith('+')) out = out.slice(1);
  return DECIMAL_PATTERN.test(out) ? ok(out) : fail(`"${value}" is not a number with a decimal comma`);
}

const DATE_TOKENS: Record<string, string> = {
  YYYY: '(?<y>\\d{4})',
  YY: '(?<yy>\\d{2})',
  MM: '(?<m>\\d{2})',
  M: '(?<m>\\d{1,2})',
  DD: '(?<d>\\d{2})',
  D: '(?<d>\\d{1,2})',
};

/** Compiles a format such as "DD/MM/YYYY", "MM-DD-YY" or "YYYYMMDD" into a strict regex. */
export function dateFormatPattern(format: string): RegExp {
  let re = '';
  let rest = format;
  const seen = new Set<string>();
  while (rest.length > 0) {
    const token = ['YYYY', 'YY', 'MM', 'DD', 'M', 'D'].find((t) => rest.startsWith(t));
    if (token) {
      const group = token[0] === 'Y' ? 'y' : (token[0] ?? '');
      if (seen.has(group)) throw new RangeError(`date format "${format}" names ${token} twice`);
      seen.add(group);
      re += DATE_TOKENS[token];
      rest = rest.slice(token.length);
    } else {
      re += (rest[0] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      rest = rest.slice(1);
    }
  }
  if (!(seen.has('y') && seen.has('M') && seen.has('D'))) {
    throw new RangeError(`date format "${format}" needs a year, a month and a day`);
  }
  return new RegExp(`^${re}$`);
}

export function fromDateFormat(value: unknown, format: string): TransformOutcome {
  if (typeof value !== 'string') return fail(`expected text, got ${typeof value}`);
  const m = dateFormatPattern(format).exec(value.trim());
  const g = m?.groups;
  if (!g) return fail(`"${value}" does not match ${format}`);
  // Two-digit years are read as 20YY: ledgers in this product start this century.
  const year = g['y'] ?? `20${g['yy'] ?? '00'}`;
  const date = `${year}-${(g['m'] ?? '').padStart(2, '0')}-${(g['d'] ?? '').padStart(2, '0')}`;
  return isValidCalendarDate(date) ? ok(date) : fail(`"${value}" is not a real date (${format})`);
}

function placesOf(decimal: string): number {
  const dot = decimal.indexOf('.');
  return dot < 0 ? 0 : decimal.length - dot - 1;
}

/** Multiplies or divides exactly; dividing minor units by 100 keeps two places ("12300" → "123.00"). */
export function scale(value: unknown, op: 'multiply' | 'divide', by: string): TransformOutcome {
  let v: string;
  try {
    v = toDecimal(value as string | number);
  } catch {
    return fail(`"${String(value)}" is not a number`);
  }
  const power = /^10*$/.test(by) ? by.length - 1 : null;
  const result = op === 'multiply' ? mul(v, by) : div(v, by);
  if (power === null) return ok(result);
  const places = op === 'divide' ? placesOf(v) + power : Math.max(0, placesOf(v) - power);
  return ok(round(result, places));
}

export function lookup(
  value: unknown,
  table: Readonly<Record<string, string>>,
  fallback?: string | null,
): TransformOutcome {
  const key = value === null || value === undefined ? '' : String(value);
  if (Object.hasOwn(table, key)) return ok(table[key]);
  if (fallback !== undefined) return ok(fallback);
  return fail(`"${key}" is not in the lookup table`);
}

/** Applies one transform to a source value (constant ignores it). */
export function applyTransform(t: RuleTransform, value: unknown): TransformOutcome {
  switch (t.kind) {
    case 'rename':
      return ok(value);
    case 'decimal_comma':
      return fromDecimalComma(value);
    case 'date_format':
      return fromDateFormat(value, t.format);
    case 'scale':
      return scale(value, t.op, t.by);
    case 'constant':
      return ok(t.value);
    case 'lookup':
      return lookup(value, t.table, t.fallback);
  }
}
