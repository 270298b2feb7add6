import { cmp, sub } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { amount } from './amounts.js';
import { mapDocument } from './document.js';
import { parsePayload } from './parse-payload.js';
import { XeroCreditNote } from './schemas.js';

/**
 * `/CreditNotes` record: ACCRECCREDIT credits a customer (canonical invoice, documentType credit_note),
 * ACCPAYCREDIT is a supplier's credit (canonical bill credit_note). Amounts stay positive as Xero
 * writes them; the document type carries the sign. RemainingCredit is the amount still to allocate.
 */
export const mapCreditNote: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, XeroCreditNote);
  if ('failed' in parsed) return parsed.failed;
  const cn = parsed.value;
  const remaining = cn.RemainingCredit === undefined ? null : amount(cn.RemainingCredit);
  const allocated = remaining === null ? null : sub(amount(cn.Total), remaining);
  const settled = allocated !== null && cmp(allocated, '0') > 0 ? allocated : null;
  return mapDocument(
    {
      kind: cn.Type === 'ACCPAYCREDIT' ? 'bill' : 'invoice',
      documentType: 'credit_note',
      sourceId: cn.CreditNoteID,
      number: cn.CreditNoteNumber,
      contact: cn.Contact,
      date: cn.Date,
      dateString: cn.DateString,
      dueDate: cn.DueDate,
      dueDateString: cn.DueDateString,
      status: cn.Status,
      lineAmountTypes: cn.LineAmountTypes,
      lineItems: cn.LineItems,
      subTotal: cn.SubTotal,
      totalTax: cn.TotalTax,
      total: cn.Total,
      outstanding: cn.RemainingCredit,
      settled,
      currencyCode: cn.CurrencyCode,
      updatedDateUtc: cn.UpdatedDateUTC,
    },
    ctx,
  );
};
