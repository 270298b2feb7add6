import { z } from 'zod';
import { CanonicalRecord, RawEnvelope } from '../canonical/index.js';
import { REVIEW_STATUSES } from '../ports/review-store.js';
import { API_ROLES, DRIFT_CHANGES } from '../ports/review-workflow.js';
import { NewMappingRuleSchema, RuleScopeSchema, RuleTransformSchema } from '../review/rules.js';

/** The API's request and response shapes (zod: validation and the OpenAPI document in one). */

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const IdParam = z.object({ id: z.string().min(1) });
const Json = z.unknown();
const Instant = z.string().describe('UTC instant, ISO 8601 with ms');

export const ReviewItemSchema = z.object({
  id: z.string(),
  reason: z.string().describe('LP_INPUT_*, LP_CONTRACT_*, LP_SUSPICIOUS_*, LP_DEAD_LETTER'),
  message: z.string(),
  platform: z.string(),
  connectionId: z.string(),
  object: z.string().nullable(),
  envelopeId: z.string().nullable(),
  field: z.string().nullable(),
  detail: z.record(z.string(), Json),
  status: z.enum(REVIEW_STATUSES),
  firstSeen: Instant,
  lastSeen: Instant,
  occurrences: z.number().int(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const ReviewGroupSchema = z.object({
  reason: z.string(),
  platform: z.string(),
  object: z.string().nullable(),
  field: z.string().nullable(),
  open: z.number().int(),
  total: z.number().int(),
});

export const CorrectionSchema = z.object({
  id: z.string(),
  recordId: z.string(),
  kind: z.string(),
  connectionId: z.string(),
  field: z.string(),
  value: Json,
  oldValue: Json,
  reason: z.string(),
  status: z.enum(['active', 'reverted']),
  createdBy: z.string(),
  createdAt: Instant,
  revertedBy: z.string().nullable(),
  revertedAt: z.string().nullable(),
});

export const ReviewItemView = z.object({
  item: ReviewItemSchema,
  envelope: RawEnvelope.nullable(),
  records: z.array(CanonicalRecord),
  corrections: z.array(CorrectionSchema),
});

export const ReviewGroupKeySchema = z.object({
  reason: z.string().min(1),
  platform: z.string().min(1),
  object: z.string().nullable().optional(),
  field: z.string().nullable().optional(),
});

export const ReviewStatusChange = z
  .object({
    ids: z.array(z.string().min(1)).max(100_000).optional(),
    group: ReviewGroupKeySchema.optional().describe('every open item of this kind'),
    status: z.enum(REVIEW_STATUSES),
    note: z.string().max(2000).nullable().default(null),
  })
  .refine((v) => (v.ids?.length ?? 0) > 0 || v.group !== undefined, 'name ids or a group');

export const MappingRuleSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  scope: RuleScopeSchema,
  sourceField: z.string(),
  targetField: z.string(),
  transform: RuleTransformSchema,
  note: z.string().nullable(),
  replaces: z.string().nullable().optional(),
  status: z.enum(['active', 'retired']),
  createdBy: z.string(),
  createdAt: Instant,
  retiredBy: z.string().nullable(),
  retiredAt: z.string().nullable(),
});

const FieldChange = z.object({ path: z.string(), before: Json, after: Json });
const RecordSummary = z.object({
  id: z.string(),
  kind: z.string(),
  envelopeId: z.string(),
  mappingVersion: z.string(),
});
const ReviewSummary = z.object({
  id: z.string().optional(),
  reason: z.string(),
  envelopeId: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});

export const ReplayDiffSchema = z.object({
  dryRun: z.boolean(),
  envelopes: z.number().int(),
  added: z.array(RecordSummary),
  changed: z.array(RecordSummary.extend({ fields: z.array(FieldChange) })),
  removed: z.array(z.object({ id: z.string(), envelopeId: z.string(), reason: z.string(), message: z.string() })),
  unchanged: z.number().int(),
  superseded: z.number().int(),
  reviews: z.object({ opened: z.array(ReviewSummary), resolved: z.array(ReviewSummary) }),
  counts: z.object({
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    opened: z.number().int(),
    resolved: z.number().int(),
  }),
  truncated: z.boolean(),
});

export const ReplaySelectionSchema = z
  .object({
    envelopeIds: z.array(z.string().min(1)).max(100_000).optional(),
    reviewItemIds: z.array(z.string().min(1)).max(100_000).optional(),
    reviewReason: z.string().min(1).optional(),
    reviewStatus: z.enum(REVIEW_STATUSES).optional(),
    driftAlertId: z.string().min(1).optional(),
    connectionId: z.string().min(1).optional(),
    platform: z.string().min(1).optional(),
    object: z.string().min(1).optional(),
    fetchedFrom: z.string().min(1).optional().describe('UTC instant, inclusive'),
    fetchedTo: z.string().min(1).optional().describe('UTC instant, exclusive'),
    runId: z.string().min(1).optional().describe('the sync run (batch) that fetched the envelopes'),
    all: z.boolean().optional().describe('every envelope (must be said explicitly)'),
  })
  .strict();

export const ReplayRequest = z.object({
  selection: ReplaySelectionSchema,
  dryRun: z.boolean().default(true),
});

export const RulePreviewSchema = z.object({
  rule: NewMappingRuleSchema,
  version: z.number().int(),
  mappingVersionSuffix: z.string(),
  previewId: z.string().describe('pass this back to POST /mappings to save exactly this rule'),
  diff: ReplayDiffSchema,
});

export const RulePreviewRequest = z.object({ rule: NewMappingRuleSchema });
export const RuleSaveRequest = z.object({ rule: NewMappingRuleSchema, previewId: z.string().min(1) });

export const CorrectionRequest = z.object({
  recordId: z.string().min(1),
  field: z.string().min(1).describe('dot path, e.g. "total" or "lines.0.quantity"'),
  value: Json,
  reason: z.string().min(1).max(2000),
});

export const CorrectionResultSchema = z.object({
  correction: CorrectionSchema,
  record: CanonicalRecord.nullable(),
  replay: ReplayDiffSchema,
});

export const DriftAlertSchema = z.object({
  id: z.string(),
  platform: z.string(),
  object: z.string(),
  path: z.string().describe('the field that appeared, disappeared or changed type'),
  change: z.enum(DRIFT_CHANGES),
  fromType: z.string().nullable(),
  toType: z.string().nullable(),
  status: z.enum(['open', 'acknowledged']),
  firstEnvelopeId: z.string(),
  firstSeen: Instant,
  lastSeen: Instant,
  affected: z.number().int(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const DriftBaselineSchema = z.object({
  platform: z.string(),
  object: z.string(),
  payloads: z.number().int(),
  learned: z.boolean(),
  paths: z.record(z.string(), z.object({ types: z.array(z.string()), count: z.number().int() })),
  updatedAt: Instant,
});

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: Instant,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), Json),
});

