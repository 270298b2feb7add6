import { cmp, neg, toDecimal } from '../../../canonical/index.js';

/**
 * A NetSuite amount as an exact decimal string. Record JSON sends numbers (read through their
 * shortest text, which is exact for what the JSON held: `100` stays "100"); SuiteQL sends strings.
 */
export function amount(value: number | string): string {
  return toDecimal(value);
}

export function optionalAmount(value: number | string | null | undefined): string | null {
  return value === undefined || value === null ? null : toDecimal(value);
}

export function abs(value: string): string {
  return cmp(value, '0') < 0 ? neg(value) : value;
}
