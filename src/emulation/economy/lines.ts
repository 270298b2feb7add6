import { toDecimal } from '../../canonical/money.js';
import type { SynthLine } from './types.js';

/**
 * Document lines while a book is generated: integer cents drawn from the PRNG, so no amount ever
 * passes through a binary fraction. They become decimal strings only when the book is finished.
 */
export interface LineDraft {
  /** Position of the line in its document's line-id sequence (stable across edits). */
  seq: number;
  productIndex: number | null;
  sku: string | null;
  description: string;
  quantity: number;
  unitCents: number;
  discountCents: number;
  taxBp: number;
}

export interface CentsTotals {
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

/** n / d rounded half to even, for non-negative integers. */
export function divHalfEven(n: number, d: number): number {
  const q = Math.floor(n / d);
  const twice = 2 * (n - q * d);
  if (twice > d || (twice === d && q % 2 === 1)) return q + 1;
  return q;
}

export function lineNetCents(line: LineDraft): number {
  return line.quantity * line.unitCents - line.discountCents;
}

/** Tax per line: net * rate, rounded half-even to the cent. */
export function lineTaxCents(line: LineDraft): number {
  return divHalfEven(lineNetCents(line) * line.taxBp, 10_000);
}

export function totalsOf(lines: readonly LineDraft[]): CentsTotals {
  let subtotal = 0;
  let discount = 0;
  let tax = 0;
  for (const line of lines) {
    subtotal += line.quantity * line.unitCents;
    discount += line.discountCents;
    tax += lineTaxCents(line);
  }
  return { subtotal, discount, tax, total: subtotal - discount + tax };
}

// Most amounts are small and repeat (prices, taxes, '0.00'): sharing their text saves memory.
const SHARED_BELOW = 100_000;
const sharedTexts: (string | undefined)[] = [];

/** Integer cents as a 2-decimal string: 123456 -> "1234.56", -5 -> "-0.05". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer number of cents: ${cents}`);
  const shareable = cents >= 0 && cents < SHARED_BELOW;
  if (shareable) {
    const text = sharedTexts[cents];
    if (text !== undefined) return text;
  }
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const text = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  if (shareable) sharedTexts[cents] = text;
  return text;
}

const rateTexts = new Map<number, string>();

/** Basis points as a decimal rate: 825 -> "0.0825", 2000 -> "0.2". */
export function formatBasisPoints(bp: number): string {
  let text = rateTexts.get(bp);
  if (text === undefined) {
    text = toDecimal(`${Math.floor(bp / 10_000)}.${String(bp % 10_000).padStart(4, '0')}`);
    rateTexts.set(bp, text);
  }
  return text;
}

export function discountCentsFor(grossCents: number, percent: number): number {
  return divHalfEven(grossCents * percent, 100);
}

export function toSynthLine(line: LineDraft, lineId: string, productId: string | null): SynthLine {
  return {
    lineId,
    productId,
    sku: line.sku,
    description: line.description,
    quantity: String(line.quantity),
    unitPrice: formatCents(line.unitCents),
    discount: formatCents(line.discountCents),
    taxRate: formatBasisPoints(line.taxBp),
    tax: formatCents(lineTaxCents(line)),
    total: formatCents(lineNetCents(line)),
  };
}
