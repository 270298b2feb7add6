import { toDecimal } from '../../../canonical/index.js';

/**
 * A Xero amount (JSON number, or a numeric string) as an exact decimal string. Numbers are read
 * through their shortest text, which is exact for what the JSON held (`40.00` arrives as 40 → "40").
 */
export function amount(value: number | string): string {
  return toDecimal(value);
}

export function optionalAmount(value: number | string | null | undefined): string | null {
  return value === undefined || value === null ? null : toDecimal(value);
}
