import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { withoutQuery } from '../../kit/http.js';
import { laterInstant, withOverlap } from '../../kit/incremental.js';
import { createLoopGuard } from '../../kit/paginate/loop-guard.js';
import { QBO_CDC_MAX_DAYS, QBO_CDC_MAX_OBJECTS } from '../api.js';
import type { QuickbooksClient } from '../client.js';
import { formatCursor, parseCursor, type QboCursor, queryInstant } from './cursor.js';
import { isDeleted, lastUpdatedOf, toPageRecord } from './records.js';

export interface StreamOptions {
  /** MAXRESULTS per page, 1–1000 (default 1000). */
  readonly pageSize: number;
  /** Incremental re-read window (default 5 minutes). */
  readonly overlapMs: number;
  readonly clientFor: (ctx: StreamContext) => QuickbooksClient;
}

export interface EntityStreamSpec {
  readonly name: string;
  /** QBO entity name; also the envelope object and mapper key. */
  readonly entity: string;
  /** Name-list entities (Item, Customer, Vendor) hide inactive rows unless asked for both. */
  readonly nameList: boolean;
  /** Transactions can be deleted, which only CDC reveals. */
  readonly deletions: boolean;
}

/** Leave an hour of margin inside CDC's 30-day horizon (clock skew between us and Intuit). */
const CDC_HORIZON_MS = QBO_CDC_MAX_DAYS * 86_400_000 - 3_600_000;

/**
 * A QBO entity stream, incremental on MetaData.LastUpdatedTime:
 *
 *   select * from <Entity> where Metadata.LastUpdatedTime >= '<T>' orderby Metadata.LastUpdatedTime
 *   STARTPOSITION <n> MAXRESULTS <pageSize>
 *
 * Pages are read keyset-style: after a full page, T moves to the last row's time and STARTPOSITION
 * goes back to 1 (rows at exactly T already read are skipped by id). Plain STARTPOSITION paging over a
 * fixed T skips a row whenever a row already read is updated mid-read (it moves to the end and every
 * later row shifts down one); keyset paging does not, and a row that moves is simply met again.
 * STARTPOSITION only advances inside a run of more than a page of rows sharing one second. The read
 * ends on a short page or the empty `{"QueryResponse": {}}`.
 *
 * Each page checkpoints the latest LastUpdatedTime read (rows come in that order, so everything
 * before it has been read). Then, on incremental reads of transactions, CDC since the previous read's
 * server time brings the deletions (queries never return deleted rows); the final checkpoint records
 * this read's server time for the next CDC.
 */
export function entityStream(spec: EntityStreamSpec, opts: StreamOptions): StreamDefinition {
  return {
    name: spec.name,
    object: spec.entity,
    async *read(ctx: StreamContext, cursorText: string | null): AsyncIterable<Page> {
      const client = opts.clientFor(ctx);
      const log = ctx.logger.child({ platform: 'quickbooks', stream: spec.name, connectionId: ctx.connection.id });
      const cursor = parseCursor(cursorText);
      const guard = createLoopGuard(`quickbooks ${spec.entity}`);
      let t = withOverlap(cursor.since, opts.overlapMs);
      let position = 1;
      let seenAtT = new Set<string>();
      let maxSeen = cursor.since;
      let serverTime: string | null = null;
      const wantDeletions = spec.deletions && cursor.deletedSince !== null;

      for (;;) {
        const clauses: string[] = [];
        if (spec.nameList) clauses.push('Active IN (true, false)');
        if (t !== null) clauses.push(`Metadata.LastUpdatedTime >= '${queryInstant(t)}'`);
        const where = clauses.length > 0 ? ` where ${clauses.join(' AND ')}` : '';
        const statement = `select * from ${spec.entity}${where} orderby Metadata.LastUpdatedTime STARTPOSITION ${position} MAXRESULTS ${opts.pageSize}`;
        guard.see(`${t ?? ''}|${position}`);
        const page = await client.query(spec.entity, statement);
        serverTime ??= page.serverTime;
        const records = [];
        for (const item of page.items) {
          const record = toPageRecord(item);
          const key = `${record.externalId}|${record.sourceUpdatedAt ?? ''}`;
          if (seenAtT.has(key)) continue;
          records.push(record);
        }
        const lastTime = lastUpdatedOf(page.items[page.items.length - 1]);
        maxSeen = laterInstant(maxSeen, lastTime);
        const done = page.items.length < opts.pageSize;
        const final = done && !wantDeletions;
        const checkpoint: QboCursor = {
          since: maxSeen,
          // The read's server time becomes the next CDC start only once the whole read is through.
          deletedSince: final ? (serverTime ?? cursor.deletedSince) : cursor.deletedSince,
        };
        yield {
          records,
          body: page.response.body,
          contentType: 'application/json',
          url: withoutQuery(page.response.url),
          checkpoint: formatCursor(checkpoint),
        };
        if (done) break;
        if (lastTime !== null && lastTime !== t) {
          // Keyset step: continue from the last row's second; remember the ids already read there.
          const atLast = page.items
            .filter((item) => lastUpdatedOf(item) === lastTime)
            .map((item) => toPageRecord(item));
          t = lastTime;
          position = 1;
          seenAtT = new Set(atLast.map((r) => `${r.externalId}|${r.sourceUpdatedAt ?? ''}`));
        } else {
          // A full page within one second (or rows without a time): step through it by position.
          position += page.items.length;
          for (const item of page.items) {
            const r = toPageRecord(item);
            seenAtT.add(`${r.externalId}|${r.sourceUpdatedAt ?? ''}`);
          }
        }
      }

      if (!wantDeletions || cursor.deletedSince === null) return;
      let since = withOverlap(cursor.deletedSince, opts.overlapMs) ?? cursor.deletedSince;
      const horizon = Date.parse(serverTime ?? new Date(ctx.clock.now()).toISOString()) - CDC_HORIZON_MS;
      if (Date.parse(since) < horizon) {
        log.warn(
          { since, horizon: new Date(horizon).toISOString() },
          'last deletion check is older than CDC keeps; deletions before the horizon cannot be seen (run a full re-read)',
        );
        since = new Date(horizon).toISOString();
      }
      const cdcGuard = createLoopGuard(`quickbooks ${spec.entity} CDC`);
      for (;;) {
        cdcGuard.see(since);
        const page = await client.cdc([spec.entity], since);
        const items = page.items.get(spec.entity) ?? [];
        const records = items.filter(isDeleted).map(toPageRecord);
        // A full response may be cut at 1000 objects (the earliest changes): ask again from the latest one.
        const truncated = items.length >= QBO_CDC_MAX_OBJECTS;
        const latest = items.reduce<string | null>((acc, item) => laterInstant(acc, lastUpdatedOf(item)), null);
        const checkpoint: QboCursor = {
          since: maxSeen,
          deletedSince: truncated ? cursor.deletedSince : (serverTime ?? page.serverTime ?? cursor.deletedSince),
        };
        yield {
          records,
          body: page.response.body,
          contentType: 'application/json',
          url: withoutQuery(page.response.url),
          checkpoint: formatCursor(checkpoint),
        };
        if (!truncated || latest === null) break;
        since = latest;
      }
    },
  };
}
