import { add } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { amount } from './amounts.js';
import { mapDocument } from './document.js';
import { parsePayload } from './parse-payload.js';
import { XeroInvoice } from './schemas.js';

/** `/Invoices` record: ACCREC is a sales invoice, ACCPAY a bill (one endpoint, told apart by Type). */
export const mapInvoice: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, XeroInvoice);
  if ('failed' in parsed) return parsed.failed;
  const inv = parsed.value;
  const paid = inv.AmountPaid === undefined ? null : amount(inv.AmountPaid);
  const credited = inv.AmountCredited === undefined ? null : amount(inv.AmountCredited);
  const settled = paid === null && credited === null ? null : add(paid ?? '0', credited ?? '0');
  return mapDocument(
    {
      kind: inv.Type === 'ACCPAY' ? 'bill' : 'invoice',
      documentType: 'invoice',
      sourceId: inv.InvoiceID,
      number: inv.InvoiceNumber,
      contact: inv.Contact,
      date: inv.Date,
      dateString: inv.DateString,
      dueDate: inv.DueDate,
      dueDateString: inv.DueDateString,
      status: inv.Status,
      lineAmountTypes: inv.LineAmountTypes,
      lineItems: inv.LineItems,
      subTotal: inv.SubTotal,
      totalTax: inv.TotalTax,
      total: inv.Total,
      outstanding: inv.AmountDue,
      settled,
      currencyCode: inv.CurrencyCode,
      updatedDateUtc: inv.UpdatedDateUTC,
    },
    ctx,
  );
};
