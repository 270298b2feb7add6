import type { CanonicalRecord } from '../../../canonical/index.js';
import { canonicalId, localDateOf } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { parsePayload } from './parse.js';
import { QboDeletion } from './schemas.js';
import { sourceOf } from './source.js';

export type TombstoneKind =
  | { readonly kind: 'invoice' | 'bill'; readonly documentType: 'invoice' | 'credit_note' }
  | { readonly kind: 'purchase_order' | 'product' }
  | { readonly kind: 'party'; readonly role: 'customer' | 'vendor' };

/**
 * CDC reports a deleted entity with nothing but its Id and deletion time. The canonical record it
 * becomes says only that: `deleted: true`, status `deleted`, zero totals, no lines, the deletion's
 * local date as the date. The normalizer is expected to mark the stored record deleted from it
 * rather than overwrite the stored document's values (see docs/connectors/quickbooks.md).
 */
export function mapTombstone(raw: unknown, ctx: MapContext, what: TombstoneKind, entity: string): MapResult {
  const parsed = parsePayload(QboDeletion, raw, `${entity} deletion`);
  if ('failed' in parsed) return parsed.failed;
  const del = parsed.data;
  const updated = del.MetaData?.LastUpdatedTime;
  if (updated === undefined) return review('LP_INPUT_SCHEMA', `${entity} deletion has no time`, 'MetaData');
  const source = sourceOf(ctx, del.Id, updated, undefined);
  if ('error' in source) return review('LP_INPUT_SCHEMA', source.error, 'MetaData.LastUpdatedTime');
  const base = {
    companyId: ctx.connectionId,
    source,
    provenance: provenanceOf(ctx),
    deleted: true,
  };
  const deletedStatus = { value: 'deleted' as const, original: 'Deleted' };
  const noParty = { sourceId: null, name: null };
  const totals = {
    currency: ctx.baseCurrency,
    subtotal: '0.00',
    discountTotal: '0.00',
    taxTotal: '0.00',
    total: '0.00',
  };
  let record: CanonicalRecord;
  switch (what.kind) {
    case 'invoice':
    case 'bill':
      record = {
        ...base,
        id: canonicalId(what.kind, ctx.connectionId, del.Id),
        kind: what.kind,
        documentType: what.documentType,
        number: null,
        issueDate: localDateOf(updated),
        dueDate: null,
        party: noParty,
        lines: [],
        ...totals,
        amountDue: null,
        status: deletedStatus,
      };
      break;
    case 'purchase_order':
      record = {
        ...base,
        id: canonicalId('purchase_order', ctx.connectionId, del.Id),
        kind: 'purchase_order',
        number: null,
        issueDate: localDateOf(updated),
        expectedDate: null,
        vendor: noParty,
        lines: [],
        ...totals,
        status: deletedStatus,
      };
      break;
    case 'product':
      record = {
        ...base,
        id: canonicalId('product', ctx.connectionId, del.Id),
        kind: 'product',
        name: '',
        sku: null,
        productType: null,
        currency: null,
        unitPrice: null,
        unitCost: null,
        tracked: false,
        quantityOnHand: null,
        variants: [],
        status: deletedStatus,
      };
      break;
    case 'party':
      record = {
        ...base,
        id: canonicalId('party', ctx.connectionId, del.Id),
        kind: 'party',
        role: what.role,
        name: '',
        email: null,
        country: null,
        currency: null,
      };
      break;
  }
  return { ok: [record] };
}
