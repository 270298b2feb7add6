import type { SalesOrder } from '../../../canonical/index.js';
import { canonicalId, parseInstant } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { review } from '../../kit/mapper.js';
import { baseFields, readTransaction, totalsOf } from './header.js';
import { salesOrderStatus } from './status.js';

/**
 * `salesOrder` record read with expandSubResources=true. Refunds are separate NetSuite
 * transactions (cash refunds, credit memos), so the order carries none and its current total is
 * its total. A cancelled order has no cancel timestamp; its last modification stands in.
 */
export const mapSalesOrderRecord: Mapper = (raw, ctx) => {
  const read = readTransaction(raw);
  if ('failed' in read) return read.failed;
  const h = read.header;
  const status = salesOrderStatus(h.statusValue);
  if (status === null) {
    return review('LP_INPUT_MAPPING', `unknown sales order status ${JSON.stringify(h.statusValue)}`, 'status');
  }
  const created = h.rec.createdDate === undefined ? h.updatedAt : parseInstant(h.rec.createdDate);
  const record = {
    ...baseFields(h, ctx),
    id: canonicalId('sales_order', ctx.connectionId, h.rec.id),
    kind: 'sales_order',
    number: h.rec.tranId ?? null,
    orderDate: h.rec.tranDate,
    orderedAt: created.utc,
    customer: { sourceId: h.rec.entity?.id ?? null, name: h.rec.entity?.refName ?? null },
    ...totalsOf(h),
    presentmentCurrency: null,
    presentmentTotal: null,
    currentTotal: h.total,
    refunds: [],
    refundedTotal: '0',
    cancelledAt: status.status === 'cancelled' ? h.updatedAt.utc : null,
    cancelReason: null,
    test: false,
    status: { value: status.status, original: h.statusValue },
    financialStatus: { value: status.financial, original: h.statusValue },
  } satisfies SalesOrder;
  return { ok: [record] };
};
