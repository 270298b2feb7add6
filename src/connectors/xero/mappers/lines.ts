import type { LineItem } from '../../../canonical/index.js';
import { add, cmp, isZero, mul, round, sub } from '../../../canonical/index.js';
import { optionalAmount } from './amounts.js';
import type { XeroLineItem } from './schemas.js';

export type LineAmountType = 'Exclusive' | 'Inclusive' | 'NoTax';

/**
 * One Xero line as a canonical line. Xero's LineAmount is after the line discount
 * (Quantity × UnitAmount less DiscountAmount, or × (1 − DiscountRate/100)); with `Inclusive` line
 * amounts it includes tax. The canonical line total is always excluding tax, so for `Inclusive`
 * it is LineAmount − TaxAmount; the discount stays as Xero priced it (tax-inclusive there).
 */
export function mapLine(line: XeroLineItem, index: number, amountTypes: LineAmountType): LineItem {
  const quantity = optionalAmount(line.Quantity) ?? '0';
  const unitPrice = optionalAmount(line.UnitAmount) ?? '0';
  const tax = optionalAmount(line.TaxAmount) ?? '0';
  const gross = mul(quantity, unitPrice);
  const lineAmount = optionalAmount(line.LineAmount);
  const discount = lineDiscount(line, gross, lineAmount);
  const afterDiscount = lineAmount ?? sub(gross, discount);
  const total = amountTypes === 'Inclusive' ? sub(afterDiscount, tax) : afterDiscount;
  return {
    lineNumber: index + 1,
    description: line.Description ?? null,
    sku: line.ItemCode || line.Item?.Code || null,
    productSourceId: line.Item?.ItemID ?? null,
    quantity,
    unitPrice,
    discount,
    tax,
    total,
  };
}

function lineDiscount(line: XeroLineItem, gross: string, lineAmount: string | null): string {
  const explicit = optionalAmount(line.DiscountAmount);
  if (explicit !== null) return explicit;
  const rate = optionalAmount(line.DiscountRate);
  if (rate === null || isZero(rate)) return '0';
  // The exact discount is what Xero took off; the rate is a rounded percentage.
  if (lineAmount !== null && cmp(gross, lineAmount) >= 0) return sub(gross, lineAmount);
  return round(mul(gross, mul(rate, '0.01')), 2);
}

/** Sum of line discounts, rounded to cents like the document totals. */
export function discountTotalOf(lines: readonly LineItem[]): string {
  return round(add('0', ...lines.map((l) => l.discount)), 2);
}

export function asAmountTypes(value: string | undefined): LineAmountType {
  return value === 'Inclusive' || value === 'NoTax' ? value : 'Exclusive';
}
