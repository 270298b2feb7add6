import type { Mapper } from '../../kit/mapper.js';
import { mapDocument } from './document.js';
import { isDeletionNotice, parsePayload } from './parse.js';
import { QboBill } from './schemas.js';
import { mapTombstone } from './tombstone.js';

/** QBO Bill (AP vendor invoice) → canonical bill. */
export const mapBill: Mapper = (raw, ctx) => {
  const parsed = parsePayload(QboBill, raw, 'Bill');
  if ('failed' in parsed) {
    if (isDeletionNotice(raw)) return mapTombstone(raw, ctx, { kind: 'bill', documentType: 'invoice' }, 'Bill');
    return parsed.failed;
  }
  const bill = parsed.data;
  return mapDocument(bill, ctx, 'bill', 'invoice', bill.VendorRef, bill.status === 'Deleted');
};
