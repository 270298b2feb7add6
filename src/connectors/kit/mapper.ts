import type { CanonicalRecord, Platform } from '../../canonical/index.js';
import { CANONICAL_MODEL_VERSION } from '../../canonical/index.js';
import type { AbsenceSweep } from '../../ports/canonical-store.js';

/** What a mapper knows besides the payload. Mappers are pure: no clock, no I/O. */
export interface MapContext {
  readonly platform: Platform;
  readonly connectionId: string;
  readonly envelopeId: string;
  readonly mappingVersion: string;
  /** The company's IANA zone, for sources that stamp instants without a local date. */
  readonly timeZone: string;
  readonly baseCurrency: string;
}

export interface ReviewReason {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/**
 * What one page of an id sweep says about deletions (a source that shows none, e.g. Shopify
 * orders): see AbsenceSweep. The normalizer adds the connection and the provenance.
 */
export type SweepClaim = Omit<AbsenceSweep, 'connectionId' | 'envelopeId' | 'mappingVersion'>;

/** Records, plus (for an id-sweep page) what the page shows absent; or the reason for review. */
export type MapResult =
  | { readonly ok: readonly CanonicalRecord[]; readonly sweep?: SweepClaim }
  | { readonly review: ReviewReason };

export type Mapper = (raw: unknown, ctx: MapContext) => MapResult;

export function provenanceOf(ctx: MapContext) {
  return {
    envelopeId: ctx.envelopeId,
    mappingVersion: ctx.mappingVersion,
    modelVersion: CANONICAL_MODEL_VERSION,
  };
}

export function review(code: string, message: string, field?: string): MapResult {
  return { review: field === undefined ? { code, message } : { code, message, field } };
}
