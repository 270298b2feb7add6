import { z } from 'zod';
import { ContractViolationError } from '../../../errors/index.js';
import type { Page, PageRecord, StreamContext, StreamDefinition } from '../../kit/define.js';
import { createLoopGuard } from '../../kit/paginate/loop-guard.js';
import type { NetsuiteClient, SuiteqlPage } from '../client.js';
import { createNetsuiteClient } from '../client.js';
import type { TimeKey } from '../queries.js';
import { deletionsQuery, laterKey, SeenRows, transactionsQuery, wallClockMinus } from '../queries.js';
import type { StreamCursor } from './cursor.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DEFAULT_STREAM_OPTIONS, type StreamOptions } from './options.js';
import { mapInOrder } from './pool.js';

/** NetSuite refuses to page a query past this many rows. */
const MAX_QUERY_ROWS = 100_000;

const WallClock = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
const ChangedRow = z.looseObject({ id: z.string().regex(/^\d+$/), lastmodified: WallClock });
const DeletedRow = z.looseObject({ recordid: z.string().regex(/^\d+$/), deleted: WallClock });

export interface TransactionStreamSpec {
  readonly name: string;
  /** SuiteQL transaction.type, e.g. CustInvc. */
  readonly typeCode: string;
  /** Record API type, also the raw object name and the deletedrecord type, e.g. invoice. */
  readonly recordType: string;
}

function rowsOf<T>(page: SuiteqlPage, schema: z.ZodType<T>, stream: string): T[] {
  return page.items.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', `netsuite ${stream}: row ${i} lacks its key columns`, {
        platform: 'netsuite',
        stream,
      });
    }
    return parsed.data;
  });
}

/** The record's own lastModifiedDate as a UTC instant, or null when it has none readable. */
function recordInstant(json: Record<string, unknown>): string | null {
  const v = json['lastModifiedDate'];
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

interface KeysetRead<Row> {
  readonly what: string;
  readonly query: (after: TimeKey | null, since: string | null) => string;
  readonly schema: z.ZodType<Row>;
  readonly keyOf: (row: Row) => TimeKey;
  readonly pageSize: number;
  readonly since: string | null;
}

/**
 * Pages a (wall clock, id)-ordered query by keyset. A page whose rows were all seen already (a
 * row repeated across pages, or a DST-repeated wall clock) is followed by offset on the same
 * query, so a read always moves forward. A request repeated, or offsets past NetSuite's
 * 100,000-row cap, trip the loop guard (a server that keeps answering hasMore with old rows).
 */
export async function* keysetPages<Row>(
  client: NetsuiteClient,
  spec: KeysetRead<Row>,
): AsyncGenerator<{ page: SuiteqlPage; rows: Row[]; last: TimeKey | null }> {
  const guard = createLoopGuard(spec.what);
  const seen = new SeenRows();
  let after: TimeKey | null = null;
  let offset = 0;
  for (;;) {
    guard.see(`${after?.at ?? '-'}|${after?.id ?? '-'}|${offset}`);
    if (offset >= MAX_QUERY_ROWS) {
      throw new ContractViolationError('LP_CONTRACT_PAGINATION_LOOP', `${spec.what}: no new rows in ${offset} rows`, {
        platform: 'netsuite',
      });
    }
    const page = await client.suiteql(spec.query(after, after ? null : spec.since), spec.pageSize, offset);
    const rows = rowsOf(page, spec.schema, spec.what).filter((r) => {
      const k = spec.keyOf(r);
      return seen.take(k.id, k.at, k.at);
    });
    const last = rows.length > 0 ? spec.keyOf(rows[rows.length - 1] as Row) : null;
    yield { page, rows, last };
    if (!page.hasMore) return;
    if (last) {
      after = last;
      offset = 0;
    } else {
      offset += page.items.length;
    }
  }
}

/**
 * One transaction type: changed ids from SuiteQL by last-modified (with an overlap), each read
 * as a record with its sublists (expandSubResources=true), then the type's deletions from the
 * deleted-record log. Voided documents are ordinary records (status Voided/Cancelled).
 */
export function transactionStream(spec: TransactionStreamSpec, options: StreamOptions): StreamDefinition {
  return {
    name: spec.name,
    object: spec.recordType,
    async *read(ctx: StreamContext, cursorText: string | null): AsyncIterable<Page> {
      const start = decodeCursor(cursorText, spec.name);
      const client = createNetsuiteClient(ctx, options);
      // The checkpoint only moves forward: rows re-read inside the overlap were durable already.
      let state: StreamCursor = { ...start };

      const changes = keysetPages(client, {
        what: `netsuite ${spec.name}`,
        query: (after, since) => transactionsQuery(spec.typeCode, after, since),
        schema: ChangedRow,
        keyOf: (r) => ({ at: r.lastmodified, id: r.id }),
        pageSize: options.transactionPageSize,
        since: start.m ? wallClockMinus(start.m.at, options.overlapMs) : null,
      });
      const chunk = Math.max(1, options.recordReadChunk ?? DEFAULT_STREAM_OPTIONS.recordReadChunk);
      for await (const { page, rows, last } of changes) {
        if (rows.length === 0) continue;
        // Rows come in (lastmodified, id) order, so the key of a chunk's last row is a cursor that
        // covers the chunk: each chunk is checkpointed once its records are stored.
        for (let start = 0; start < rows.length; start += chunk) {
          const part = rows.slice(start, start + chunk);
          const reads = await mapInOrder(part, options.maxConcurrency, (r) => client.getRecord(spec.recordType, r.id));
          const records: PageRecord[] = [];
          part.forEach((row, i) => {
            const rec = reads[i];
            // Gone since it was listed: its deletion arrives through the deleted-record log.
            if (!rec) return;
            const at = recordInstant(rec.json);
            records.push({
              externalId: row.id,
              sourceVersion: at ?? `suiteql:${row.lastmodified}`,
              sourceUpdatedAt: at,
              payload: rec.body,
            });
          });
          const lastOfPart =
            start + chunk >= rows.length ? last : { at: part.at(-1)?.lastmodified ?? '', id: part.at(-1)?.id ?? '' };
          state = { ...state, m: laterKey(state.m, lastOfPart) };
          yield {
            records,
            body: page.body,
            contentType: 'application/json',
            url: page.url,
            checkpoint: encodeCursor(state),
          };
        }
      }

      const deletions = keysetPages(client, {
        what: `netsuite ${spec.name} deletions`,
        query: (after, since) => deletionsQuery(spec.recordType, after, since),
        schema: DeletedRow,
        keyOf: (r) => ({ at: r.deleted, id: r.recordid }),
        pageSize: options.rowPageSize,
        since: start.d ? wallClockMinus(start.d.at, options.overlapMs) : null,
      });
      for await (const { page, rows, last } of deletions) {
        if (rows.length === 0) continue;
        const records: PageRecord[] = rows.map((row) => ({
          externalId: row.recordid,
          sourceVersion: `deleted:${row.deleted}`,
          sourceUpdatedAt: null,
          payload: JSON.stringify(row),
          deleted: true,
        }));
        state = { ...state, d: laterKey(state.d, last) };
        yield {
          records,
          body: page.body,
          contentType: 'application/json',
          url: page.url,
          checkpoint: encodeCursor(state),
        };
      }
    },
  };
}
