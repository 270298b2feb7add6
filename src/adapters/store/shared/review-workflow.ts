import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CanonicalKind } from '../../../canonical/index.js';
import type { ReviewItem, ReviewStatus } from '../../../ports/review-store.js';
import type {
  AccessStore,
  Actor,
  ApiRole,
  ApiToken,
  ApiUser,
  AuditLog,
  Correction,
  CorrectionStore,
  DriftAlert,
  DriftBaseline,
  DriftChange,
  DriftStore,
  MappingRule,
  MappingRuleStore,
  NewAuditEntry,
  ReportStore,
  ReviewWorkflowStore,
  RuleTransform,
  StoredReport,
} from '../../../ports/review-workflow.js';
import { chunks } from './chunks.js';
import type { StoreDialect } from './dialect.js';
import type {
  ApiTokensTable,
  ApiUsersTable,
  CorrectionsTable,
  DriftAlertsTable,
  MappingRulesTable,
  WorkflowSchema,
} from './migration-0002-review.js';
import type { ReviewItemsTable, StoreSchema } from './schema.js';

type Schema = StoreSchema & WorkflowSchema;
type Db = Kysely<Schema>;

const DOCUMENT_KINDS = ['invoice', 'bill', 'purchase_order', 'sales_order'];

const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;
const hashId = (prefix: string, ...parts: string[]) =>
  `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 24)}`;

/**
 * The dialect hooks are typed for the base tables but are plain SQL over one key column, so they
 * serve the workflow tables too (every workflow table keyed for upsert has a single `id` key).
 */
function insertIgnore<T extends keyof WorkflowSchema>(dialect: StoreDialect, db: Db, table: T, rows: Schema[T][]) {
  return dialect.insertIgnore(
    db as unknown as Kysely<StoreSchema>,
    table as unknown as 'raw_pages',
    'id',
    rows as unknown as StoreSchema['raw_pages'][],
  );
}

function upsertById<T extends keyof WorkflowSchema>(dialect: StoreDialect, db: Db, table: T, row: Schema[T]) {
  return dialect.upsert(
    db as unknown as Kysely<StoreSchema>,
    table as unknown as 'connections',
    ['id'],
    row as unknown as StoreSchema['connections'],
  );
}

