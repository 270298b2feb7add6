import type { StreamDefinition } from '../../kit/define.js';
import type { StreamOptions } from './options.js';
import { transactionStream } from './transactions.js';

/** Customer invoices (transaction type CustInvc, record `invoice`). */
export function invoicesStream(options: StreamOptions): StreamDefinition {
  return transactionStream({ name: 'invoices', typeCode: 'CustInvc', recordType: 'invoice' }, options);
}
