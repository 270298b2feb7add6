import type { StreamDefinition } from '../../kit/define.js';
import { entityStream, type StreamOptions } from './entity-stream.js';

/** Purchase orders (non-posting; closed by linking a bill). */
export function purchaseOrdersStream(opts: StreamOptions): StreamDefinition {
  return entityStream({ name: 'purchase_orders', entity: 'PurchaseOrder', nameList: false, deletions: true }, opts);
}
