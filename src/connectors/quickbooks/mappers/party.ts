import type { Party } from '../../../canonical/index.js';
import { canonicalId } from '../../../canonical/index.js';
import type { Mapper } from '../../kit/mapper.js';
import { provenanceOf, review } from '../../kit/mapper.js';
import { isDeletionNotice, parsePayload } from './parse.js';
import { QboNameListEntity } from './schemas.js';
import { sourceOf } from './source.js';
import { mapTombstone } from './tombstone.js';

/** QBO stores the country as free text; the usual spellings are folded to ISO 3166 alpha-2. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  USA: 'US',
  'UNITED STATES': 'US',
  'UNITED STATES OF AMERICA': 'US',
  CAN: 'CA',
  CANADA: 'CA',
  GBR: 'GB',
  UK: 'GB',
  'UNITED KINGDOM': 'GB',
  AUS: 'AU',
  AUSTRALIA: 'AU',
  IND: 'IN',
  INDIA: 'IN',
  FRA: 'FR',
  FRANCE: 'FR',
  DEU: 'DE',
  GERMANY: 'DE',
  NZL: 'NZ',
  'NEW ZEALAND': 'NZ',
};

export function countryCode(text: string | undefined): string | null {
  if (text === undefined) return null;
  const t = text.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(t)) return t;
  return COUNTRY_NAMES[t] ?? null;
}

function partyMapper(role: 'customer' | 'vendor', entity: string): Mapper {
  return (raw, ctx) => {
    const parsed = parsePayload(QboNameListEntity, raw, entity);
    if ('failed' in parsed) {
      if (isDeletionNotice(raw)) return mapTombstone(raw, ctx, { kind: 'party', role }, entity);
      return parsed.failed;
    }
    const p = parsed.data;
    const source = sourceOf(ctx, p.Id, p.MetaData?.LastUpdatedTime, undefined);
    if ('error' in source) return review('LP_INPUT_SCHEMA', source.error, 'MetaData.LastUpdatedTime');
    const name = p.DisplayName ?? p.CompanyName ?? p.FullyQualifiedName ?? p.PrintOnCheckName;
    if (name === undefined) return review('LP_INPUT_SCHEMA', `${entity} has no DisplayName`, 'DisplayName');
    const address = p.BillAddr ?? p.ShipAddr;
    const record: Party = {
      id: canonicalId('party', ctx.connectionId, p.Id),
      kind: 'party',
      companyId: ctx.connectionId,
      source,
      provenance: provenanceOf(ctx),
      // Deleting a customer or vendor in QBO makes it inactive; that is the only deletion it has.
      deleted: p.status === 'Deleted' || p.Active === false,
      role,
      name,
      email: p.PrimaryEmailAddr?.Address ?? null,
      country: countryCode(address?.CountryCode ?? address?.Country),
      currency: p.CurrencyRef?.value ?? null,
    };
    return { ok: [record] };
  };
}

export const mapCustomer: Mapper = partyMapper('customer', 'Customer');
export const mapVendor: Mapper = partyMapper('vendor', 'Vendor');
