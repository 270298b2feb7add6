import { fixed } from '../../../canonical/index.js';

/**
 * Xero prints amounts with their own decimals (`40.00`, unit amounts `20.0000`, rates `1.000000`);
 * JSON.stringify would print `40`. Amounts are carried as marker strings while a payload is built
 * and written out as bare number text by `toXeroJson`, so the emulator's bodies read like Xero's.
 */
const MARK = '\u0001n:';
const MARK_RE = /"\\u0001n:(-?\d+(?:\.\d+)?)"/g;

/** A JSON number with exactly `places` decimals, from an exact decimal string. */
export function num(value: string, places = 2): string {
  return `${MARK}${fixed(value, places)}`;
}

export function toXeroJson(value: unknown): string {
  return JSON.stringify(value).replace(MARK_RE, '$1');
}

/** Whether a value is an amount marker (faults rewrite amounts and need to read them back). */
export function markedNumber(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith(MARK) ? value.slice(MARK.length) : null;
}
