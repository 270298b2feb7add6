import type { LineItem } from '../../../canonical/index.js';
import { add, div, mul, round, sub, sum } from '../../../canonical/index.js';
import { problem } from '../guarded-mapper.js';
import { atLeastCents } from '../money-text.js';
import type { X12Loop } from './document.js';
import { descriptionOf, productIds, skuOf } from './document.js';
import type { X12Segment } from './tokenizer.js';
import { elTrim } from './tokenizer.js';
import { x12Implied, x12Real } from './values.js';

export interface Adjustment {
  readonly kind: 'allowance' | 'charge';
  readonly amount: string;
  readonly description: string;
}

/** SAC: allowance (A) or charge (C); SAC05 is N2, else SAC07 percent of `base`. SAC01 = N is informational. */
export function adjustmentsOf(segments: readonly X12Segment[], base: string, where: string): Adjustment[] {
  const out: Adjustment[] = [];
  for (const sac of segments.filter((s) => s.id === 'SAC')) {
    const indicator = elTrim(sac, 1);
    if (indicator !== 'A' && indicator !== 'C') continue;
    const amountText = elTrim(sac, 5);
    const percentText = elTrim(sac, 7);
    let amount: string;
    if (amountText) amount = x12Implied(amountText, 2, `${where} SAC05`);
    else if (percentText) amount = round(div(mul(base, x12Real(percentText, `${where} SAC07`)), 100), 2);
    else continue;
    const description = elTrim(sac, 15) || `${indicator === 'A' ? 'Allowance' : 'Charge'} ${elTrim(sac, 2)}`.trim();
    out.push({ kind: indicator === 'A' ? 'allowance' : 'charge', amount, description });
  }
  return out;
}

/** TXI: TXI02 is the tax amount (R); without it, TXI03 percent of `base`. */
export function taxOf(segments: readonly X12Segment[], base: string, where: string): string {
  const amounts: string[] = [];
  for (const txi of segments.filter((s) => s.id === 'TXI')) {
    const amountText = elTrim(txi, 2);
    const percentText = elTrim(txi, 3);
    if (amountText) amounts.push(x12Real(amountText, `${where} TXI02`));
    else if (percentText) amounts.push(round(div(mul(base, x12Real(percentText, `${where} TXI03`)), 100), 2));
  }
  return atLeastCents(sum(amounts));
}

/**
 * A line from an IT1 (810) or PO1 (850) loop; both put id, quantity, unit, unit price and product
 * ids in the same places. Line allowances are its discount; line charges add to its total.
 */
export function lineFromLoop(loop: X12Loop, index: number): LineItem {
  const head = loop.head;
  const where = `${head.id} line ${index + 1}`;
  const qtyText = elTrim(head, 2);
  const priceText = elTrim(head, 4);
  if (!qtyText) throw problem('LP_INPUT_SCHEMA', `${where} has no quantity (${head.id}02)`, `${head.id}02`);
  if (!priceText) throw problem('LP_INPUT_SCHEMA', `${where} has no unit price (${head.id}04)`, `${head.id}04`);
  const quantity = x12Real(qtyText, `${where} ${head.id}02`);
  const unitPrice = x12Real(priceText, `${where} ${head.id}04`);
  const gross = mul(quantity, unitPrice);
  const adjustments = adjustmentsOf(loop.members, gross, where);
  const discount = sum(adjustments.filter((a) => a.kind === 'allowance').map((a) => a.amount));
  const charges = sum(adjustments.filter((a) => a.kind === 'charge').map((a) => a.amount));
  const total = add(sub(gross, discount), charges);
  const assigned = elTrim(head, 1);
  const ids = productIds(head);
  return {
    lineNumber: /^\d+$/.test(assigned) ? Number(assigned) : index + 1,
    description: descriptionOf(loop.members),
    sku: skuOf(ids),
    productSourceId: null,
    quantity,
    unitPrice: atLeastCents(unitPrice),
    discount: atLeastCents(discount),
    tax: taxOf(loop.members, total, where),
    total: atLeastCents(total),
  };
}

/** Document-level charges become lines of their own, so lines add up to the subtotal. */
export function chargeLines(adjustments: readonly Adjustment[], firstNumber: number): LineItem[] {
  return adjustments
    .filter((a) => a.kind === 'charge')
    .map((a, i) => ({
      lineNumber: firstNumber + i,
      description: a.description,
      sku: null,
      productSourceId: null,
      quantity: '1',
      unitPrice: atLeastCents(a.amount),
      discount: '0.00',
      tax: '0.00',
      total: atLeastCents(a.amount),
    }));
}
