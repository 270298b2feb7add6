import { CANONICAL_MODEL_VERSION, type Company, canonicalId, type RawEnvelope } from '../canonical/index.js';
import { makeEnvelope, sha256 } from '../connectors/kit/envelope.js';
import type { Connection } from '../ports/connection-store.js';
import type { NewReviewItem } from '../ports/review-store.js';
import { isoNow, RAW_TOPIC, type RawBatchMessage, type Runtime } from './context.js';

/** The raw object name of a company profile envelope; the pipeline maps it itself. */
export const COMPANY_PROFILE_OBJECT = 'company_profile';
export const COMPANY_MAPPING_VERSION = 'company-1';

/**
 * The company behind a connection enters like any source record: its profile (set by whoever
 * added the connection) is stored as an envelope and normalized into a canonical Company, so the
 * Company record has provenance and replays like everything else. A changed profile is a new version.
 */
export async function publishCompanyProfile(rt: Runtime, connection: Connection): Promise<void> {
  const payload = JSON.stringify({ account: connection.account, ...connection.company });
  const at = isoNow(rt.clock);
  const envelope = makeEnvelope({
    platform: connection.platform,
    connectionId: connection.id,
    account: connection.account,
    object: COMPANY_PROFILE_OBJECT,
    externalId: connection.account,
    sourceVersion: sha256(payload).slice(0, 16),
    sourceUpdatedAt: at,
    fetchedAt: at,
    contentType: 'application/json',
    payload,
    pageHash: null,
    runId: null,
  });
  if ((await rt.store.raw.put([envelope])) === 0) return;
  const body: RawBatchMessage = {
    connectionId: connection.id,
    platform: connection.platform,
    object: COMPANY_PROFILE_OBJECT,
    envelopeIds: [envelope.id],
  };
  await rt.queue.publish(RAW_TOPIC, [{ id: `${connection.id}:${envelope.id}`, body }]);
}

/** Maps a company profile envelope; pure. */
export function mapCompanyProfile(e: RawEnvelope): Company | NewReviewItem {
  try {
    const p = JSON.parse(e.payload) as Record<string, string>;
    return {
      id: canonicalId('company', e.connectionId, e.externalId),
      kind: 'company',
      companyId: e.connectionId,
      source: {
        platform: e.platform,
        connectionId: e.connectionId,
        sourceId: e.externalId,
        sourceUpdatedAt: e.sourceUpdatedAt ?? e.fetchedAt,
      },
      provenance: { envelopeId: e.id, mappingVersion: COMPANY_MAPPING_VERSION, modelVersion: CANONICAL_MODEL_VERSION },
      deleted: false,
      legalName: p['legalName'] ?? '',
      naics: p['naics'] ?? '',
      country: p['country'] ?? '',
      baseCurrency: p['baseCurrency'] ?? '',
      timeZone: p['timeZone'] ?? '',
      sizeBand: (p['sizeBand'] ?? 'small') as Company['sizeBand'],
    };
  } catch (error) {
    return {
      reason: 'LP_INPUT_NOT_JSON',
      message: `company profile is not JSON: ${(error as Error).message}`,
      platform: e.platform,
      connectionId: e.connectionId,
      object: e.object,
      envelopeId: e.id,
    };
  }
}
