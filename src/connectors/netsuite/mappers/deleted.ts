import type { CanonicalRecord } from '../../../canonical/index.js';
import { canonicalId } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { localToUtc } from './local-time.js';
import { parsePayload } from './parse-payload.js';
import { DeletedRow } from './schemas.js';

export type TransactionKind = 'invoice' | 'credit_note' | 'bill' | 'purchase_order' | 'sales_order';

/**
 * A `deletedrecord` row: NetSuite keeps only the type, internal id, name and when. The canonical
 * record becomes a tombstone (deleted: true, status deleted) dated by the deletion: no lines, zero
 * totals in the base currency, no party. The last live version stays in the raw store, and the
 * tombstone's newer source timestamp makes the upsert replace the live row.
 */
export function mapDeletedRow(raw: unknown, ctx: MapContext, kind: TransactionKind): MapResult {
  const parsed = parsePayload(raw, DeletedRow);
  if ('failed' in parsed) return parsed.failed;
  const row = parsed.value;
  const at = localToUtc(row.deleted, ctx.timeZone);
  if (at === null) return review('LP_INPUT_SCHEMA', `deleted: unreadable ${row.deleted}`, 'deleted');
  const date = row.deleted.slice(0, 10);
  const base = {
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId: row.recordid,
      sourceUpdatedAt: at.utc,
      sourceOffset: at.offset,
    },
    provenance: provenanceOf(ctx),
    deleted: true,
    number: row.name ?? null,
    lines: [],
    currency: ctx.baseCurrency,
    subtotal: '0',
    discountTotal: '0',
    taxTotal: '0',
    total: '0',
  };
  const nobody = { sourceId: null, name: null };
  const deleted = { value: 'deleted' as const, original: 'deleted' };
  let record: CanonicalRecord;
  switch (kind) {
    case 'invoice':
    case 'credit_note':
    case 'bill': {
      const k = kind === 'bill' ? 'bill' : 'invoice';
      record = {
        ...base,
        id: canonicalId(k, ctx.connectionId, row.recordid),
        kind: k,
        documentType: kind === 'credit_note' ? 'credit_note' : 'invoice',
        issueDate: date,
        dueDate: null,
        party: nobody,
        amountDue: null,
        status: deleted,
      };
      break;
    }
    case 'purchase_order':
      record = {
        ...base,
        id: canonicalId('purchase_order', ctx.connectionId, row.recordid),
        kind: 'purchase_order',
        issueDate: date,
        expectedDate: null,
        vendor: nobody,
        status: deleted,
      };
      break;
    case 'sales_order':
      record = {
        ...base,
        id: canonicalId('sales_order', ctx.connectionId, row.recordid),
        kind: 'sales_order',
        orderDate: date,
        orderedAt: at.utc,
        customer: nobody,
        presentmentCurrency: null,
        presentmentTotal: null,
        currentTotal: '0',
        refunds: [],
        refundedTotal: '0',
        cancelledAt: null,
        cancelReason: null,
        test: false,
        status: deleted,
        financialStatus: { value: 'unknown', original: 'deleted' },
      };
      break;
  }
  return { ok: [record] };
}
