import type { StreamDefinition } from '../../kit/define.js';
import { XERO_OBJECTS } from '../mappers/index.js';
import { pagedStream, type XeroStreamOptions } from './paged.js';

/** `/Contacts` with includeArchived=true: archived contacts are still the parties of old documents. */
export function contactsStream(opts: XeroStreamOptions = {}): StreamDefinition {
  return pagedStream(
    {
      name: 'contacts',
      object: XERO_OBJECTS.contacts,
      resource: 'Contacts',
      itemsKey: 'Contacts',
      idField: 'ContactID',
      query: { includeArchived: 'true' },
    },
    opts,
  );
}
