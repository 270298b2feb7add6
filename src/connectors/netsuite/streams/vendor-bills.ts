import type { StreamDefinition } from '../../kit/define.js';
import type { StreamOptions } from './options.js';
import { transactionStream } from './transactions.js';

/** Vendor bills (VendBill, record `vendorBill`): canonical bills. */
export function vendorBillsStream(options: StreamOptions): StreamDefinition {
  return transactionStream({ name: 'vendor_bills', typeCode: 'VendBill', recordType: 'vendorbill' }, options);
}
