import type { CompanyBook } from '../../../emulation/economy/index.js';
import { documentAt } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';

/** Shopify timestamps have whole seconds (the same rule the listing uses). */
const seconds = (at: string) => new Date(Math.floor(Date.parse(at) / 1000) * 1000).toISOString();

/**
 * What a shop holds live at `now`, as the Shopify connector stores it: orders (sales_order,
 * status cancelled / closed / open as the order JSON shows it) and products. Deleted orders are
 * gone, as from every list; customers have no stream, inventory levels are not records here.
 * Computed from the book like shop-data.ts, without rendering (so no record fault is drawn).
 */
export function shopifyLiveRecords(book: CompanyBook, now: string): LiveRecord[] {
  const out: LiveRecord[] = [];
  for (const doc of book.documents) {
    if (doc.kind !== 'sales_order') continue;
    const state = documentAt(doc, now);
    if (!state || state.status === 'deleted') continue;
    out.push({
      kind: 'sales_order',
      sourceId: String(Number(doc.id)),
      sourceUpdatedAt: seconds(state.updatedAt),
      status: state.cancelledAt ? 'cancelled' : state.status === 'closed' ? 'closed' : 'open',
    });
  }
  for (const p of book.products) {
    if (p.createdAt > now) continue;
    out.push({
      kind: 'product',
      sourceId: String(Number(p.id)),
      sourceUpdatedAt: seconds(p.updatedAt),
      status: 'active',
    });
  }
  return out;
}
