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

/** Canonical records, one row per (kind, connection, source id), guarded by source version. */
export interface CanonicalStore {
  /**
   * Bulk idempotent upsert in one transaction: a record whose source updated-at is older than the
   * stored one is skipped; an equal one is rewritten (replay with a new mapping version).
   */
  upsert(records: readonly CanonicalRecord[]): Promise<UpsertResult>;
  get(ids: readonly string[]): Promise<CanonicalRecord[]>;
  scan(filter: CanonicalFilter, batchSize?: number): AsyncIterable<CanonicalRecord[]>;
  /** Count of live (and, separately, deleted) records per kind. */
  counts(connectionId?: string): Promise<Record<string, { live: number; deleted: number }>>;
}
