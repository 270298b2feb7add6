import type { LiveRecord } from '../../../emulation/live-record.js';
import type { RenderedRecord, XeroCollection } from './render.js';
import type { TenantData } from './tenant-data.js';

/** Xero document status → the canonical status the connector maps it to (DELETED is not live). */
const DOCUMENT_STATUS: Readonly<Record<string, string>> = { AUTHORISED: 'open', PAID: 'paid', VOIDED: 'void' };
const PURCHASE_ORDER_STATUS: Readonly<Record<string, string>> = { AUTHORISED: 'open', BILLED: 'closed' };

function kindOf(collection: XeroCollection, r: RenderedRecord): LiveRecord['kind'] {
  switch (collection) {
    case 'Invoices':
      return r.type === 'ACCPAY' ? 'bill' : 'invoice';
    case 'CreditNotes':
      return r.type === 'ACCPAYCREDIT' ? 'bill' : 'invoice';
    case 'PurchaseOrders':
      return 'purchase_order';
    case 'Contacts':
      return 'party';
    case 'Items':
      return 'product';
  }
}

/**
 * What a tenant holds live, read from the very lists the emulator serves (its GUIDs, its
 * UpdatedDateUTC including records it touched itself), as the Xero connector stores them:
 * invoices and bills (ACCREC / ACCPAY), credit notes as invoice or bill by side, purchase orders,
 * contacts as parties and items as products. DELETED documents are not live; a cancelled
 * purchase order is DELETED in Xero (it has no cancelled status).
 */
export function xeroLiveRecords(data: TenantData): LiveRecord[] {
  const out: LiveRecord[] = [];
  for (const [collection, list] of Object.entries(data) as [XeroCollection, readonly RenderedRecord[]][]) {
    for (const r of list) {
      let status = 'active';
      if (collection === 'Invoices' || collection === 'CreditNotes' || collection === 'PurchaseOrders') {
        const table = collection === 'PurchaseOrders' ? PURCHASE_ORDER_STATUS : DOCUMENT_STATUS;
        const mapped = table[r.status];
        if (mapped === undefined) continue;
        status = mapped;
      }
      out.push({
        kind: kindOf(collection, r),
        sourceId: r.id,
        sourceUpdatedAt: new Date(r.updatedMs).toISOString(),
        status,
      });
    }
  }
  return out;
}
