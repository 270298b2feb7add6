import type { StreamDefinition } from '../../kit/define.js';
import type { StreamOptions } from './options.js';
import { transactionStream } from './transactions.js';

/** Sales orders (SalesOrd, record `salesOrder`). */
export function salesOrdersStream(options: StreamOptions): StreamDefinition {
  return transactionStream({ name: 'sales_orders', typeCode: 'SalesOrd', recordType: 'salesorder' }, options);
}
