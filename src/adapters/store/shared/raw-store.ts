import type { Kysely } from 'kysely';
import type { RawEnvelope } from '../../../canonical/index.js';
import type { RawFilter, RawPage, RawStore } from '../../../ports/raw-store.js';
import { chunks } from './chunks.js';
import type { StoreDialect } from './dialect.js';
import type { RawEnvelopesTable, StoreSchema } from './schema.js';

function toRow(e: RawEnvelope): RawEnvelopesTable {
  return {
    id: e.id,
    platform: e.platform,
    connection_id: e.connectionId,
    object: e.object,
    external_id: e.externalId,
    source_version: e.sourceVersion,
    source_updated_at: e.sourceUpdatedAt,
    fetched_at: e.fetchedAt,
    content_type: e.contentType,
    payload: e.payload,
    payload_hash: e.payloadHash,
    page_hash: e.pageHash,
    run_id: e.runId,
  };
}

function fromRow(r: RawEnvelopesTable): RawEnvelope {
  return {
    id: r.id,
    platform: r.platform as RawEnvelope['platform'],
    connectionId: r.connection_id,
    object: r.object,
    externalId: r.external_id,
    sourceVersion: r.source_version,
    sourceUpdatedAt: r.source_updated_at,
    fetchedAt: r.fetched_at,
    contentType: r.content_type,
    payload: r.payload,
    payloadHash: r.payload_hash,
    pageHash: r.page_hash,
    runId: r.run_id,
  };
}

export function createRawStore(db: Kysely<StoreSchema>, dialect: StoreDialect): RawStore {
  function filtered(filter: RawFilter) {
    let q = db.selectFrom('raw_envelopes');
    if (filter.ids) q = q.where('id', 'in', filter.ids.length ? [...filter.ids] : ['']);
    if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
    if (filter.platform) q = q.where('platform', '=', filter.platform);
    if (filter.object) q = q.where('object', '=', filter.object);
    if (filter.fetchedFrom) q = q.where('fetched_at', '>=', filter.fetchedFrom);
    if (filter.fetchedTo) q = q.where('fetched_at', '<', filter.fetchedTo);
    if (filter.runId) q = q.where('run_id', '=', filter.runId);
    return q;
  }

  return {
    async put(envelopes: readonly RawEnvelope[], pages: readonly RawPage[] = []): Promise<number> {
      if (envelopes.length === 0 && pages.length === 0) return 0;
      return db.transaction().execute(async (tx) => {
        for (const part of chunks(pages, dialect.maxRowsPerInsert)) {
          await dialect.insertIgnore(
            tx,
            'raw_pages',
            'hash',
            part.map((p) => ({
              hash: p.hash,
              connection_id: p.connectionId,
              content_type: p.contentType,
              body: p.body,
              source: p.source,
              fetched_at: p.fetchedAt,
            })),
          );
        }
        let inserted = 0;
        for (const part of chunks(envelopes, dialect.maxRowsPerInsert)) {
          inserted += await dialect.insertIgnore(tx, 'raw_envelopes', 'id', part.map(toRow));
        }
        return inserted;
      });
    },

    async get(ids: readonly string[]): Promise<RawEnvelope[]> {
      if (ids.length === 0) return [];
      const out: RawEnvelope[] = [];
      for (const part of chunks(ids, 500)) {
        const rows = await db.selectFrom('raw_envelopes').selectAll().where('id', 'in', part).execute();
        out.push(...rows.map(fromRow));
      }
      const order = new Map(ids.map((id, i) => [id, i]));
      return out.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },

    async getPage(hash: string): Promise<RawPage | undefined> {
      const r = await db.selectFrom('raw_pages').selectAll().where('hash', '=', hash).executeTakeFirst();
      return r
        ? {
            hash: r.hash,
            connectionId: r.connection_id,
            contentType: r.content_type,
            body: r.body,
            source: r.source,
            fetchedAt: r.fetched_at,
          }
        : undefined;
    },

    async *scan(filter: RawFilter, batchSize = 1000): AsyncIterable<RawEnvelope[]> {
      let after = '';
      for (;;) {
        const rows = await filtered(filter)
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(batchSize)
          .execute();
        if (rows.length === 0) return;
        yield rows.map(fromRow);
        after = rows[rows.length - 1]?.id ?? after;
        if (rows.length < batchSize) return;
      }
    },

    async count(filter: RawFilter = {}): Promise<number> {
      const r = await filtered(filter)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
