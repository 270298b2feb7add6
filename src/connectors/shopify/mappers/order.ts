import {
  canonicalId,
  FINANCIAL_STATUSES,
  localDateOf,
  parseInstant,
  type SalesOrder,
} from '../../../canonical/index.js';
import { type MapContext, type MapResult, provenanceOf, review } from '../../kit/mapper.js';
import { amountSub, amountSum, amountTimes } from './amounts.js';
import { idText, neverThrows, parsePayload } from './parse.js';
import { type LineItemPayload, OrderPayload, type RefundPayload } from './payload.js';

/**
 * Shopify REST order → canonical SalesOrder.
 *
 * Totals (all in the shop currency, `currency` / `*_set.shop_money`, which is what the books hold):
 * - total = `total_price`: what the buyer was charged at checkout (lines − discounts + shipping + tax).
 * - currentTotal = `current_total_price`: after later edits, refunds and removals (falls back to
 *   total_price for payloads older than the field).
 * - subtotal = `total_line_items_price` (Σ quantity × price, before discounts); discountTotal =
 *   `total_discounts`; taxTotal = `total_tax`. Each falls back to the sum over the lines.
 * - presentmentCurrency / presentmentTotal = what the buyer saw: `presentment_currency` and
 *   `total_price_set.presentment_money`.
 * Dates: orderDate is the calendar date of `processed_at` (when the sale happened; differs from
 * created_at for imported orders), falling back to created_at, read as Shopify wrote it with the
 * shop's offset, so it is the shop's local date. orderedAt is the same instant in UTC.
 * Refunds: a refund's amount is the money actually returned, Σ of its `transactions` with kind
 * "refund" and status "success" (this includes refunded shipping, which refund lines do not); a
 * refund without transactions falls back to Σ refund_line_items (subtotal + total_tax) minus
 * Σ order_adjustments (amount + tax_amount, which Shopify writes negative). Refund line amounts are
 * subtotal + total_tax. refundedTotal = Σ refund amounts.
 * Lines: discount = Σ discount_allocations when there are any, else the legacy `total_discount`
 * (current payloads leave total_discount at 0.00 and put the discount in the allocations; adding
 * both would count it twice). tax = Σ tax_lines.price. total = quantity × price − discount, net
 * of tax: when `taxes_included`, Shopify prices contain the tax, so the line's tax is taken out.
 * Status: cancelled when cancelled_at is set, else closed when closed_at is set, else open.
 * Test orders (`test: true`) are kept and flagged; signals exclude them.
 */
export function mapOrder(raw: unknown, ctx: MapContext): MapResult {
  return neverThrows('order', () => mapParsedOrder(raw, ctx));
}