async function bump(tx: Db, name: 'rules' | 'corrections' | 'drift'): Promise<number> {
  await tx
    .updateTable('workflow_counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .execute();
  const r = await tx.selectFrom('workflow_counters').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Number(r.value);
}

function auditRows(dialect: StoreDialect, entries: readonly NewAuditEntry[]) {
  // The id sorts by time, so "newest first" is one ORDER BY even for entries of the same millisecond.
  return entries.map((e) => ({
    id: `${e.at}_${randomBytes(6).toString('hex')}`,
    at: e.at,
    actor: e.actor,
    action: e.action,
    target: e.target,
    detail: dialect.writeJson(e.detail),
  }));
}

async function audit(tx: Db, dialect: StoreDialect, actor: Actor, action: string, target: string, detail: object) {
  await tx
    .insertInto('audit_log')
    .values(auditRows(dialect, [{ at: actor.at, actor: actor.by, action, target, detail: { ...detail } }]))
    .execute();
}

function toRule(r: MappingRulesTable, dialect: StoreDialect): MappingRule {
  return {
    id: r.id,
    version: Number(r.version),
    scope: { platform: r.platform, connectionId: r.connection_id, object: r.object },
    sourceField: r.source_field,
    targetField: r.target_field,
    transform: dialect.readJson(r.transform) as RuleTransform,
    note: r.note,
    replaces: r.replaces,
    status: r.status === 'retired' ? 'retired' : 'active',
    createdBy: r.created_by,
    createdAt: r.created_at,
    retiredBy: r.retired_by,
    retiredAt: r.retired_at,
  };
}

function toCorrection(r: CorrectionsTable, dialect: StoreDialect): Correction {
  return {
    id: r.id,
    recordId: r.record_id,
    kind: r.kind as CanonicalKind,
    connectionId: r.connection_id,
    field: r.field,
    value: dialect.readJson(r.value),
    oldValue: dialect.readJson(r.old_value),
    reason: r.reason,
    status: r.status === 'reverted' ? 'reverted' : 'active',
    createdBy: r.created_by,
    createdAt: r.created_at,
    revertedBy: r.reverted_by,
    revertedAt: r.reverted_at,
  };
}

function toAlert(r: DriftAlertsTable): DriftAlert {
  return {
    id: r.id,
    platform: r.platform,
    object: r.object,
    path: r.path,
    change: r.change as DriftChange,
    fromType: r.from_type,
    toType: r.to_type,
    status: r.status === 'acknowledged' ? 'acknowledged' : 'open',
    firstEnvelopeId: r.first_envelope_id,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    affected: Number(r.affected),
    acknowledgedBy: r.acknowledged_by,
    note: r.note,
  };
}

const toUser = (r: ApiUsersTable): ApiUser => ({
  id: r.id,
  name: r.name,
  role: r.role as ApiRole,
  createdAt: r.created_at,
});
const toToken = (r: ApiTokensTable): ApiToken => ({
  id: r.id,
  userId: r.user_id,
  label: r.label,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

function toReviewItem(r: ReviewItemsTable, dialect: StoreDialect): ReviewItem {
  return {
    id: r.id,
    reason: r.reason,
    message: r.message,
    platform: r.platform,
    connectionId: r.connection_id,
    object: r.object,
    envelopeId: r.envelope_id,
    field: r.field,
    detail: (dialect.readJson(r.detail) as Record<string, unknown> | null) ?? {},
    status: r.status as ReviewStatus,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    occurrences: Number(r.occurrences),
    resolvedBy: r.resolved_by,
    note: r.note,
  };
}

function createRuleStore(db: Db, dialect: StoreDialect): MappingRuleStore {
  const get = async (id: string) => {
    const r = await db.selectFrom('mapping_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRule(r, dialect) : undefined;
  };
  return {
    async add(rule, actor) {
      const id = newId('rule');
      await db.transaction().execute(async (tx) => {
        const version = await bump(tx, 'rules');
        if (rule.replaces) {
          await tx
            .updateTable('mapping_rules')
            .set({ status: 'retired', retired_by: actor.by, retired_at: actor.at })
            .where('id', '=', rule.replaces)
            .where('status', '=', 'active')
            .execute();
        }
        await tx
          .insertInto('mapping_rules')
          .values({
            id,
            version,
            platform: rule.scope.platform,
            connection_id: rule.scope.connectionId,
            object: rule.scope.object,
            source_field: rule.sourceField,
            target_field: rule.targetField,
            transform: dialect.writeJson(rule.transform),
            note: rule.note,
            replaces: rule.replaces ?? null,
            status: 'active',
            created_by: actor.by,
            created_at: actor.at,
            retired_by: null,
            retired_at: null,
          })
          .execute();
        await audit(tx, dialect, actor, 'rule.add', id, { version, ...rule });
      });
      return (await get(id)) as MappingRule;
    },
    async list(filter = {}) {
      let q = db.selectFrom('mapping_rules').selectAll();
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q.orderBy('version').execute()).map((r) => toRule(r, dialect));
    },
    get,
    async retire(id, actor) {
      const done = await db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable('mapping_rules')
          .set({ status: 'retired', retired_by: actor.by, retired_at: actor.at })
          .where('id', '=', id)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        const version = await bump(tx, 'rules');
        await audit(tx, dialect, actor, 'rule.retire', id, { version });
        return true;
      });
      return done ? get(id) : undefined;
    },
  };
}

function createCorrectionStore(db: Db, dialect: StoreDialect): CorrectionStore {
  const one = async (id: string) => {
    const r = await db.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toCorrection(r, dialect) : undefined;
  };
  return {
    async add(c, actor) {
      const id = newId('cor');
      await db.transaction().execute(async (tx) => {
        const prev = await tx
          .selectFrom('corrections')
          .select('id')
          .where('record_id', '=', c.recordId)
          .where('field', '=', c.field)
          .where('status', '=', 'active')
          .execute();
        if (prev.length) {
          await tx
            .updateTable('corrections')
            .set({ status: 'reverted', reverted_by: actor.by, reverted_at: actor.at })
            .where(
              'id',
              'in',
              prev.map((p) => p.id),
            )
            .execute();
        }
        await tx
          .insertInto('corrections')
          .values({
            id,
            record_id: c.recordId,
            kind: c.kind,
            connection_id: c.connectionId,
            field: c.field,
            value: dialect.writeJson(c.value),
            old_value: dialect.writeJson(c.oldValue),
            reason: c.reason,
            status: 'active',
            created_by: actor.by,
            created_at: actor.at,
            reverted_by: null,
            reverted_at: null,
          })
          .execute();
        await bump(tx, 'corrections');
        await audit(tx, dialect, actor, 'correction.add', c.recordId, {
          correctionId: id,
          field: c.field,
          oldValue: c.oldValue,
          value: c.value,
          reason: c.reason,
          supersedes: prev.map((p) => p.id),
        });
      });
      return (await one(id)) as Correction;
    },
    async list(filter = {}) {
      let q = db.selectFrom('corrections').selectAll();
      if (filter.recordId) q = q.where('record_id', '=', filter.recordId);
      if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q.orderBy('created_at').orderBy('id').execute()).map((r) => toCorrection(r, dialect));
    },
    async revert(id, actor) {
      const done = await db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable('corrections')
          .set({ status: 'reverted', reverted_by: actor.by, reverted_at: actor.at })
          .where('id', '=', id)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await bump(tx, 'corrections');
        await audit(tx, dialect, actor, 'correction.revert', id, {});
        return true;
      });
      return done ? one(id) : undefined;
    },
  };
}

