import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  NewReviewItem,
  ReviewFilter,
  ReviewGroup,
  ReviewItem,
  ReviewStatus,
  ReviewStore,
} from '../../../ports/review-store.js';
import { chunks } from './chunks.js';
import type { StoreDialect } from './dialect.js';
import type { ReviewItemsTable, StoreSchema } from './schema.js';

/** Same reason on the same envelope and field is the same item, seen again. */
function reviewId(i: NewReviewItem): string {
  const key = `${i.reason}\u0000${i.connectionId}\u0000${i.envelopeId ?? ''}\u0000${i.field ?? ''}\u0000${
    i.envelopeId ? '' : i.message
  }`;
  return `rev_${createHash('sha256').update(key).digest('base64url').slice(0, 24)}`;
}

function fromRow(r: ReviewItemsTable, dialect: StoreDialect): ReviewItem {
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

export function createReviewStore(db: Kysely<StoreSchema>, dialect: StoreDialect): ReviewStore {
  return {
    async add(items: readonly NewReviewItem[], at: string): Promise<void> {
      if (items.length === 0) return;
      const byId = new Map<string, NewReviewItem>();
      for (const i of items) byId.set(reviewId(i), i);
      await db.transaction().execute(async (tx) => {
        for (const part of chunks([...byId.entries()], 200)) {
          const existing = await tx
            .selectFrom('review_items')
            .select(['id'])
            .where(
              'id',
              'in',
              part.map(([id]) => id),
            )
            .execute();
          const have = new Set(existing.map((e) => e.id));
          const fresh = part.filter(([id]) => !have.has(id));
          const seen = part.filter(([id]) => have.has(id)).map(([id]) => id);
          if (seen.length) {
            // Seen again: bump, and reopen a resolved item since the problem came back.
            await tx
              .updateTable('review_items')
              .set((eb) => ({
                last_seen: at,
                occurrences: eb('occurrences', '+', 1),
                status: 'open',
              }))
              .where('id', 'in', seen)
              .where('status', '!=', 'ignored')
              .execute();
          }
          if (fresh.length) {
            await tx
              .insertInto('review_items')
              .values(
                fresh.map(([id, i]) => ({
                  id,
                  reason: i.reason,
                  message: i.message,
                  platform: i.platform,
                  connection_id: i.connectionId,
                  object: i.object,
                  envelope_id: i.envelopeId,
                  field: i.field ?? null,
                  detail: dialect.writeJson(i.detail ?? {}),
                  status: 'open',
                  first_seen: at,
                  last_seen: at,
                  occurrences: 1,
                  resolved_by: null,
                  note: null,
                })),
              )
              .execute();
          }
        }
      });
    },

    async list(filter: ReviewFilter = {}): Promise<ReviewItem[]> {
      let q = db.selectFrom('review_items').selectAll();
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.reason) q = q.where('reason', '=', filter.reason);
      if (filter.connectionId) q = q.where('connection_id', '=', filter.connectionId);
      if (filter.platform) q = q.where('platform', '=', filter.platform);
      if (filter.ids) q = q.where('id', 'in', filter.ids.length ? [...filter.ids] : ['']);
      const rows = await q
        .orderBy('last_seen', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? 1000)
        .execute();
      return rows.map((r) => fromRow(r, dialect));
    },

    async setStatus(ids, status, by, note, at): Promise<number> {
      if (ids.length === 0) return 0;
      const res = await db
        .updateTable('review_items')
        .set({ status, resolved_by: status === 'open' ? null : by, note, last_seen: at })
        .where('id', 'in', [...ids])
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async groups(status?: ReviewStatus): Promise<ReviewGroup[]> {
      let q = db
        .selectFrom('review_items')
        .select((eb) => [
          'reason',
          'platform',
          'object',
          'field',
          eb.fn.countAll<number>().as('total'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'open').then(1).else(0).end()).as('open'),
        ])
        .groupBy(['reason', 'platform', 'object', 'field']);
      if (status) q = q.where('status', '=', status);
      const rows = await q.orderBy('reason').execute();
      return rows.map((r) => ({
        reason: r.reason,
        platform: r.platform,
        object: r.object,
        field: r.field,
        open: Number(r.open ?? 0),
        total: Number(r.total),
      }));
    },
  };
}
