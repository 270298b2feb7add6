import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The operator workflow's tables (mapping rules, corrections, drift, audit, API access, reports)
 * and their Kysely row types. Written once for every dialect: only the column types differ, and
 * they come from the dialect's ColumnTypes.
 */

/** The column types this migration needs; ColumnTypes of migrations.ts satisfies it. */
export interface WorkflowColumnTypes {
  readonly key: string;
  readonly text: string;
  readonly json: string;
  readonly int: string;
}

export interface MappingRulesTable {
  id: string;
  version: number;
  platform: string | null;
  connection_id: string | null;
  object: string | null;
  source_field: string;
  target_field: string;
  transform: unknown;
  note: string | null;
  replaces: string | null;
  status: string;
  created_by: string;
  created_at: string;
  retired_by: string | null;
  retired_at: string | null;
}

export interface CorrectionsTable {
  id: string;
  record_id: string;
  kind: string;
  connection_id: string;
  field: string;
  value: unknown;
  old_value: unknown;
  reason: string;
  status: string;
  created_by: string;
  created_at: string;
  reverted_by: string | null;
  reverted_at: string | null;
}

export interface DriftBaselinesTable {
  id: string;
  platform: string;
  object: string;
  payloads: number;
  learned: number;
  paths: unknown;
  updated_at: string;
}

export interface DriftAlertsTable {
  id: string;
  platform: string;
  object: string;
  path: string;
  change: string;
  from_type: string | null;
  to_type: string | null;
  status: string;
  first_envelope_id: string;
  first_seen: string;
  last_seen: string;
  affected: number;
  acknowledged_by: string | null;
  note: string | null;
}

export interface DriftAffectedTable {
  /** `<alert id>:<envelope id>`: one key column, so insert-ignore works the same on every dialect. */
  id: string;
  alert_id: string;
  envelope_id: string;
  seen_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
}

export interface ApiUsersTable {
  id: string;
  name: string;
  role: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface WorkflowCountersTable {
  name: string;
  value: number;
}

export interface StoredReportsTable {
  /** `<name>:<scope>`. */
  id: string;
  name: string;
  scope: string;
  body: unknown;
  at: string;
}

export interface WorkflowSchema {
  mapping_rules: MappingRulesTable;
  corrections: CorrectionsTable;
  drift_baselines: DriftBaselinesTable;
  drift_alerts: DriftAlertsTable;
  drift_affected: DriftAffectedTable;
  audit_log: AuditLogTable;
  api_users: ApiUsersTable;
  api_tokens: ApiTokensTable;
  workflow_counters: WorkflowCountersTable;
  stored_reports: StoredReportsTable;
}

export const WORKFLOW_COUNTERS = ['rules', 'corrections', 'drift'] as const;

export function reviewWorkflowMigration(t: WorkflowColumnTypes): Migration {
  const k = sql.raw(t.key);
  const txt = sql.raw(t.text);
  const json = sql.raw(t.json);
  const int = sql.raw(t.int);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mapping_rules')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('version', int, (c) => c.notNull().unique())
        .addColumn('platform', k)
        .addColumn('connection_id', k)
        .addColumn('object', k)
        .addColumn('source_field', txt, (c) => c.notNull())
        .addColumn('target_field', txt, (c) => c.notNull())
        .addColumn('transform', json, (c) => c.notNull())
        .addColumn('note', txt)
        .addColumn('replaces', k)
        .addColumn('status', k, (c) => c.notNull())
        .addColumn('created_by', k, (c) => c.notNull())
        .addColumn('created_at', k, (c) => c.notNull())
        .addColumn('retired_by', k)
        .addColumn('retired_at', k)
        .execute();
      await db.schema
        .createTable('corrections')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('record_id', k, (c) => c.notNull())
        .addColumn('kind', k, (c) => c.notNull())
        .addColumn('connection_id', k, (c) => c.notNull())
        .addColumn('field', k, (c) => c.notNull())
        .addColumn('value', json)
        .addColumn('old_value', json)
        .addColumn('reason', txt, (c) => c.notNull())
        .addColumn('status', k, (c) => c.notNull())
        .addColumn('created_by', k, (c) => c.notNull())
        .addColumn('created_at', k, (c) => c.notNull())
        .addColumn('reverted_by', k)
        .addColumn('reverted_at', k)
        .execute();
      await db.schema.createIndex('corrections_record').on('corrections').columns(['record_id', 'status']).execute();
      await db.schema
        .createTable('drift_baselines')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('platform', k, (c) => c.notNull())
        .addColumn('object', k, (c) => c.notNull())
        .addColumn('payloads', int, (c) => c.notNull())
        .addColumn('learned', int, (c) => c.notNull())
        .addColumn('paths', json, (c) => c.notNull())
        .addColumn('updated_at', k, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('drift_alerts')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('platform', k, (c) => c.notNull())
        .addColumn('object', k, (c) => c.notNull())
        .addColumn('path', k, (c) => c.notNull())
        .addColumn('change', k, (c) => c.notNull())
        .addColumn('from_type', k)
        .addColumn('to_type', k)
        .addColumn('status', k, (c) => c.notNull())
        .addColumn('first_envelope_id', k, (c) => c.notNull())
        .addColumn('first_seen', k, (c) => c.notNull())
        .addColumn('last_seen', k, (c) => c.notNull())
        .addColumn('affected', int, (c) => c.notNull())
        .addColumn('acknowledged_by', k)
        .addColumn('note', txt)
        .execute();
      await db.schema
        .createTable('drift_affected')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('alert_id', k, (c) => c.notNull())
        .addColumn('envelope_id', k, (c) => c.notNull())
        .addColumn('seen_at', k, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('drift_affected_alert')
        .on('drift_affected')
        .columns(['alert_id', 'seen_at'])
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('at', k, (c) => c.notNull())
        .addColumn('actor', k, (c) => c.notNull())
        .addColumn('action', k, (c) => c.notNull())
        .addColumn('target', k, (c) => c.notNull())
        .addColumn('detail', json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
      await db.schema
        .createTable('api_users')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('name', k, (c) => c.notNull().unique())
        .addColumn('role', k, (c) => c.notNull())
        .addColumn('created_at', k, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('token_hash', k, (c) => c.notNull().unique())
        .addColumn('user_id', k, (c) => c.notNull())
        .addColumn('label', txt)
        .addColumn('created_at', k, (c) => c.notNull())
        .addColumn('revoked_at', k)
        .execute();
      await db.schema
        .createTable('workflow_counters')
        .addColumn('name', k, (c) => c.primaryKey())
        .addColumn('value', int, (c) => c.notNull())
        .execute();
      await (db as Kysely<WorkflowSchema>)
        .insertInto('workflow_counters')
        .values(WORKFLOW_COUNTERS.map((name) => ({ name, value: 0 })))
        .execute();
      await db.schema
        .createTable('stored_reports')
        .addColumn('id', k, (c) => c.primaryKey())
        .addColumn('name', k, (c) => c.notNull())
        .addColumn('scope', k, (c) => c.notNull())
        .addColumn('body', json, (c) => c.notNull())
        .addColumn('at', k, (c) => c.notNull())
        .execute();
      // Replay looks review items and canonical rows up by the envelope they came from.
      await db.schema.createIndex('review_items_envelope').on('review_items').columns(['envelope_id']).execute();
      await db.schema.createIndex('canonical_envelope').on('canonical_records').columns(['envelope_id']).execute();
    },
  };
}
