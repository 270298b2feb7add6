import { ContractViolationError } from '../../../errors/index.js';
import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { sha256 } from '../../kit/envelope.js';
import { parseLinkHeader } from '../../kit/paginate/link-header.js';
import type { ShopifyListPage } from '../client.js';
import type { StreamOptions } from './options.js';
import { idOf } from './records.js';

/** The envelope payload of one sweep page (mappers/order-ids.ts reads it). */
export interface OrderIdsPage {
  /** The shop's clock when it answered (its Date header), UTC ISO; null if it sent none. */
  readonly asOf: string | null;
  /** The page covers ids above `after` (null: from the first) up to `upTo` (null: to the last). */
  readonly after: string | null;
  readonly upTo: string | null;
  /** The page's orders as received (`id`, `updated_at`). */
  readonly orders: readonly unknown[];
}

function serverDate(page: ShopifyListPage): string | null {
  const header = page.response.headers['date'];
  const ms = header ? Date.parse(header) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Deletion sweep of orders. Shopify shows no deletions (a deleted order vanishes from every list),
 * so every sync lists every order id (`status=any`, `order=id asc`, `fields=id,updated_at`, all
 * pages). Each page is one envelope saying "between the previous page's last id and this page's
 * last id (or the end, on the last page) these are all the orders"; the normalizer marks the
 * canonical orders of the connection that the page shows absent as deleted. A page is complete for
 * its id range on its own, so a sweep cut short by an error still leaves correct marks for what it
 * read, and nothing outside. No checkpoint: every sync sweeps from the start.
 */
export function orderIdsStream(opts: StreamOptions): StreamDefinition {
  return {
    name: 'order_ids',
    object: 'order_ids',
    async *read(ctx: StreamContext): AsyncIterable<Page> {
      const client = opts.clientFor(ctx);
      const query = { status: 'any', order: 'id asc', fields: 'id,updated_at', limit: String(opts.pageSize) };
      let after: string | null = null;
      for await (const page of client.list('orders', 'orders', query)) {
        const ids = page.items.map((o) => idOf((o as Record<string, unknown> | null)?.['id']));
        for (let i = 1; i < ids.length; i++) {
          const [a, b] = [ids[i - 1], ids[i]];
          // The range claim rests on id order; a page out of order (or without ids) proves nothing.
          if (a == null || b == null || BigInt(a) > BigInt(b)) {
            throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', 'Shopify order id sweep: page not in id order', {
              platform: 'shopify',
              connectionId: ctx.connection.id,
              stream: 'order_ids',
            });
          }
        }
        const last = ids.at(-1) ?? null;
        const hasNext = parseLinkHeader(page.response.headers['link'])['next'] !== undefined;
        const body: OrderIdsPage = {
          asOf: serverDate(page),
          after,
          upTo: hasNext ? last : null,
          orders: page.items,
        };
        const payload = JSON.stringify(body);
        const version = body.asOf ?? `sha256:${sha256(payload).slice(0, 32)}`;
        yield {
          records: [
            {
              externalId: `sweep:${version}:${after ?? 'start'}`,
              sourceVersion: version,
              sourceUpdatedAt: body.asOf,
              payload,
            },
          ],
          body: page.response.body,
          contentType: page.response.headers['content-type'] ?? 'application/json',
          url: page.url,
          checkpoint: null,
        };
        if (last !== null && (after === null || BigInt(last) > BigInt(after))) after = last;
      }
    },
  };
}