export const ApiUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(API_ROLES),
  createdAt: Instant,
});

export const ApiTokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string().nullable(),
  createdAt: Instant,
  revokedAt: z.string().nullable(),
});

export const IssuedToken = z.object({
  token: z.string().describe('shown once; only its hash is stored'),
  info: ApiTokenSchema,
});

export const CompanyProfileSchema = z.object({
  legalName: z.string().min(1),
  naics: z.string().regex(/^\d{2,6}$/),
  country: z.string().regex(/^[A-Z]{2}$/),
  baseCurrency: z.string().regex(/^[A-Z]{3}$/),
  timeZone: z.string().min(1),
  sizeBand: z.enum(['micro', 'small', 'medium', 'large']),
});

export const ConnectionSchema = z.object({
  id: z.string(),
  platform: z.string(),
  account: z.string(),
  baseUrl: z.string(),
  company: CompanyProfileSchema,
  hasCredentials: z.boolean(),
  schedule: z.string().nullable(),
  createdAt: Instant,
});

export const StreamStateSchema = z.object({
  stream: z.string(),
  cursor: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  failures: z.number().int(),
});

export const SyncStatusSchema = z.object({
  connection: ConnectionSchema,
  streams: z.array(StreamStateSchema),
  canonical: z.record(z.string(), z.object({ live: z.number().int(), deleted: z.number().int() })),
  openReviewItems: z.number().int(),
});

export const StoredReportSchema = z.object({ name: z.string(), scope: z.string(), body: Json, at: Instant });

export const SignalCellSchema = z.object({
  metric: z.string(),
  grain: z.string(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dimension: z.string(),
  cell: z.string(),
  cellLabel: z.string(),
  unit: z.string(),
  currency: z.string().nullable(),
  value: z.string().nullable().describe('null when suppressed by disclosure control'),
  companies: z.number().int().nullable().describe('null when suppressed'),
  provisional: z.boolean(),
  status: z.enum(['published', 'suppressed']),
  reason: z.string().nullable(),
});
