import { z } from 'zod';
import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { createNetsuiteClient } from '../client.js';
import { itemsQuery, laterKey, wallClockMinus } from '../queries.js';
import type { StreamCursor } from './cursor.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { StreamOptions } from './options.js';
import { keysetPages } from './transactions.js';

const ItemKeyRow = z.looseObject({
  id: z.string().regex(/^\d+$/),
  lastmodified: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
});

/**
 * Items (inventory, non-inventory, assembly) from SuiteQL `item` by last-modified. The row is the
 * payload: no record read is needed. Its version is NetSuite's wall clock (the mapper converts it
 * with the company's zone), so sourceUpdatedAt is left to the mapper.
 */
export function itemsStream(options: StreamOptions): StreamDefinition {
  return {
    name: 'items',
    object: 'item',
    async *read(ctx: StreamContext, cursorText: string | null): AsyncIterable<Page> {
      const start = decodeCursor(cursorText, 'items');
      const client = createNetsuiteClient(ctx, options);
      let state: StreamCursor = { ...start };
      const pages = keysetPages(client, {
        what: 'netsuite items',
        query: itemsQuery,
        schema: ItemKeyRow,
        keyOf: (r) => ({ at: r.lastmodified, id: r.id }),
        pageSize: options.rowPageSize,
        since: start.m ? wallClockMinus(start.m.at, options.overlapMs) : null,
      });
      for await (const { page, rows, last } of pages) {
        if (rows.length === 0) continue;
        state = { ...state, m: laterKey(state.m, last) };
        yield {
          records: rows.map((row) => ({
            externalId: row.id,
            sourceVersion: row.lastmodified,
            sourceUpdatedAt: null,
            payload: JSON.stringify(row),
          })),
          body: page.body,
          contentType: 'application/json',
          url: page.url,
          checkpoint: encodeCursor(state),
        };
      }
    },
  };
}
