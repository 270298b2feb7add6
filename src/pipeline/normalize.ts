import type { CanonicalRecord, RawEnvelope } from '../canonical/index.js';
import { CANONICAL_SCHEMAS } from '../canonical/index.js';
import type { ConnectorDefinition } from '../connectors/kit/define.js';
import type { MapContext } from '../connectors/kit/mapper.js';
import type { AbsenceSweep } from '../ports/canonical-store.js';
import type { CompanyProfile } from '../ports/connection-store.js';
import type { NewReviewItem } from '../ports/review-store.js';
import { COMPANY_PROFILE_OBJECT, mapCompanyProfile } from './company-profile.js';

/** A rewritten payload, and the suffix for the mapping version ("rules.3") when rules changed it. */
export interface TransformResult {
  readonly payload: unknown;
  readonly version: string | null;
}

/** Rewrites a parsed payload before the mapper sees it (operator mapping rules); may edit it in place. */
export type PayloadTransform = (payload: unknown, env: RawEnvelope) => TransformResult;

/** Applies operator corrections to a mapped record (an overlay: the raw payload is never edited). */
export type RecordOverlay = (record: CanonicalRecord) => CanonicalRecord;

/** Sees every parsed payload before any rewrite (schema-drift fingerprints); must be cheap. */
export type PayloadObserver = (payload: unknown, env: RawEnvelope) => void;

/** Flags records that mapped cleanly but look wrong (suspicious totals, currencies, dates). */
export type RecordCheck = (record: CanonicalRecord, env: RawEnvelope, company: CompanyProfile) => NewReviewItem | null;

export interface NormalizeEnv {
  readonly connector: (platform: string) => Promise<ConnectorDefinition>;
  readonly company: (connectionId: string) => Promise<CompanyProfile | undefined>;
  readonly transform?: PayloadTransform;
  readonly checks?: readonly RecordCheck[];
  readonly overlay?: RecordOverlay;
  readonly observe?: PayloadObserver;
}

/** Per-batch additions to a NormalizeEnv (the operator workflow), and what to run once the batch is committed. */
export interface BatchHooks extends Pick<NormalizeEnv, 'transform' | 'checks' | 'overlay' | 'observe'> {
  readonly commit?: (result: NormalizeResult) => Promise<void>;
}

export function withHooks(env: NormalizeEnv, hooks: BatchHooks): NormalizeEnv {
  const checks = [...(env.checks ?? []), ...(hooks.checks ?? [])];
  return {
    ...env,
    ...(hooks.transform ? { transform: hooks.transform } : {}),
    ...(hooks.overlay ? { overlay: hooks.overlay } : {}),
    ...(hooks.observe ? { observe: hooks.observe } : {}),
    ...(checks.length ? { checks } : {}),
  };
}

export interface NormalizeResult {
  readonly records: CanonicalRecord[];
  readonly reviews: NewReviewItem[];
  /** Envelope id → the ids of the records it produced (for replay diffs). */
  readonly produced: Map<string, string[]>;
  /** What id-sweep pages show absent, applied after `records` are written (canonical.markAbsent). */
  readonly sweeps: AbsenceSweep[];
}

const DEFAULT_COMPANY: CompanyProfile = {
  legalName: 'unknown',
  naics: '00',
  country: 'ZZ',
  baseCurrency: 'USD',
  timeZone: 'UTC',
  sizeBand: 'small',
};

function parsePayload(env: RawEnvelope): unknown {
  return env.contentType.includes('json') ? JSON.parse(env.payload) : env.payload;
}

function reviewOf(env: RawEnvelope, reason: string, message: string, field?: string | null): NewReviewItem {
  return {
    reason,
    message,
    platform: env.platform,
    connectionId: env.connectionId,
    object: env.object,
    envelopeId: env.id,
    field: field ?? null,
    detail: { externalId: env.externalId, sourceVersion: env.sourceVersion },
  };
}

/**
 * Maps envelopes to canonical records. Pure apart from loading connectors and company profiles:
 * the worker and replay both call it, so replay gives the same rows as the first run. Every failure
 * becomes a review item; nothing here throws for bad data.
 */
export async function normalizeEnvelopes(
  envelopes: readonly RawEnvelope[],
  env: NormalizeEnv,
): Promise<NormalizeResult> {
  const records: CanonicalRecord[] = [];
  const reviews: NewReviewItem[] = [];
  const produced = new Map<string, string[]>();
  const sweeps: AbsenceSweep[] = [];
  for (const e of envelopes) {
    if (e.object === COMPANY_PROFILE_OBJECT) {
      const company = mapCompanyProfile(e);
      if ('reason' in company) reviews.push(company);
      else {
        records.push(company);
        produced.set(e.id, [company.id]);
      }
      continue;
    }
    const connector = await env.connector(e.platform);
    const mapper = connector.mappers[e.object] ?? connector.mappers[e.object.split(':')[0] ?? ''];
    if (!mapper) {
      reviews.push(reviewOf(e, 'LP_INPUT_MAPPING', `no mapper for ${e.platform} object "${e.object}"`));
      continue;
    }
    const company = (await env.company(e.connectionId)) ?? DEFAULT_COMPANY;
    let payload: unknown;
    try {
      payload = parsePayload(e);
    } catch (error) {
      reviews.push(reviewOf(e, 'LP_INPUT_NOT_JSON', `payload is not valid JSON: ${(error as Error).message}`));
      continue;
    }
    env.observe?.(payload, e);
    let mappingVersion = connector.mappingVersion;
    if (env.transform) {
      const rewritten = env.transform(payload, e);
      payload = rewritten.payload;
      if (rewritten.version) mappingVersion = `${mappingVersion}+${rewritten.version}`;
    }
    const ctx: MapContext = {
      platform: e.platform,
      connectionId: e.connectionId,
      envelopeId: e.id,
      mappingVersion,
      timeZone: company.timeZone,
      baseCurrency: company.baseCurrency,
    };
    let result: ReturnType<typeof mapper>;
    try {
      result = mapper(payload, ctx);
    } catch (error) {
      // A mapper must not throw; if one does, it is a bug, but the record still goes to review.
      reviews.push(reviewOf(e, 'LP_INPUT_MAPPING', `mapper failed: ${(error as Error).message}`));
      continue;
    }
    if ('review' in result) {
      reviews.push(reviewOf(e, result.review.code, result.review.message, result.review.field));
      continue;
    }
    const ids: string[] = [];
    for (const mapped of result.ok) {
      const record = env.overlay ? env.overlay(mapped) : mapped;
      const check = CANONICAL_SCHEMAS[record.kind].safeParse(record);
      if (!check.success) {
        const issue = check.error.issues[0];
        const path = issue?.path.join('.') ?? '';
        reviews.push(
          reviewOf(e, 'LP_INPUT_SCHEMA', `canonical ${record.kind} invalid at ${path}: ${issue?.message}`, path),
        );
        continue;
      }
      let flagged = false;
      for (const c of env.checks ?? []) {
        const item = c(record, e, company);
        if (item) {
          reviews.push(item);
          flagged = true;
        }
      }
      // Suspicious records are still stored (flagged, not dropped): the review item says why.
      void flagged;
      records.push(record);
      ids.push(record.id);
    }
    produced.set(e.id, ids);
    if (result.sweep) sweeps.push({ ...result.sweep, connectionId: e.connectionId, envelopeId: e.id, mappingVersion });
  }
  return { records, reviews, produced, sweeps };
}
