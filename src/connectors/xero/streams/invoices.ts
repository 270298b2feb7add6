import type { StreamDefinition } from '../../kit/define.js';
import { XERO_OBJECTS } from '../mappers/index.js';
import { pagedStream, type XeroStreamOptions } from './paged.js';

/** `/Invoices`: sales invoices (ACCREC) and bills (ACCPAY) together; the mapper tells them apart. */
export function invoicesStream(opts: XeroStreamOptions = {}): StreamDefinition {
  return pagedStream(
    {
      name: 'invoices',
      object: XERO_OBJECTS.invoices,
      resource: 'Invoices',
      itemsKey: 'Invoices',
      idField: 'InvoiceID',
    },
    opts,
  );
}
