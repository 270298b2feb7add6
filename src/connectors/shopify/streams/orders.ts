import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { withOverlap } from '../../kit/incremental.js';
import type { StreamOptions } from './options.js';
import { forwardOnly, idOf, maxUpdatedAt, toPage, toPageRecord } from './records.js';

/**
 * Orders, incremental on updated_at. `status=any` (the default `open` silently drops closed and
 * cancelled orders), `order=updated_at asc`, `updated_at_min` = cursor − overlap. Because pages come
 * in updated_at order, every page can checkpoint the latest updated_at seen so far: an order edited
 * mid-read moves behind the cursor and is met again later in the same read.
 * Deleted orders simply vanish from the list (Shopify shows no deletions).
 */
export function ordersStream(opts: StreamOptions): StreamDefinition {
  return {
    name: 'orders',
    object: 'orders',
    async *read(ctx: StreamContext, cursor: string | null): AsyncIterable<Page> {
      const client = opts.clientFor(ctx);
      const query: Record<string, string> = { status: 'any', order: 'updated_at asc', limit: String(opts.pageSize) };
      const since = withOverlap(cursor, opts.overlapMs);
      if (since !== null) query['updated_at_min'] = since;
      let max: string | null = null;
      for await (const page of client.list('orders', 'orders', query)) {
        const records = page.items.map((item) =>
          toPageRecord(item, (o) => ({ id: idOf(o['id']), updatedAt: o['updated_at'] })),
        );
        max = maxUpdatedAt(records, max);
        yield toPage(page, records, forwardOnly(max, cursor));
      }
    },
  };
}
