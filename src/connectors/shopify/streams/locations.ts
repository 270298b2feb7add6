import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import type { ShopifyClient } from '../client.js';
import type { StreamOptions } from './options.js';
import { idOf, toPage, toPageRecord } from './records.js';

/** Every location id of the shop (the inventory stream needs them as filters). */
export async function locationIds(client: ShopifyClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of client.list('locations', 'locations', {})) {
    for (const item of page.items) {
      const id = idOf((item as Record<string, unknown> | null)?.['id']);
      if (id !== null) ids.push(id);
    }
  }
  return ids;
}

/** Locations: a small list read in full every time (no cursor); kept raw, no canonical record. */
export function locationsStream(opts: StreamOptions): StreamDefinition {
  return {
    name: 'locations',
    object: 'locations',
    async *read(ctx: StreamContext): AsyncIterable<Page> {
      for await (const page of opts.clientFor(ctx).list('locations', 'locations', {})) {
        const records = page.items.map((item) =>
          toPageRecord(item, (l) => ({ id: idOf(l['id']), updatedAt: l['updated_at'] })),
        );
        yield toPage(page, records, null);
      }
    },
  };
}
