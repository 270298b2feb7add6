import type { StreamDefinition } from '../../kit/define.js';
import { XERO_OBJECTS } from '../mappers/index.js';
import { pagedStream, type XeroStreamOptions } from './paged.js';

/** `/CreditNotes`: customer (ACCRECCREDIT) and supplier (ACCPAYCREDIT) credit notes. */
export function creditNotesStream(opts: XeroStreamOptions = {}): StreamDefinition {
  return pagedStream(
    {
      name: 'credit_notes',
      object: XERO_OBJECTS.creditNotes,
      resource: 'CreditNotes',
      itemsKey: 'CreditNotes',
      idField: 'CreditNoteID',
    },
    opts,
  );
}
