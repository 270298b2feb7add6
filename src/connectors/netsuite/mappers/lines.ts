import type { LineItem } from '../../../canonical/index.js';
import { add, sub } from '../../../canonical/index.js';
import { abs, amount, optionalAmount } from './amounts.js';
import type { TransactionLine } from './schemas.js';

export interface MappedLines {
  readonly lines: LineItem[];
  /** Sum of line amounts before discounts (item and expense lines). */
  readonly gross: string;
  /** Positive sum of discount lines (those folded into a line and those standing alone). */
  readonly discounts: string;
  readonly tax: string;
}

const DISCOUNT_TYPES = new Set(['Discount']);
/** Lines that only carry text or group other lines; they hold no amount of their own. */
const SKIPPED_TYPES = new Set(['Description', 'Subtotal', 'Group', 'EndGroup']);

/**
 * Item and expense sublists to canonical lines. NetSuite has no per-line discount field: an
 * item-level discount is a Discount item on the line directly below the item it reduces, with a
 * negative amount. Such a line is folded into the line above (as a positive discount); one with no
 * line above is a document discount. Returns `bad` (the line's path) for an unreadable number.
 */
export function mapLines(
  items: readonly TransactionLine[],
  expenses: readonly TransactionLine[],
): MappedLines | { readonly bad: string } {
  const lines: LineItem[] = [];
  let gross = '0';
  let discounts = '0';
  let tax = '0';
  const all = [
    ...items.map((l, i) => ({ l, path: `item.items[${i}]` })),
    ...expenses.map((l, i) => ({ l, path: `expense.items[${i}]` })),
  ];
  for (const { l, path } of all) {
    const type = l.itemType?.id;
    if (type !== undefined && SKIPPED_TYPES.has(type)) continue;
    let lineAmount: string;
    let lineTax: string;
    let quantity: string;
    let unitPrice: string;
    try {
      lineAmount = optionalAmount(l.amount) ?? '0';
      lineTax = optionalAmount(l.tax1Amt) ?? '0';
      quantity = l.quantity === undefined ? '1' : amount(l.quantity);
      unitPrice = l.rate === undefined ? lineAmount : amount(l.rate);
    } catch {
      return { bad: path };
    }
    if (type !== undefined && DISCOUNT_TYPES.has(type)) {
      const off = abs(lineAmount);
      discounts = add(discounts, off);
      tax = add(tax, lineTax);
      const previous = lines.at(-1);
      if (previous) {
        lines[lines.length - 1] = {
          ...previous,
          discount: add(previous.discount, off),
          tax: add(previous.tax, lineTax),
          total: sub(previous.total, off),
        };
      }
      continue;
    }
    gross = add(gross, lineAmount);
    tax = add(tax, lineTax);
    lines.push({
      lineNumber: l.line ?? lines.length + 1,
      description: l.description ?? l.memo ?? l.item?.refName ?? l.account?.refName ?? null,
      // item.refName is the item's display path ("Parent : Child Name"), not a SKU; the product is
      // linked by productSourceId instead.
      sku: null,
      productSourceId: l.item?.id ?? null,
      quantity,
      unitPrice,
      discount: '0',
      tax: lineTax,
      total: lineAmount,
    });
  }
  return { lines, gross, discounts, tax };
}