function createDriftStore(db: Db, dialect: StoreDialect): DriftStore {
  return {
    async baseline(platform, object) {
      const r = await db
        .selectFrom('drift_baselines')
        .selectAll()
        .where('id', '=', `${platform}/${object}`)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        platform: r.platform,
        object: r.object,
        payloads: Number(r.payloads),
        learned: Number(r.learned) === 1,
        paths: dialect.readJson(r.paths) as DriftBaseline['paths'],
        updatedAt: r.updated_at,
      };
    },
    async saveBaseline(b) {
      await upsertById(dialect, db, 'drift_baselines', {
        id: `${b.platform}/${b.object}`,
        platform: b.platform,
        object: b.object,
        payloads: b.payloads,
        learned: b.learned ? 1 : 0,
        paths: dialect.writeJson(b.paths),
        updated_at: b.updatedAt,
      });
    },
    async record(observations) {
      if (observations.length === 0) return;
      await db.transaction().execute(async (tx) => {
        for (const o of observations) {
          const first = o.envelopeIds[0];
          if (first === undefined) continue;
          const id = hashId('drift', o.platform, o.object, o.path, o.change, o.toType ?? '');
          await insertIgnore(dialect, tx, 'drift_alerts', [
            {
              id,
              platform: o.platform,
              object: o.object,
              path: o.path,
              change: o.change,
              from_type: o.fromType,
              to_type: o.toType,
              status: 'open',
              first_envelope_id: first,
              first_seen: o.at,
              last_seen: o.at,
              affected: 0,
              acknowledged_by: null,
              note: null,
            },
          ]);
          let added = 0;
          const rows = [...new Set(o.envelopeIds)].map((e) => ({
            id: `${id}:${e}`,
            alert_id: id,
            envelope_id: e,
            seen_at: o.at,
          }));
          for (const part of chunks(rows, dialect.maxRowsPerInsert)) {
            added += await insertIgnore(dialect, tx, 'drift_affected', part);
          }
          if (added > 0) {
            await tx
              .updateTable('drift_alerts')
              .set((eb) => ({ affected: eb('affected', '+', added), last_seen: o.at }))
              .where('id', '=', id)
              .execute();
          }
        }
      });
    },
    async alerts(filter = {}) {
      let q = db.selectFrom('drift_alerts').selectAll();
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.platform) q = q.where('platform', '=', filter.platform);
      if (filter.ids) q = q.where('id', 'in', filter.ids.length ? [...filter.ids] : ['']);
      return (await q.orderBy('first_seen').orderBy('id').execute()).map(toAlert);
    },
    async affected(alertId, limit = 100_000) {
      const rows = await db
        .selectFrom('drift_affected')
        .select('envelope_id')
        .where('alert_id', '=', alertId)
        .orderBy('seen_at')
        .orderBy('envelope_id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.envelope_id);
    },
    async acknowledge(id, note, actor) {
      const done = await db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable('drift_alerts')
          .set({ status: 'acknowledged', acknowledged_by: actor.by, note })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await bump(tx, 'drift');
        await audit(tx, dialect, actor, 'drift.acknowledge', id, { note });
        return true;
      });
      if (!done) return undefined;
      const r = await db.selectFrom('drift_alerts').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toAlert(r) : undefined;
    },
  };
}

