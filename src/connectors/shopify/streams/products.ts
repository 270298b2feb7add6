import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { withOverlap } from '../../kit/incremental.js';
import type { StreamOptions } from './options.js';
import { idOf } from './records.js';
import { checkpointAtEnd } from './unordered.js';

/** Products with their variants, incremental on `updated_at_min` (the list is in id order). */
export function productsStream(opts: StreamOptions): StreamDefinition {
  return {
    name: 'products',
    object: 'products',
    read(ctx: StreamContext, cursor: string | null): AsyncIterable<Page> {
      const query: Record<string, string> = { limit: String(opts.pageSize) };
      const since = withOverlap(cursor, opts.overlapMs);
      if (since !== null) query['updated_at_min'] = since;
      const pages = opts.clientFor(ctx).list('products', 'products', query);
      return checkpointAtEnd(pages, (p) => ({ id: idOf(p['id']), updatedAt: p['updated_at'] }), cursor);
    },
  };
}
