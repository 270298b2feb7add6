import { add, mul, round, sub } from '../../../canonical/index.js';

/**
 * Exact arithmetic on Shopify amounts, written at the scale of the inputs (at least 2 places), so a
 * computed "199.00" reads like the "199.00" Shopify wrote and never "199". No rounding happens:
 * sums, differences and integer multiples of 2-place amounts are exact at 2 places.
 */
function scaleOf(values: readonly string[]): number {
  let scale = 2;
  for (const v of values) {
    const dot = v.indexOf('.');
    if (dot >= 0) scale = Math.max(scale, v.length - dot - 1);
  }
  return scale;
}

export function amountSum(values: readonly string[]): string {
  return round(add(...values), scaleOf(values));
}

export function amountSub(a: string, b: string): string {
  return round(sub(a, b), scaleOf([a, b]));
}

export function amountTimes(quantity: number | string, price: string): string {
  return round(mul(quantity, price), scaleOf([price]));
}
