import type { StreamDefinition } from '../../kit/define.js';
import type { StreamOptions } from './options.js';
import { transactionStream } from './transactions.js';

/** Purchase orders (PurchOrd, record `purchaseOrder`). */
export function purchaseOrdersStream(options: StreamOptions): StreamDefinition {
  return transactionStream({ name: 'purchase_orders', typeCode: 'PurchOrd', recordType: 'purchaseorder' }, options);
}
