export const REVIEW_STATUSES = ['open', 'resolved', 'ignored'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface NewReviewItem {
  /** Stable reason code (LP_INPUT_*, LP_CONTRACT_*, LP_SUSPICIOUS_*, LP_DEAD_LETTER). */
  readonly reason: string;
  readonly message: string;
  readonly platform: string;
  readonly connectionId: string;
  readonly object: string | null;
  readonly envelopeId: string | null;
  /** A JSON path or field the problem is about, when known. */
  readonly field?: string | null;
  readonly detail?: Record<string, unknown>;
}

export interface ReviewItem extends Required<NewReviewItem> {
  readonly id: string;
  readonly status: ReviewStatus;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly occurrences: number;
  readonly resolvedBy: string | null;
  readonly note: string | null;
}

export interface ReviewFilter {
  readonly status?: ReviewStatus;
  readonly reason?: string;
  readonly connectionId?: string;
  readonly platform?: string;
  readonly ids?: readonly string[];
  readonly limit?: number;
}

export interface ReviewGroup {
  readonly reason: string;
  readonly platform: string;
  readonly object: string | null;
  readonly field: string | null;
  readonly open: number;
  readonly total: number;
}

/**
 * Review items are keyed by (reason, envelope id, field): the same problem seen again bumps
 * last-seen and the count instead of adding a row, and reopens a resolved item.
 */
export interface ReviewStore {
  add(items: readonly NewReviewItem[], at: string): Promise<void>;
  list(filter?: ReviewFilter): Promise<ReviewItem[]>;
  setStatus(ids: readonly string[], status: ReviewStatus, by: string, note: string | null, at: string): Promise<number>;
  /** Items of the same kind grouped so an operator fixes a kind, not a record at a time. */
  groups(status?: ReviewStatus): Promise<ReviewGroup[]>;
}
