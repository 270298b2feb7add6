import type { CompanyBook, CompanySpec, DocumentStatus } from '../../../emulation/economy/index.js';
import { documentAt } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';
import { type CompanyData, ENTITIES, type Entity } from './data.js';

const KIND: Readonly<Record<Entity, LiveRecord['kind']>> = {
  Invoice: 'invoice',
  CreditMemo: 'invoice',
  Bill: 'bill',
  PurchaseOrder: 'purchase_order',
  Item: 'product',
  Customer: 'party',
  Vendor: 'party',
};

/**
 * The canonical status the QuickBooks connector reads from what render.ts shows: a voided
 * transaction is zeroed with a "Voided" note (void); Balance 0 is paid; a purchase order is only
 * Open or Closed (QBO has no cancelled one: a cancelled order shows Closed).
 */
function statusOf(entity: Entity, status: DocumentStatus | undefined): string {
  if (status === undefined) return 'active';
  if (entity === 'PurchaseOrder') return status === 'closed' || status === 'cancelled' ? 'closed' : 'open';
  if (status === 'void') return 'void';
  return status === 'open' ? 'open' : 'paid';
}

/**
 * What a realm holds live at the emulator's `now`, read from the rows the queries serve (their
 * ids and LastUpdatedTime seconds, including rows the emulator touched itself), as the
 * QuickBooks connector stores them. Deleted transactions only show in CDC, so they are not live.
 */
export function quickbooksLiveRecords(data: CompanyData, spec: CompanySpec, book: CompanyBook): LiveRecord[] {
  const docs = new Map(book.documents.map((d) => [d.id, d]));
  const now = data.now();
  const out: LiveRecord[] = [];
  for (const entity of ENTITIES) {
    for (const row of data.rows(spec, entity)) {
      const doc = docs.get(row.id);
      const isDocument = entity !== 'Item' && entity !== 'Customer' && entity !== 'Vendor';
      const status = isDocument && doc ? documentAt(doc, now)?.status : undefined;
      out.push({
        kind: KIND[entity],
        sourceId: row.id,
        sourceUpdatedAt: new Date(row.updatedMs).toISOString(),
        status: statusOf(entity, status),
      });
    }
  }
  return out;
}
