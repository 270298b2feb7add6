import type { CanonicalKind } from '../canonical/index.js';
import type { ReviewItem } from './review-store.js';

/**
 * The operator workflow beside the review queue: versioned mapping rules, correction overlays,
 * schema-drift fingerprints and alerts, the audit log, API users and tokens, and stored reports
 * (the last reconcile result). Every mutation writes its audit entry in the same transaction.
 */

export const API_ROLES = ['admin', 'operator', 'analyst'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Who makes a change and when. */
export interface Actor {
  readonly by: string;
  readonly at: string;
}

// ---------------------------------------------------------------- mapping rules

export const RULE_TRANSFORM_KINDS = ['rename', 'decimal_comma', 'date_format', 'scale', 'constant', 'lookup'] as const;
export type RuleTransformKind = (typeof RULE_TRANSFORM_KINDS)[number];

/** The small safe set of transforms a rule may apply (no expressions, no code). */
export type RuleTransform =
  | { readonly kind: 'rename' }
  | { readonly kind: 'decimal_comma' }
  | { readonly kind: 'date_format'; readonly format: string }
  | { readonly kind: 'scale'; readonly op: 'multiply' | 'divide'; readonly by: string }
  | { readonly kind: 'constant'; readonly value: string | number | boolean | null }
  | { readonly kind: 'lookup'; readonly table: Readonly<Record<string, string>>; readonly fallback?: string | null };

/** Where a rule applies: all platforms (platform null), one platform, or one connection. */
export interface RuleScope {
  readonly platform: string | null;
  readonly connectionId: string | null;
  /** The raw object (stream), e.g. "orders"; null for every object of the scope. */
  readonly object: string | null;
}

export interface NewMappingRule {
  readonly scope: RuleScope;
  /** Dot path in the source payload; `*` walks every element of an array (`line_items.*.price`). */
  readonly sourceField: string;
  /** Dot path the value is written to (the field the connector's mapper reads). */
  readonly targetField: string;
  readonly transform: RuleTransform;
  readonly note: string | null;
  /** The rule this one supersedes (retired in the same transaction). */
  readonly replaces?: string | null;
}

export interface MappingRule extends NewMappingRule {
  readonly id: string;
  /** The rule-set version this rule introduced: 1, 2, 3 … across all rules. */
  readonly version: number;
  readonly status: 'active' | 'retired';
  readonly createdBy: string;
  readonly createdAt: string;
  readonly retiredBy: string | null;
  readonly retiredAt: string | null;
}

export interface MappingRuleStore {
  /** Saves a rule as the next rule-set version. */
  add(rule: NewMappingRule, actor: Actor): Promise<MappingRule>;
  list(filter?: { readonly status?: 'active' | 'retired' }): Promise<MappingRule[]>;
  get(id: string): Promise<MappingRule | undefined>;
  retire(id: string, actor: Actor): Promise<MappingRule | undefined>;
}

// ---------------------------------------------------------------- corrections

export interface NewCorrection {
  readonly recordId: string;
  readonly kind: CanonicalKind;
  readonly connectionId: string;
  /** Dot path in the canonical record, e.g. "total" or "lines.0.quantity". */
  readonly field: string;
  readonly value: unknown;
  readonly oldValue: unknown;
  readonly reason: string;
}

export interface Correction extends NewCorrection {
  readonly id: string;
  readonly status: 'active' | 'reverted';
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revertedBy: string | null;
  readonly revertedAt: string | null;
}

export interface CorrectionFilter {
  readonly recordId?: string;
  readonly connectionId?: string;
  readonly status?: 'active' | 'reverted';
}

export interface CorrectionStore {
  /** Saves an overlay; an active correction of the same record field is reverted by it. */
  add(correction: NewCorrection, actor: Actor): Promise<Correction>;
  list(filter?: CorrectionFilter): Promise<Correction[]>;
  revert(id: string, actor: Actor): Promise<Correction | undefined>;
}

// ---------------------------------------------------------------- schema drift

export const DRIFT_CHANGES = ['added', 'removed', 'type_changed'] as const;
export type DriftChange = (typeof DRIFT_CHANGES)[number];

export interface DriftPathStats {
  /** JSON types seen at the path (string, number, boolean, object, array; null is not a type here). */
  readonly types: readonly string[];
  /** Payloads of the learning sample the path was present in. */
  readonly count: number;
}

/** The known shape of one stream (platform + object), learned from its first payloads. */
export interface DriftBaseline {
  readonly platform: string;
  readonly object: string;
  readonly payloads: number;
  readonly learned: boolean;
  readonly paths: Readonly<Record<string, DriftPathStats>>;
  readonly updatedAt: string;
}

export interface DriftObservation {
  readonly platform: string;
  readonly object: string;
  readonly path: string;
  readonly change: DriftChange;
  readonly fromType: string | null;
  readonly toType: string | null;
  /** Envelopes showing the change in this batch, first one first. */
  readonly envelopeIds: readonly string[];
  readonly at: string;
}

export interface DriftAlert {
  readonly id: string;
  readonly platform: string;
  readonly object: string;
  readonly path: string;
  readonly change: DriftChange;
  readonly fromType: string | null;
  readonly toType: string | null;
  readonly status: 'open' | 'acknowledged';
  /** The first envelope where the change was seen. */
  readonly firstEnvelopeId: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Distinct envelopes showing the change. */
  readonly affected: number;
  readonly acknowledgedBy: string | null;
  readonly note: string | null;
}

export interface DriftAlertFilter {
  readonly status?: 'open' | 'acknowledged';
  readonly platform?: string;
  readonly ids?: readonly string[];
}

export interface DriftStore {
  baseline(platform: string, object: string): Promise<DriftBaseline | undefined>;
  saveBaseline(baseline: DriftBaseline): Promise<void>;
  /** Raises or bumps alerts (idempotent per envelope: a redelivered page does not count twice). */
  record(observations: readonly DriftObservation[]): Promise<void>;
  alerts(filter?: DriftAlertFilter): Promise<DriftAlert[]>;
  /** The envelopes an alert affects, oldest first. */
  affected(alertId: string, limit?: number): Promise<string[]>;
  acknowledge(id: string, note: string | null, actor: Actor): Promise<DriftAlert | undefined>;
}

// ---------------------------------------------------------------- audit log

export interface NewAuditEntry {
  readonly at: string;
  readonly actor: string;
  /** What happened, e.g. "rule.add", "correction.add", "review.resolve", "replay.apply". */
  readonly action: string;
  /** What it happened to: a rule id, record id, review item id, connection id … */
  readonly target: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends NewAuditEntry {
  readonly id: string;
}

export interface AuditFilter {
  readonly action?: string;
  readonly target?: string;
  readonly actor?: string;
  readonly since?: string;
  readonly limit?: number;
}

export interface AuditLog {
  append(entries: readonly NewAuditEntry[]): Promise<void>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
}

// ---------------------------------------------------------------- API users and tokens

export interface ApiUser {
  readonly id: string;
  readonly name: string;
  readonly role: ApiRole;
  readonly createdAt: string;
}

export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly label: string | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Tokens are stored as a SHA-256 hash only; the clear token is shown once, when issued. */
export interface AccessStore {
  addUser(name: string, role: ApiRole, actor: Actor): Promise<ApiUser>;
  users(): Promise<ApiUser[]>;
  issueToken(userId: string, tokenHash: string, label: string | null, actor: Actor): Promise<ApiToken>;
  revokeToken(id: string, actor: Actor): Promise<boolean>;
  tokens(userId?: string): Promise<ApiToken[]>;
  /** The live (not revoked) token with this hash and its user. */
  verify(tokenHash: string): Promise<{ readonly user: ApiUser; readonly token: ApiToken } | undefined>;
}

// ---------------------------------------------------------------- stored reports

export interface StoredReport {
  /** e.g. "reconcile". */
  readonly name: string;
  /** A connection id, or "all". */
  readonly scope: string;
  readonly body: unknown;
  readonly at: string;
}

/** The last result of a job per (name, scope), e.g. the last reconcile run's JSON. */
export interface ReportStore {
  save(report: StoredReport): Promise<void>;
  latest(name: string, scope?: string): Promise<StoredReport | undefined>;
  list(name: string): Promise<StoredReport[]>;
}

// ---------------------------------------------------------------- the whole workflow store

/** Counters bumped by every change, so workers reload rules, corrections and baselines only when they moved. */
export interface WorkflowRevision {
  readonly rules: number;
  readonly corrections: number;
  readonly drift: number;
}

/** What a company's stored documents look like (for the suspicious-record checks). */
export interface CompanyStats {
  readonly connectionId: string;
  /** Live documents (invoices, bills, purchase and sales orders). */
  readonly documents: number;
  /** Live documents per currency. */
  readonly currencies: Readonly<Record<string, number>>;
  /** The third earliest and third latest document dates: a couple of outliers cannot widen the range. */
  readonly firstDate: string | null;
  readonly lastDate: string | null;
}

export interface ReviewWorkflowStore {
  readonly rules: MappingRuleStore;
  readonly corrections: CorrectionStore;
  readonly drift: DriftStore;
  readonly audit: AuditLog;
  readonly access: AccessStore;
  readonly reports: ReportStore;
  revision(): Promise<WorkflowRevision>;
  companyStats(connectionId: string): Promise<CompanyStats>;
  /** Review items naming any of these envelopes (replay resolves them). */
  reviewItemsFor(envelopeIds: readonly string[], status?: ReviewItem['status']): Promise<ReviewItem[]>;
  /** The canonical rows that came from these envelopes (provenance), for replay diffs. */
  recordsFrom(envelopeIds: readonly string[]): Promise<{ readonly id: string; readonly envelopeId: string }[]>;
  /**
   * Deletes canonical rows a replay no longer produces (they went to review), only where the row
   * still comes from the named envelope, so a newer version written since is never removed.
   */
  withdrawRecords(records: readonly { readonly id: string; readonly envelopeId: string }[]): Promise<number>;
}
