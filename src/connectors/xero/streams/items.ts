import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { createXeroClient } from '../client.js';
import { XERO_OBJECTS } from '../mappers/index.js';
import { toPageRecord, updatedMs } from './page-record.js';
import type { XeroStreamOptions } from './paged.js';

/**
 * `/Items` has no paging and returns every item in one response, so each run reads it whole: that
 * costs one request, sees stock changes that need not move UpdatedDateUTC, and lets deletions
 * (items simply vanish in Xero, no tombstone) be reconciled by ItemID downstream. The quantity on
 * hand is part of the record version for the same reason. The cursor only records the newest stamp.
 */
export function itemsStream(opts: XeroStreamOptions = {}): StreamDefinition {
  return {
    name: 'items',
    object: XERO_OBJECTS.items,
    async *read(ctx: StreamContext, _cursor: string | null): AsyncIterable<Page> {
      const client = createXeroClient(ctx, opts);
      const { response, items, texts } = await client.getList('Items', 'Items', {});
      const records = items.map((item, i) =>
        toPageRecord(item, texts[i] ?? JSON.stringify(item), {
          idField: 'ItemID',
          versionExtra: (o) => (o['IsTrackedAsInventory'] === true ? `q${String(o['QuantityOnHand'] ?? '')}` : ''),
        }),
      );
      let newest: number | null = null;
      for (const item of items) {
        const ms = updatedMs(item);
        if (ms !== null && (newest === null || ms > newest)) newest = ms;
      }
      yield {
        records,
        body: response.body,
        contentType: response.headers['content-type'] ?? 'application/json',
        url: response.url,
        checkpoint: newest === null ? null : new Date(newest).toISOString(),
      };
    },
  };
}
