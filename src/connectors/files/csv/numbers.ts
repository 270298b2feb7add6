import { toDecimal } from '../../../canonical/index.js';

export type DecimalSeparator = '.' | ',';
export type DecimalEvidence = DecimalSeparator | 'ambiguous' | null;

const CURRENCY_AFFIX = /^[A-Z]{3}\s*|\s*[A-Z]{3}$|[$€£¥₹]/g;
const GROUP_BLANKS = /[\s\u00a0\u202f'’]/g;

/** The value stripped of sign, currency and blank/apostrophe grouping: only digits, '.' and ','. */
function core(text: string): { negative: boolean; body: string } | null {
  let t = text.trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(t);
  if (paren) {
    negative = true;
    t = paren[1] ?? '';
  }
  t = t.replace(CURRENCY_AFFIX, '').trim();
  if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  } else if (t.endsWith('-')) {
    negative = !negative;
    t = t.slice(0, -1);
  } else if (t.startsWith('+')) t = t.slice(1);
  t = t.replace(CURRENCY_AFFIX, '').replace(GROUP_BLANKS, '');
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return null;
  return { negative, body: t };
}

/** What one value says about its decimal separator. */
export function decimalEvidence(text: string): DecimalEvidence {
  const c = core(text);
  if (!c) return null;
  const dots = c.body.split('.').length - 1;
  const commas = c.body.split(',').length - 1;
  if (dots > 0 && commas > 0) return c.body.lastIndexOf('.') > c.body.lastIndexOf(',') ? '.' : ',';
  const sep = dots > 0 ? '.' : commas > 0 ? ',' : null;
  if (sep === null) return null;
  const other: DecimalSeparator = sep === '.' ? ',' : '.';
  if ((sep === '.' ? dots : commas) > 1) return other;
  const after = c.body.length - c.body.indexOf(sep) - 1;
  // "1,500" or "1.500": thousands grouping or three decimals; the value alone cannot say.
  return after === 3 ? 'ambiguous' : sep;
}

/**
 * Reads a number written with `decimal` as its separator: the other of '.'/',' is allowed only
 * as thousands grouping in threes; blanks and apostrophes group too. Accepts a sign, a trailing
 * minus, accounting parentheses and a currency symbol or code. Returns null when it is not a number.
 */
export function parseLocaleDecimal(text: string, decimal: DecimalSeparator): string | null {
  const c = core(text);
  if (!c) return null;
  const group = decimal === '.' ? ',' : '.';
  let body = c.body;
  if (body.includes(group)) {
    const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d+)?$`);
    if (!grouped.test(body)) return null;
    body = body.split(group).join('');
  }
  if (!new RegExp(`^(\\d+(\\${decimal}\\d*)?|\\${decimal}\\d+)$`).test(body)) return null;
  const plain = body.replace(decimal, '.');
  const value = toDecimal(plain.endsWith('.') ? plain.slice(0, -1) : plain);
  return c.negative && value !== '0' ? `-${value}` : value;
}
