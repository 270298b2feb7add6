import type { Mapper } from '../../kit/mapper.js';
import { mapDocument } from './document.js';
import { isDeletionNotice, parsePayload } from './parse.js';
import { QboCreditMemo, QboInvoice } from './schemas.js';
import { mapTombstone } from './tombstone.js';

/** QBO Invoice → canonical invoice (documentType invoice). */
export const mapInvoice: Mapper = (raw, ctx) => {
  const parsed = parsePayload(QboInvoice, raw, 'Invoice');
  if ('failed' in parsed) {
    if (isDeletionNotice(raw)) return mapTombstone(raw, ctx, { kind: 'invoice', documentType: 'invoice' }, 'Invoice');
    return parsed.failed;
  }
  const inv = parsed.data;
  return mapDocument(inv, ctx, 'invoice', 'invoice', inv.CustomerRef, inv.status === 'Deleted');
};

/** QBO CreditMemo → canonical invoice with documentType credit_note (amounts stay positive). */
export const mapCreditMemo: Mapper = (raw, ctx) => {
  const parsed = parsePayload(QboCreditMemo, raw, 'CreditMemo');
  if ('failed' in parsed) {
    if (isDeletionNotice(raw)) {
      return mapTombstone(raw, ctx, { kind: 'invoice', documentType: 'credit_note' }, 'CreditMemo');
    }
    return parsed.failed;
  }
  const memo = parsed.data;
  const withBalance =
    memo.Balance === undefined && memo.RemainingCredit !== undefined
      ? { ...memo, Balance: memo.RemainingCredit }
      : memo;
  return mapDocument(withBalance, ctx, 'invoice', 'credit_note', memo.CustomerRef, memo.status === 'Deleted');
};
