import type { StreamDefinition } from '../../kit/define.js';
import type { StreamOptions } from './options.js';
import { transactionStream } from './transactions.js';

/** Credit memos (CustCred, record `creditMemo`): canonical invoices of type credit_note. */
export function creditMemosStream(options: StreamOptions): StreamDefinition {
  return transactionStream({ name: 'credit_memos', typeCode: 'CustCred', recordType: 'creditmemo' }, options);
}
