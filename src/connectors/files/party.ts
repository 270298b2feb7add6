import type { Party } from '../../canonical/index.js';
import { canonicalId } from '../../canonical/index.js';
import type { MapContext } from '../kit/mapper.js';
import { provenanceOf } from '../kit/mapper.js';

export interface PartyFacts {
  readonly sourceId: string;
  readonly name: string;
  readonly role: Party['role'];
  readonly email: string | null;
  readonly country: string | null;
  readonly currency: string | null;
  readonly sourceUpdatedAt: string;
  readonly sourceOffset?: string;
}

/**
 * A Party record for a counterparty that the document identifies with a stable id (an EDI or
 * Peppol identifier). Parties known only by name get no record: two spellings would make two parties.
 */
export function partyRecord(ctx: MapContext, facts: PartyFacts): Party {
  return {
    kind: 'party',
    id: canonicalId('party', ctx.connectionId, facts.sourceId),
    companyId: ctx.connectionId,
    source: {
      platform: 'files',
      connectionId: ctx.connectionId,
      sourceId: facts.sourceId,
      sourceUpdatedAt: facts.sourceUpdatedAt,
      ...(facts.sourceOffset === undefined ? {} : { sourceOffset: facts.sourceOffset }),
    },
    provenance: provenanceOf(ctx),
    deleted: false,
    role: facts.role,
    name: facts.name,
    email: facts.email,
    country: facts.country !== null && /^[A-Z]{2}$/.test(facts.country) ? facts.country : null,
    currency: facts.currency,
  };
}
