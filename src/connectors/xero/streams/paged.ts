import type { Page, StreamContext, StreamDefinition } from '../../kit/define.js';
import { laterInstant, withOverlap } from '../../kit/incremental.js';
import { createLoopGuard } from '../../kit/paginate/loop-guard.js';
import { XERO_DEFAULT_OVERLAP_MS, XERO_MAX_PAGE_SIZE, XERO_SYNC_PAGE_SIZE } from '../api.js';
import { createXeroClient, type XeroClientOptions } from '../client.js';
import { type RecordKeys, toPageRecord, updatedMs } from './page-record.js';

export interface XeroStreamOptions extends XeroClientOptions {
  /** Records per page (Xero: default 100, at most 1000). */
  readonly pageSize?: number;
  /** Re-read window subtracted from the stored cursor on an incremental run. */
  readonly overlapMs?: number;
}

export interface PagedStreamSpec extends RecordKeys {
  readonly name: string;
  readonly object: string;
  /** Path under /api.xro/2.0, e.g. `Invoices`. */
  readonly resource: string;
  /** Collection key of the response, e.g. `Invoices`. */
  readonly itemsKey: string;
  /** Fixed query parameters (e.g. includeArchived=true for contacts). */
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * A page-numbered Xero collection read as a keyset: every request asks for records modified after
 * `since` (If-Modified-Since), oldest first (order=UpdatedDateUTC ASC), page 1. After a full page,
 * `since` moves to 1 ms before the last record's stamp, so records sharing that stamp are read again
 * rather than skipped. Page numbers alone would skip a record whenever one already read is updated
 * mid-sync and moves to the end, shifting the rest one place back. If a whole page shares one stamp
 * (no progress), the read pages forward (page=2, 3, …) at the same `since`.
 *
 * The cursor is an ISO instant: every record stamped at or before it has been read. On a later run
 * the read starts at the cursor minus an overlap window. Deleted and voided documents come back
 * through If-Modified-Since with Status DELETED / VOIDED; DELETED is a tombstone (deleted: true).
 */
export function pagedStream(spec: PagedStreamSpec, opts: XeroStreamOptions = {}): StreamDefinition {
  const pageSize = Math.min(XERO_MAX_PAGE_SIZE, Math.max(1, opts.pageSize ?? XERO_SYNC_PAGE_SIZE));
  const overlapMs = opts.overlapMs ?? XERO_DEFAULT_OVERLAP_MS;
  return {
    name: spec.name,
    object: spec.object,
    async *read(ctx: StreamContext, cursor: string | null): AsyncIterable<Page> {
      const client = createXeroClient(ctx, opts);
      const guard = createLoopGuard(`xero ${spec.resource}`);
      let since = withOverlap(cursor, overlapMs);
      let page = 1;
      for (;;) {
        guard.see(`${since ?? ''}|${page}`);
        const query = { ...spec.query, page: String(page), pageSize: String(pageSize), order: 'UpdatedDateUTC ASC' };
        const headers: Record<string, string> = since ? { 'If-Modified-Since': since } : {};
        const { response, items, texts } = await client.getList(spec.resource, spec.itemsKey, query, headers);
        const records = items.map((item, i) => toPageRecord(item, texts[i] ?? JSON.stringify(item), spec));
        const lastMs = lastStamp(items);
        const full = items.length >= pageSize;
        const nextSince = lastMs === null ? null : new Date(lastMs - 1).toISOString();
        const progressed = nextSince !== null && (since === null || Date.parse(nextSince) > Date.parse(since));
        // Only a page that moved `since` forward proves everything up to it was read; a page inside
        // the overlap window never moves the stored cursor back.
        const checkpoint = progressed ? laterInstant(cursor, nextSince) : null;
        yield {
          records,
          body: response.body,
          contentType: response.headers['content-type'] ?? 'application/json',
          url: response.url,
          checkpoint,
        };
        if (!full) return;
        if (progressed) {
          since = nextSince;
          page = 1;
        } else {
          page += 1;
        }
      }
    },
  };
}

/** The stamp of the last record that has one (pages come oldest first). */
function lastStamp(items: readonly unknown[]): number | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const ms = updatedMs(items[i]);
    if (ms !== null) return ms;
  }
  return null;
}
