import type { CanonicalKind, CanonicalRecord } from '../canonical/index.js';

export interface CanonicalFilter {
  readonly kind?: CanonicalKind;
  readonly connectionId?: string;
  readonly ids?: readonly string[];
  readonly includeDeleted?: boolean;
}

export interface UpsertResult {
  /** Rows inserted or replaced. */
  readonly written: number;
  /** Rows refused because the store holds a newer source version. */
  readonly skippedOlder: number;
}

export interface DeletionMark {
  readonly kind: CanonicalKind;
  readonly connectionId: string;
  readonly sourceId: string;
  readonly deletedAt: string;
}

/**
 * What one page of an id sweep says (a source that shows no deletions, e.g. Shopify orders): in
 * the source's id order, ids compared as unsigned decimal integers, the records of `kind` with an
 * id above `after` (null: from the first) and up to `upTo` inclusive (null: to the last) are
 * exactly `present`, as of `asOf` (the source's clock when it answered).
 */
export interface AbsenceSweep {
  readonly kind: CanonicalKind;
  readonly connectionId: string;
  readonly after: string | null;
  readonly upTo: string | null;
  readonly present: readonly string[];
  readonly asOf: string;
  /** The sweep page's envelope and the mapping version that read it (the deletion's provenance). */
  readonly envelopeId: string;
  readonly mappingVersion: string;
}

/** Canonical records, one row per (kind, connection, source id), guarded by source version. */
export interface CanonicalStore {
  /**
   * Bulk idempotent upsert in one transaction: a record whose source updated-at is older than the
   * stored one is skipped; an equal one is rewritten (replay with a new mapping version).
   */
  upsert(records: readonly CanonicalRecord[]): Promise<UpsertResult>;
  get(ids: readonly string[]): Promise<CanonicalRecord[]>;
  scan(filter: CanonicalFilter, batchSize?: number): AsyncIterable<CanonicalRecord[]>;
  /**
   * Marks deleted, in one transaction, the live records a sweep page shows absent: of its kind and
   * connection, with a decimal source id in its range, not present, and last changed strictly
   * before `asOf` (a record changed since may be newer than the page). Each becomes deleted: true,
   * status `deleted`, at source version `asOf`, so an older copy arriving later cannot revive it.
   * Returns how many were marked; marking again changes nothing.
   */
  markAbsent(sweep: AbsenceSweep): Promise<number>;
  /** Count of live (and, separately, deleted) records per kind. */
  counts(connectionId?: string): Promise<Record<string, { live: number; deleted: number }>>;
}
