import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { withOverlap } from '../../kit/incremental.js';
import { SHOPIFY_MAX_IDS_PER_FILTER } from '../api.js';
import type { ShopifyClient, ShopifyListPage } from '../client.js';
import { locationIds } from './locations.js';
import type { StreamOptions } from './options.js';
import { idOf } from './records.js';
import { checkpointAtEnd } from './unordered.js';

/**
 * Inventory levels: `inventory_levels.json` needs a filter, so the stream lists the locations
 * first and asks for the levels of up to 50 locations at a time, incremental on updated_at_min.
 * A level has no id: its externalId is `inventory_item_id:location_id`.
 */
export function inventoryLevelsStream(opts: StreamOptions): StreamDefinition {
  return {
    name: 'inventory_levels',
    object: 'inventory_levels',
    read(ctx: StreamContext, cursor: string | null): AsyncIterable<Page> {
      const client = opts.clientFor(ctx);
      const since = withOverlap(cursor, opts.overlapMs);
      return checkpointAtEnd(
        levelPages(client, opts.pageSize, since),
        (l) => {
          const item = idOf(l['inventory_item_id']);
          const location = idOf(l['location_id']);
          return { id: item !== null && location !== null ? `${item}:${location}` : null, updatedAt: l['updated_at'] };
        },
        cursor,
      );
    },
  };
}

async function* levelPages(
  client: ShopifyClient,
  pageSize: number,
  since: string | null,
): AsyncGenerator<ShopifyListPage> {
  const ids = await locationIds(client);
  for (let i = 0; i < ids.length; i += SHOPIFY_MAX_IDS_PER_FILTER) {
    const query: Record<string, string> = {
      location_ids: ids.slice(i, i + SHOPIFY_MAX_IDS_PER_FILTER).join(','),
      limit: String(pageSize),
    };
    if (since !== null) query['updated_at_min'] = since;
    yield* client.list('inventory_levels', 'inventory_levels', query);
  }
}
