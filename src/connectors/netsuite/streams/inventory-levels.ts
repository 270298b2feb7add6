import { z } from 'zod';
import { ContractViolationError } from '../../../errors/index.js';
import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { createLoopGuard } from '../../kit/paginate/loop-guard.js';
import { createNetsuiteClient } from '../client.js';
import { inventoryLevelSourceId } from '../mappers/inventory-level.js';
import type { ItemLocationKey } from '../queries.js';
import { inventoryQuery } from '../queries.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { StreamOptions } from './options.js';

const LevelRow = z.looseObject({ item: z.string().regex(/^\d+$/), location: z.string().regex(/^\d+$/) });

function after(a: ItemLocationKey, b: ItemLocationKey): boolean {
  const [ai, bi] = [BigInt(a.item), BigInt(b.item)];
  return ai > bi || (ai === bi && BigInt(a.location) > BigInt(b.location));
}

/**
 * On-hand quantity per item and location (`inventoryitemlocations`), read whole on every run: the
 * table has no last-modified column to filter on. Each row is stored wrapped with the server time
 * of its page (the Date header), which is its version and its canonical `asOf`, so an unchanged
 * level re-read in the same second is the same envelope and a later read is a newer version.
 */
export function inventoryLevelsStream(options: StreamOptions): StreamDefinition {
  return {
    name: 'inventory_levels',
    object: 'inventorylevel',
    async *read(ctx: StreamContext, cursorText: string | null): AsyncIterable<Page> {
      const start = decodeCursor(cursorText, 'inventory_levels');
      const client = createNetsuiteClient(ctx, options);
      const guard = createLoopGuard('netsuite inventory_levels');
      let key: ItemLocationKey | null = null;
      for (;;) {
        const page = await client.suiteql(inventoryQuery(key), options.rowPageSize);
        const observedAt = page.serverTime ?? new Date(ctx.clock.now()).toISOString();
        const rows = page.items.map((item) => {
          const parsed = LevelRow.safeParse(item);
          if (!parsed.success) {
            throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', 'netsuite inventory row lacks item/location', {
              platform: 'netsuite',
              stream: 'inventory_levels',
            });
          }
          return { key: { item: parsed.data.item, location: parsed.data.location }, raw: item };
        });
        // Keyset order is strict here (integer pairs): anything not after the last key is a repeat.
        const fresh = rows.filter((r) => key === null || after(r.key, key));
        if (fresh.length > 0) {
          const last = fresh[fresh.length - 1]?.key ?? null;
          yield {
            records: fresh.map((r) => ({
              externalId: inventoryLevelSourceId(r.key.item, r.key.location),
              sourceVersion: observedAt,
              sourceUpdatedAt: observedAt,
              payload: JSON.stringify({ observedAt, row: r.raw }),
            })),
            body: page.body,
            contentType: 'application/json',
            url: page.url,
            checkpoint: encodeCursor({ ...start, snapshotAt: observedAt }),
          };
          key = last;
        }
        if (!page.hasMore) return;
        if (fresh.length === 0) {
          throw new ContractViolationError(
            'LP_CONTRACT_PAGINATION_LOOP',
            'netsuite inventory page brought no new rows',
            {
              platform: 'netsuite',
              stream: 'inventory_levels',
            },
          );
        }
        if (key) guard.see(`${key.item}|${key.location}`);
      }
    },
  };
}
