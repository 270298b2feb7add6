import { createHash } from 'node:crypto';
import type { Platform, RawEnvelope } from '../../canonical/index.js';

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Deterministic envelope id from (platform, account, object, external id, source version):
 * the same version of the same record fetched twice is the same envelope, so nothing is counted twice.
 */
export function envelopeId(
  platform: string,
  account: string,
  object: string,
  externalId: string,
  sourceVersion: string,
): string {
  const digest = createHash('sha256')
    .update(`${platform}\u0000${account}\u0000${object}\u0000${externalId}\u0000${sourceVersion}`)
    .digest('base64url')
    .slice(0, 32);
  return `env_${digest}`;
}

export interface EnvelopeInput {
  readonly platform: Platform;
  readonly connectionId: string;
  readonly account: string;
  readonly object: string;
  readonly externalId: string;
  readonly sourceVersion: string;
  readonly sourceUpdatedAt: string | null;
  readonly fetchedAt: string;
  readonly contentType: string;
  readonly payload: string;
  readonly pageHash: string | null;
  readonly runId: string | null;
}

export function makeEnvelope(input: EnvelopeInput): RawEnvelope {
  return {
    id: envelopeId(input.platform, input.account, input.object, input.externalId, input.sourceVersion),
    platform: input.platform,
    connectionId: input.connectionId,
    object: input.object,
    externalId: input.externalId,
    sourceVersion: input.sourceVersion,
    sourceUpdatedAt: input.sourceUpdatedAt,
    fetchedAt: input.fetchedAt,
    contentType: input.contentType,
    payload: input.payload,
    payloadHash: sha256(input.payload),
    pageHash: input.pageHash,
    runId: input.runId,
  };
}