function createAuditLog(db: Db, dialect: StoreDialect): AuditLog {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      for (const part of chunks(auditRows(dialect, entries), dialect.maxRowsPerInsert)) {
        await db.insertInto('audit_log').values(part).execute();
      }
    },
    async list(filter = {}) {
      let q = db.selectFrom('audit_log').selectAll();
      if (filter.action) q = q.where('action', '=', filter.action);
      if (filter.target) q = q.where('target', '=', filter.target);
      if (filter.actor) q = q.where('actor', '=', filter.actor);
      if (filter.since) q = q.where('at', '>=', filter.since);
      const rows = await q
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 200)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        detail: (dialect.readJson(r.detail) as Record<string, unknown>) ?? {},
      }));
    },
  };
}

function createAccessStore(db: Db, dialect: StoreDialect): AccessStore {
  return {
    async addUser(name, role, actor) {
      const row = { id: newId('usr'), name, role, created_at: actor.at };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('api_users').values(row).execute();
        await audit(tx, dialect, actor, 'user.add', row.id, { name, role });
      });
      return toUser(row);
    },
    async users() {
      return (await db.selectFrom('api_users').selectAll().orderBy('name').execute()).map(toUser);
    },
    async issueToken(userId, tokenHash, label, actor) {
      const row = {
        id: newId('tok'),
        token_hash: tokenHash,
        user_id: userId,
        label,
        created_at: actor.at,
        revoked_at: null,
      };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('api_tokens').values(row).execute();
        await audit(tx, dialect, actor, 'token.issue', row.id, { userId, label });
      });
      return toToken(row);
    },
    async revokeToken(id, actor) {
      return db.transaction().execute(async (tx) => {
        const res = await tx
          .updateTable('api_tokens')
          .set({ revoked_at: actor.at })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        await audit(tx, dialect, actor, 'token.revoke', id, {});
        return true;
      });
    },
    async tokens(userId) {
      let q = db.selectFrom('api_tokens').selectAll();
      if (userId) q = q.where('user_id', '=', userId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toToken);
    },
    async verify(tokenHash) {
      const t = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!t) return undefined;
      const u = await db.selectFrom('api_users').selectAll().where('id', '=', t.user_id).executeTakeFirst();
      return u ? { user: toUser(u), token: toToken(t) } : undefined;
    },
  };
}