function mapParsedOrder(raw: unknown, ctx: MapContext): MapResult {
  const parsed = parsePayload(OrderPayload, raw, 'order');
  if (!parsed.ok) return parsed.result;
  const o = parsed.value;
  const sourceId = idText(o.id);

  const shop = o.total_price_set?.shop_money;
  if (shop && shop.currency_code !== o.currency) {
    return review(
      'LP_INPUT_MAPPING',
      `Shopify order ${sourceId}: total_price_set.shop_money.currency_code is ${shop.currency_code} but the shop currency is ${o.currency}`,
      'total_price_set.shop_money.currency_code',
    );
  }

  const updated = parseInstant(o.updated_at);
  const ordered = parseInstant(o.processed_at ?? o.created_at);
  const taxesIncluded = o.taxes_included === true;
  const lines = o.line_items.map((li, i) => mapLine(li, i, taxesIncluded));

  const refunds = (o.refunds ?? []).map(mapRefund);
  const cancelledAt = o.cancelled_at ? parseInstant(o.cancelled_at).utc : null;
  const financial = o.financial_status ?? null;
  const knownFinancial = FINANCIAL_STATUSES.find((s) => s === financial && s !== 'unknown');
  const customerName = [o.customer?.first_name, o.customer?.last_name].filter((s) => s?.trim()).join(' ');

  const order: SalesOrder = {
    kind: 'sales_order',
    id: canonicalId('sales_order', ctx.connectionId, sourceId),
    companyId: ctx.connectionId,
    source: {
      platform: 'shopify',
      connectionId: ctx.connectionId,
      sourceId,
      sourceUpdatedAt: updated.utc,
      sourceOffset: updated.offset,
    },
    provenance: provenanceOf(ctx),
    deleted: false,
    number: o.name ?? (o.order_number == null ? null : String(o.order_number)),
    orderDate: localDateOf(o.processed_at ?? o.created_at),
    orderedAt: ordered.utc,
    customer: {
      sourceId: o.customer ? idText(o.customer.id) : null,
      name: customerName === '' ? null : customerName,
    },
    lines,
    currency: o.currency,
    subtotal: o.total_line_items_price ?? amountSum(o.line_items.map((li) => amountTimes(li.quantity, li.price))),
    discountTotal: o.total_discounts ?? amountSum(lines.map((l) => l.discount)),
    taxTotal: o.total_tax ?? amountSum(lines.map((l) => l.tax)),
    total: o.total_price,
    presentmentCurrency: o.presentment_currency ?? o.total_price_set?.presentment_money.currency_code ?? null,
    presentmentTotal: o.total_price_set?.presentment_money.amount ?? null,
    currentTotal: o.current_total_price ?? o.total_price,
    refunds,
    refundedTotal: amountSum(refunds.map((r) => r.amount)),
    cancelledAt,
    cancelReason: o.cancel_reason ?? null,
    test: o.test === true,
    status: o.cancelled_at
      ? { value: 'cancelled', original: 'cancelled' }
      : o.closed_at
        ? { value: 'closed', original: 'closed' }
        : { value: 'open', original: 'open' },
    financialStatus: { value: knownFinancial ?? 'unknown', original: financial ?? 'null' },
  };
  return { ok: [order] };
}

function mapLine(li: LineItemPayload, index: number, taxesIncluded: boolean): SalesOrder['lines'][number] {
  const allocations = li.discount_allocations ?? [];
  const discount =
    allocations.length > 0 ? amountSum(allocations.map((a) => a.amount)) : amountSum([li.total_discount ?? '0.00']);
  const tax = amountSum((li.tax_lines ?? []).map((t) => t.price));
  const gross = amountSub(amountTimes(li.quantity, li.price), discount);
  return {
    lineNumber: index + 1,
    description: li.name ?? li.title ?? null,
    sku: li.sku ? li.sku : null,
    productSourceId: li.product_id == null ? null : idText(li.product_id),
    quantity: String(li.quantity),
    unitPrice: li.price,
    discount,
    tax,
    total: taxesIncluded ? amountSub(gross, tax) : gross,
  };
}

/** A nested amount: the shop_money of its *_set when present (a string), else the loose field. */
function nested(set: { shop_money: { amount: string } } | null | undefined, loose: string | number | null | undefined) {
  if (set) return set.shop_money.amount;
  if (loose == null) return '0.00';
  // JSON numbers here (refund_line_items.subtotal upstream) are read through their shortest text.
  return typeof loose === 'number' ? String(loose) : loose;
}

function mapRefund(r: RefundPayload): SalesOrder['refunds'][number] {
  const lines = (r.refund_line_items ?? []).map((rli) => ({
    lineSourceId: rli.line_item_id == null ? null : idText(rli.line_item_id),
    quantity: String(rli.quantity),
    amount: amountSum([nested(rli.subtotal_set, rli.subtotal), nested(rli.total_tax_set, rli.total_tax)]),
  }));
  const transactions = (r.transactions ?? []).filter(
    (t) => t.kind === 'refund' && (t.status == null || t.status === 'success'),
  );
  const adjustments = (r.order_adjustments ?? []).map((a) => amountSum([a.amount, a.tax_amount ?? '0.00']));
  const amount =
    (r.transactions ?? []).length > 0
      ? amountSum(transactions.map((t) => t.amount))
      : amountSub(amountSum(lines.map((l) => l.amount)), amountSum(adjustments));
  return { sourceId: idText(r.id), createdAt: parseInstant(r.created_at).utc, amount, lines };
}
