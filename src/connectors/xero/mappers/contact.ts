import type { Party } from '../../../canonical/index.js';
import { CurrencyCode, canonicalId } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { checked } from './document.js';
import { updatedStampOf } from './document-dates.js';
import { parsePayload } from './parse-payload.js';
import { XeroContact } from './schemas.js';

/**
 * `/Contacts` record → party. Xero sets IsCustomer / IsSupplier from the contact's transactions; a
 * contact with neither (no transactions yet) is kept as a customer, the common case for new contacts.
 * Xero never deletes contacts (ARCHIVED and GDPRREQUEST stay visible with includeArchived=true).
 */
export const mapContact: Mapper = (raw, ctx) => {
  const parsed = parsePayload(raw, XeroContact);
  if ('failed' in parsed) return parsed.failed;
  const c = parsed.value;
  const stamp = updatedStampOf(c.UpdatedDateUTC);
  if (!stamp) return review('LP_INPUT_MAPPING', 'UpdatedDateUTC is not a /Date()/ value', 'UpdatedDateUTC');
  const role = c.IsSupplier === true ? (c.IsCustomer === true ? 'both' : 'vendor') : 'customer';
  const currency = c.DefaultCurrency && CurrencyCode.safeParse(c.DefaultCurrency).success ? c.DefaultCurrency : null;
  const country = c.Addresses?.map((a) => a.Country?.trim() ?? '').find((x) => x.length > 0) ?? null;
  const party: Party = {
    kind: 'party',
    id: canonicalId('party', ctx.connectionId, c.ContactID),
    companyId: ctx.connectionId,
    source: {
      platform: ctx.platform,
      connectionId: ctx.connectionId,
      sourceId: c.ContactID,
      sourceUpdatedAt: stamp.sourceUpdatedAt,
      sourceOffset: stamp.sourceOffset,
    },
    provenance: provenanceOf(ctx),
    deleted: false,
    role,
    name: c.Name,
    email: c.EmailAddress || null,
    country,
    currency,
  };
  return checked(party);
};
