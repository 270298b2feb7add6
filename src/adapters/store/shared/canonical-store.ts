import type { Kysely } from 'kysely';
import type { CanonicalRecord } from '../../../canonical/index.js';
import type { AbsenceSweep, CanonicalFilter, CanonicalStore, UpsertResult } from '../../../ports/canonical-store.js';
import { deletedBySweep, inSweepRange } from './absence.js';
import { chunks } from './chunks.js';
import type { CanonicalRow, StoreDialect } from './dialect.js';
import type { StoreSchema } from './schema.js';

/** Columns lifted out of the JSON so SQL can index and aggregate them. */
function docColumns(r: CanonicalRecord): Pick<CanonicalRow, 'doc_date' | 'currency' | 'total'> {
  switch (r.kind) {
    case 'invoice':
    case 'bill':
      return { doc_date: r.issueDate, currency: r.currency, total: r.total };
    case 'purchase_order':
      return { doc_date: r.issueDate, currency: r.currency, total: r.total };
    case 'sales_order':
      return { doc_date: r.orderDate, currency: r.currency, total: r.total };
    default:
      return { doc_date: null, currency: null, total: null };
  }
}

function rowOf(r: CanonicalRecord, dialect: StoreDialect, writtenAt: string): CanonicalRow {
  return {
    id: r.id,
    kind: r.kind,
    connection_id: r.source.connectionId,
    source_id: r.source.sourceId,
    source_updated_at: r.source.sourceUpdatedAt,
    envelope_id: r.provenance.envelopeId,
    mapping_version: r.provenance.mappingVersion,
    deleted: r.deleted ? 1 : 0,
    ...docColumns(r),
    data: dialect.writeJson(r),
    written_at: writtenAt,
  };
}

export function createCanonicalStore(
  db: Kysely<StoreSchema>,
  dialect: StoreDialect,
  now: () => string,
): CanonicalStore {
  return {
    async upsert(records: readonly CanonicalRecord[]): Promise<UpsertResult> {
      if (records.length === 0) return { written: 0, skippedOlder: 0 };
      // Within one batch the newest version of an id wins, as it would across batches.
      const latest = new Map<string, CanonicalRecord>();
      for (const r of records) {
        const prev = latest.get(r.id);
        if (!prev || prev.source.sourceUpdatedAt <= r.source.sourceUpdatedAt) latest.set(r.id, r);
      }
      const writtenAt = now();
      return db.transaction().execute(async (tx) => {
        let written = 0;
        let skippedOlder = records.length - latest.size;
        for (const part of chunks([...latest.values()], dialect.maxRowsPerInsert)) {
          const existing = await tx
            .selectFrom('canonical_records')
            .select(['id', 'source_updated_at'])
            .where(
              'id',
              'in',
              part.map((r) => r.id),
            )
            .execute();
          const stored = new Map(existing.map((e) => [e.id, e.source_updated_at]));
          const rows: CanonicalRow[] = [];
          for (const r of part) {
            const have = stored.get(r.id);
            if (have !== undefined && have > r.source.sourceUpdatedAt) {
              skippedOlder++;
              continue;
            }
            rows.push(rowOf(r, dialect, writtenAt));
          }
          if (rows.length) await dialect.upsertCanonical(tx, rows);
          written += rows.length;
        }
        return { written, skippedOlder };
      });
    },

    async get(ids: readonly string[]): Promise<CanonicalRecord[]> {
      const out: CanonicalRecord[] = [];
      for (const part of chunks(ids, 500)) {
        const rows = await db.selectFrom('canonical_records').select(['data']).where('id', 'in', part).execute();
        for (const r of rows) out.push(dialect.readJson(r.data) as CanonicalRecord);
      }
      return out;
    },

    async *scan(filter: CanonicalFilter, batchSize = 1000): AsyncIterable<CanonicalRecord[]> {
      let after = '';
      for (;;) {
        let q = db.selectFrom('canonical_records').select(['id', 'data']).where('id', '>', after);
        if (filter.kind) q = q.where('kind', '=', filter.kind);
        if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
        if (filter.ids) q = q.where('id', 'in', filter.ids.length ? [...filter.ids] : ['']);
        if (!filter.includeDeleted) q = q.where('deleted', '=', 0);
        const rows = await q.orderBy('id').limit(batchSize).execute();
        if (rows.length === 0) return;
        yield rows.map((r) => dialect.readJson(r.data) as CanonicalRecord);
        after = rows[rows.length - 1]?.id ?? after;
        if (rows.length < batchSize) return;
      }
    },

    async markAbsent(sweep: AbsenceSweep): Promise<number> {
      const present = new Set(sweep.present);
      const writtenAt = now();
      return db.transaction().execute(async (tx) => {
        let q = tx
          .selectFrom('canonical_records')
          .select(['id', 'source_id', 'data'])
          .where('kind', '=', sweep.kind)
          .where('connection_id', '=', sweep.connectionId)
          .where('deleted', '=', 0)
          .where('source_updated_at', '<', sweep.asOf);
        // Decimal ids in SQL order: a longer id is larger, equal lengths compare as text (a
        // prefilter; inSweepRange decides exactly).
        const { after, upTo } = sweep;
        if (after !== null) {
          q = q.where((eb) =>
            eb.or([
              eb(eb.fn('length', ['source_id']), '>', after.length),
              eb.and([eb(eb.fn('length', ['source_id']), '=', after.length), eb('source_id', '>', after)]),
            ]),
          );
        }
        if (upTo !== null) {
          q = q.where((eb) =>
            eb.or([
              eb(eb.fn('length', ['source_id']), '<', upTo.length),
              eb.and([eb(eb.fn('length', ['source_id']), '=', upTo.length), eb('source_id', '<=', upTo)]),
            ]),
          );
        }
        const candidates = await q.execute();
        const rows = candidates
          .filter((c) => !present.has(c.source_id) && inSweepRange(c.source_id, sweep))
          .map((c) => rowOf(deletedBySweep(dialect.readJson(c.data) as CanonicalRecord, sweep), dialect, writtenAt));
        for (const part of chunks(rows, dialect.maxRowsPerInsert)) await dialect.upsertCanonical(tx, part);
        return rows.length;
      });
    },

    async counts(connectionId?: string) {
      let q = db
        .selectFrom('canonical_records')
        .select((eb) => ['kind', 'deleted', eb.fn.countAll<number>().as('n')])
        .groupBy(['kind', 'deleted']);
      if (connectionId) q = q.where('connection_id', '=', connectionId);
      const rows = await q.execute();
      const out: Record<string, { live: number; deleted: number }> = {};
      for (const r of rows) {
        const c = out[r.kind] ?? { live: 0, deleted: 0 };
        if (Number(r.deleted)) c.deleted += Number(r.n);
        else c.live += Number(r.n);
        out[r.kind] = c;
      }
      return out;
    },
  };
}
