import type { DocumentStatus, SynthKind } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';
import type { CompanyView } from './view.js';
import { fromWallClock, toSecond, toWallClock } from './zone.js';

const KIND: Readonly<Record<SynthKind, LiveRecord['kind']>> = {
  invoice: 'invoice',
  credit_note: 'invoice',
  bill: 'bill',
  purchase_order: 'purchase_order',
  sales_order: 'sales_order',
};

/**
 * The canonical status the NetSuite connector reads from the status the emulator shows (catalog.ts):
 * voided invoices and credit memos and cancelled bills are void; a cancelled purchase order shows
 * "Closed" with nothing received (read as cancelled); billed orders are closed.
 */
function statusOf(kind: SynthKind, status: DocumentStatus): string {
  const ended = status === 'void' || status === 'cancelled';
  const settled = status === 'paid' || status === 'closed';
  if (kind === 'purchase_order' || kind === 'sales_order') return ended ? 'cancelled' : settled ? 'closed' : 'open';
  return ended ? 'void' : settled ? 'paid' : 'open';
}

/**
 * What an account holds live in the emulator's view (its internal ids, last-modified seconds
 * including records it touched itself), as the NetSuite connector stores them: transactions by
 * kind (credit memos as invoices) and items as products. Deleted transactions are in the
 * deleted-record log, not live.
 */
export function netsuiteLiveRecords(view: CompanyView): LiveRecord[] {
  const out: LiveRecord[] = [];
  for (const v of view.live.values()) {
    out.push({
      kind: KIND[v.doc.kind],
      sourceId: String(Number(v.doc.id)),
      sourceUpdatedAt: new Date(v.lastModifiedMs).toISOString(),
      status: statusOf(v.doc.kind, v.state.status),
    });
  }
  const nowMs = Date.parse(view.now);
  const zone = view.book.spec.timeZone;
  for (const p of view.book.products) {
    if (Date.parse(p.createdAt) > nowMs) continue;
    // Items show their last-modified only as a wall clock in the account's zone (SuiteQL TO_CHAR):
    // in a repeated fall-back hour the platform itself says no more than its first occurrence.
    const wall = toWallClock(toSecond(p.updatedAt), zone);
    out.push({
      kind: 'product',
      sourceId: String(Number(p.id)),
      sourceUpdatedAt: new Date(fromWallClock(wall, zone) ?? toSecond(p.updatedAt)).toISOString(),
      status: 'active',
    });
  }
  return out;
}
