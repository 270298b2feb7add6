import type { Page } from '../../kit/define.js';
import type { ShopifyListPage } from '../client.js';
import { forwardOnly, type Identify, maxUpdatedAt, toPage, toPageRecord } from './records.js';

/**
 * Pages of a list that is NOT ordered by updated_at (products, inventory levels). No page but the
 * last may checkpoint: a record not yet read can be older than one already seen. The last page
 * checkpoints the latest updated_at seen, capped at the server's clock when the read began (its
 * Date header), so a record changed during the read, after its position was passed, is re-read by
 * the next sync instead of being skipped. Pages are held back by one to know which is last.
 */
export async function* checkpointAtEnd(
  pages: AsyncIterable<ShopifyListPage>,
  identify: Identify,
  cursor: string | null,
): AsyncGenerator<Page> {
  let held: { page: ShopifyListPage; records: ReturnType<typeof toPageRecord>[] } | null = null;
  let max: string | null = null;
  let startedAt: string | null = null;
  for await (const page of pages) {
    if (startedAt === null) startedAt = serverDate(page.response.headers['date']);
    const records = page.items.map((item) => toPageRecord(item, identify));
    max = maxUpdatedAt(records, max);
    if (held) yield toPage(held.page, held.records, null);
    held = { page, records };
  }
  if (!held) return;
  const capped = max !== null && startedAt !== null && startedAt < max ? startedAt : max;
  yield toPage(held.page, held.records, forwardOnly(capped, cursor));
}

function serverDate(header: string | undefined): string | null {
  if (!header) return null;
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