function createReportStore(db: Db, dialect: StoreDialect): ReportStore {
  const toReport = (r: WorkflowSchema['stored_reports']): StoredReport => ({
    name: r.name,
    scope: r.scope,
    body: dialect.readJson(r.body),
    at: r.at,
  });
  return {
    async save(report) {
      await upsertById(dialect, db, 'stored_reports', {
        id: `${report.name}:${report.scope}`,
        name: report.name,
        scope: report.scope,
        body: dialect.writeJson(report.body),
        at: report.at,
      });
    },
    async latest(name, scope = 'all') {
      const r = await db
        .selectFrom('stored_reports')
        .selectAll()
        .where('id', '=', `${name}:${scope}`)
        .executeTakeFirst();
      return r ? toReport(r) : undefined;
    },
    async list(name) {
      return (
        await db.selectFrom('stored_reports').selectAll().where('name', '=', name).orderBy('scope').execute()
      ).map(toReport);
    },
  };
}

/** The review-workflow port over the shared Kysely schema; every dialect inherits it through assembleStore. */
export function createReviewWorkflowStore(base: Kysely<StoreSchema>, dialect: StoreDialect): ReviewWorkflowStore {
  // One database: the workflow tables sit beside the base tables (migration 0002).
  const db = base as unknown as Db;
  return {
    rules: createRuleStore(db, dialect),
    corrections: createCorrectionStore(db, dialect),
    drift: createDriftStore(db, dialect),
    audit: createAuditLog(db, dialect),
    access: createAccessStore(db, dialect),
    reports: createReportStore(db, dialect),

    async revision() {
      const rows = await db.selectFrom('workflow_counters').selectAll().execute();
      const of = (name: string) => Number(rows.find((r) => r.name === name)?.value ?? 0);
      return { rules: of('rules'), corrections: of('corrections'), drift: of('drift') };
    },

    async companyStats(connectionId) {
      const docs = () =>
        db
          .selectFrom('canonical_records')
          .where('connection_id', '=', connectionId)
          .where('kind', 'in', DOCUMENT_KINDS)
          .where('deleted', '=', 0);
      const rows = await docs()
        .select((eb) => ['currency', eb.fn.countAll<number>().as('n')])
        .where('currency', 'is not', null)
        .groupBy('currency')
        .execute();
      const currencies: Record<string, number> = {};
      let documents = 0;
      for (const r of rows) {
        if (r.currency) currencies[r.currency] = Number(r.n);
        documents += Number(r.n);
      }
      // The third date from each end, so one or two outliers (the records the checks look for) do not set the range.
      const edge = async (direction: 'asc' | 'desc') => {
        const r = await docs()
          .select('doc_date')
          .where('doc_date', 'is not', null)
          .orderBy('doc_date', direction)
          .limit(1)
          .offset(Math.min(2, Math.max(0, documents - 1)))
          .executeTakeFirst();
        return r?.doc_date == null ? null : String(r.doc_date);
      };
      return { connectionId, documents, currencies, firstDate: await edge('asc'), lastDate: await edge('desc') };
    },

    async reviewItemsFor(envelopeIds, status) {
      const out: ReviewItem[] = [];
      for (const part of chunks([...new Set(envelopeIds)], 500)) {
        let q = db.selectFrom('review_items').selectAll().where('envelope_id', 'in', part);
        if (status) q = q.where('status', '=', status);
        out.push(...(await q.orderBy('id').execute()).map((r) => toReviewItem(r, dialect)));
      }
      return out;
    },

    async recordsFrom(envelopeIds) {
      const out: { id: string; envelopeId: string }[] = [];
      for (const part of chunks([...new Set(envelopeIds)], 500)) {
        const rows = await db
          .selectFrom('canonical_records')
          .select(['id', 'envelope_id'])
          .where('envelope_id', 'in', part)
          .orderBy('id')
          .execute();
        for (const r of rows) out.push({ id: r.id, envelopeId: r.envelope_id });
      }
      return out;
    },

    async withdrawRecords(records) {
      if (records.length === 0) return 0;
      return db.transaction().execute(async (tx: Transaction<Schema>) => {
        let n = 0;
        for (const r of records) {
          const res = await tx
            .deleteFrom('canonical_records')
            .where('id', '=', r.id)
            .where('envelope_id', '=', r.envelopeId)
            .executeTakeFirst();
          n += Number(res.numDeletedRows);
        }
        return n;
      });
    },
  };
}
