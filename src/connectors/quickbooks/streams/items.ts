import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Items: products, and inventory levels for tracked inventory items (QtyOnHand). Items are never deleted in QBO, only made inactive. */
export function itemsStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'items', entity: 'Item', nameList: true, deletions: false }, opts);
}
