import type { LineItem } from '../../../canonical/index.js';
import { div, isZero, round, sum, toDecimal } from '../../../canonical/index.js';
import type { QboBaseLine, QboLine, QboNumber } from './schemas.js';

/** Reads a QBO number (JSON number or XML decimal text) as an exact decimal string. */
export function dec(value: QboNumber | undefined, fallback = '0'): string {
  return value === undefined ? fallback : toDecimal(value);
}

/** Documentation samples spell enum values `SALES_ITEM_LINE_DETAIL`; the API says `SalesItemLineDetail`. */
export function normalizeDetailType(type: string): string {
  if (!type.includes('_')) return type;
  return type
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export interface MappedLines {
  readonly lines: LineItem[];
  /** Sum of item/expense line amounts before document discounts, 2 dp. */
  readonly subtotal: string;
  /** Sum of DiscountLineDetail amounts (positive), 2 dp. */
  readonly discountTotal: string;
}

const SKIPPED = new Set(['SubTotalLineDetail', 'DescriptionOnly', 'DescriptionLineDetail', 'TaxLineDetail']);

interface Draft {
  line: Omit<LineItem, 'tax' | 'lineNumber'>;
  taxable: boolean;
  lineNum: number | null;
}

/**
 * Maps polymorphic `Line[]` to canonical lines. The SubTotalLineDetail line repeats the subtotal and is
 * skipped; DiscountLineDetail is a document-level discount (not a line); bundles (GroupLineDetail) are
 * flattened into their sales lines. QBO keeps tax per document (`TxnTaxDetail.TotalTax`), so the tax is
 * allocated to the taxable lines in proportion to their amounts, the last one taking the rounding rest,
 * which keeps the line taxes summing exactly to the document tax.
 */
export function mapLines(lines: readonly QboLine[], totalTax: string): MappedLines | { readonly error: string } {
  const drafts: Draft[] = [];
  const discounts: string[] = [];
  const visit = (line: QboBaseLine, group?: QboLine['GroupLineDetail']): string | null => {
    const type = normalizeDetailType(line.DetailType);
    if (SKIPPED.has(type)) return null;
    if (type === 'DiscountLineDetail') {
      discounts.push(dec(line.Amount));
      return null;
    }
    if (type === 'GroupLineDetail') {
      for (const inner of group?.Line ?? []) {
        const err = visit(inner);
        if (err) return err;
      }
      return null;
    }
    const lineNum = lineNumberOf(line.LineNum);
    if (type === 'SalesItemLineDetail' || type === 'ItemBasedExpenseLineDetail') {
      const detail = line[type] ?? {};
      const amount = dec(line.Amount);
      const quantity = dec(detail.Qty, '1');
      const unitPrice =
        detail.UnitPrice !== undefined
          ? dec(detail.UnitPrice)
          : isZero(quantity)
            ? '0'
            : toDecimal(round(div(amount, quantity), 6));
      drafts.push({
        lineNum,
        taxable: detail.TaxCodeRef?.value !== 'NON',
        line: {
          description: line.Description ?? detail.ItemRef?.name ?? null,
          sku: null,
          productSourceId: detail.ItemRef?.value ?? null,
          quantity,
          unitPrice,
          discount: '0.00',
          total: round(amount, 2),
        },
      });
      return null;
    }
    if (type === 'AccountBasedExpenseLineDetail') {
      const detail = line.AccountBasedExpenseLineDetail ?? {};
      const amount = dec(line.Amount);
      drafts.push({
        lineNum,
        taxable: detail.TaxCodeRef?.value !== 'NON',
        line: {
          description: line.Description ?? detail.AccountRef?.name ?? null,
          sku: null,
          productSourceId: null,
          quantity: '1',
          unitPrice: amount,
          discount: '0.00',
          total: round(amount, 2),
        },
      });
      return null;
    }
    return `unknown line DetailType ${JSON.stringify(line.DetailType)}`;
  };
  for (const line of lines) {
    const err = visit(line, line.GroupLineDetail);
    if (err) return { error: err };
  }
  const taxes = allocateTax(drafts, totalTax);
  const used = new Set<number>();
  const out = drafts.map((d, i): LineItem => {
    // Keep QBO's LineNum when it is a fresh whole number; otherwise number lines in order.
    let lineNumber = d.lineNum ?? i + 1;
    if (used.has(lineNumber)) lineNumber = Math.max(...used) + 1;
    used.add(lineNumber);
    return { lineNumber, ...d.line, tax: taxes[i] ?? '0.00' };
  });
  return {
    lines: out,
    subtotal: round(sum(drafts.map((d) => d.line.total)), 2),
    discountTotal: round(sum(discounts), 2),
  };
}

function lineNumberOf(value: QboNumber | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** "12.34" → 1234n (amounts here are already rounded to 2 dp). */
function toCents(amount: string): bigint {
  return BigInt(round(amount, 2).replace('.', ''));
}

function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * Largest-remainder allocation in whole cents: every share is the floor of its exact part, and the
 * cents left over go to the largest remainders. The shares sum exactly to the tax and none has the
 * opposite sign (plain rounding of each share can overshoot and leave the last line negative).
 */
function allocateTax(drafts: readonly Draft[], totalTax: string): string[] {
  const zero = drafts.map(() => '0.00');
  const total = toCents(totalTax);
  if (drafts.length === 0 || total === 0n) return zero;
  const positive = (amount: string) => {
    const c = toCents(amount);
    return c > 0n ? c : 0n;
  };
  let weights = drafts.map((d) => (d.taxable ? positive(d.line.total) : 0n));
  if (weights.every((w) => w === 0n)) weights = drafts.map((d) => positive(d.line.total));
  const base = weights.reduce((a, w) => a + w, 0n);
  if (base === 0n) return zero;
  const sign = total < 0n ? -1n : 1n;
  const abs = total * sign;
  const shares = weights.map((w) => (abs * w) / base);
  const order = weights
    .map((w, i) => ({ i, rest: (abs * w) % base }))
    .filter((x) => (weights[x.i] ?? 0n) > 0n)
    .sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  let left = abs - shares.reduce((a, s) => a + s, 0n);
  for (let k = 0; left > 0n && order.length > 0; k = (k + 1) % order.length, left -= 1n) {
    const target = order[k];
    if (target) shares[target.i] = (shares[target.i] ?? 0n) + 1n;
  }
  return shares.map((s) => fromCents(s * sign));
}
