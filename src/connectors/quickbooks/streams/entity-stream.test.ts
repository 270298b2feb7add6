import { describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../adapters/shared-state/memory/shared-state.js';
import { ContractViolationError } from '../../../errors/index.js';
import { silentLogger } from '../../../log/logger.js';
import { createFakeClock } from '../../kit/clock.js';
import type { Page, StreamContext } from '../../kit/define.js';
import type { HttpResponse } from '../../kit/http.js';
import type { QuickbooksClient } from '../client.js';
import { formatCursor, parseCursor } from './cursor.js';
import { entityStream } from './entity-stream.js';

interface Row {
  Id: string;
  SyncToken: string;
  status?: string;
  MetaData: { LastUpdatedTime: string };
}

const SERVER_TIME = '2026-03-01T12:00:00.000Z';
const t = (sec: number) => new Date(Date.UTC(2026, 1, 1) + sec * 1000).toISOString().replace('.000Z', '-00:00');
const row = (id: string, sec: number, token = '0'): Row => ({
  Id: id,
  SyncToken: token,
  MetaData: { LastUpdatedTime: t(sec) },
});

/**
 * A QBO stand-in that answers the stream's statements from a list, ordered by LastUpdatedTime then Id,
 * and lets a test change the data between two pages (as a user editing a record mid-read would).
 */
function fakeClient(
  rows: Row[],
  opts: { cdc?: (since: string) => Row[]; afterPage?: (n: number, rows: Row[]) => void } = {},
) {
  const statements: string[] = [];
  const cdcCalls: string[] = [];
  let pages = 0;
  const response = (body: unknown): HttpResponse => ({
    status: 200,
    headers: {},
    body: JSON.stringify(body),
    url: 'http://qbo.test/v3/company/1/query',
  });
  const client = {
    http: {} as QuickbooksClient['http'],
    tokens: {} as QuickbooksClient['tokens'],
    async query(_entity: string, statement: string) {
      statements.push(statement);
      const since = /LastUpdatedTime >= '([^']+)'/.exec(statement)?.[1];
      const start = Number(/STARTPOSITION (\d+)/.exec(statement)?.[1] ?? 1);
      const max = Number(/MAXRESULTS (\d+)/.exec(statement)?.[1] ?? 100);
      const sorted = [...rows]
        .filter((r) => since === undefined || Date.parse(r.MetaData.LastUpdatedTime) >= Date.parse(since))
        .sort(
          (a, b) =>
            Date.parse(a.MetaData.LastUpdatedTime) - Date.parse(b.MetaData.LastUpdatedTime) ||
            Number(a.Id) - Number(b.Id),
        );
      const items = sorted.slice(start - 1, start - 1 + max);
      pages += 1;
      opts.afterPage?.(pages, rows);
      return { response: response({ QueryResponse: { Invoice: items } }), items, serverTime: SERVER_TIME };
    },
    async cdc(_entities: readonly string[], since: string) {
      cdcCalls.push(since);
      const items = opts.cdc?.(since) ?? [];
      return { response: response({ CDCResponse: [] }), items: new Map([['Invoice', items]]), serverTime: SERVER_TIME };
    },
  } satisfies QuickbooksClient;
  return { client, statements, cdcCalls };
}

function ctx(): StreamContext {
  const clock = createFakeClock(Date.parse(SERVER_TIME));
  return {
    connection: { id: 'c1', account: '1', baseUrl: 'http://qbo.test', credentials: {} },
    logger: silentLogger(),
    clock,
    shared: createMemorySharedState(clock),
    signal: new AbortController().signal,
    loadCredentials: async () => ({}),
    saveCredentials: async () => {},
  };
}

async function collect(stream: ReturnType<typeof entityStream>, cursor: string | null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of stream.read(ctx(), cursor)) pages.push(page);
  return pages;
}

const spec = { name: 'invoices', entity: 'Invoice', nameList: false, deletions: true };

describe('entityStream', () => {
  it('pages keyset-style and steps by STARTPOSITION only inside a run of rows sharing one second', async () => {
    const rows = [row('1', 1), row('2', 5), row('3', 5), row('4', 5), row('5', 5), row('6', 5), row('7', 9)];
    const { client, statements } = fakeClient(rows);
    const pages = await collect(entityStream(spec, { pageSize: 2, overlapMs: 300_000, clientFor: () => client }), null);
    const ids = pages.flatMap((p) => p.records.map((r) => r.externalId));
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(statements).toEqual([
      'select * from Invoice orderby Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 2',
      `select * from Invoice where Metadata.LastUpdatedTime >= '2026-02-01T00:00:05+00:00' orderby Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 2`,
      `select * from Invoice where Metadata.LastUpdatedTime >= '2026-02-01T00:00:05+00:00' orderby Metadata.LastUpdatedTime STARTPOSITION 3 MAXRESULTS 2`,
      `select * from Invoice where Metadata.LastUpdatedTime >= '2026-02-01T00:00:05+00:00' orderby Metadata.LastUpdatedTime STARTPOSITION 5 MAXRESULTS 2`,
      `select * from Invoice where Metadata.LastUpdatedTime >= '2026-02-01T00:00:09+00:00' orderby Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 2`,
    ]);
    // Every page checkpoints the latest time read; the first sync ends by noting the server time for CDC.
    expect(pages.map((p) => parseCursor(p.checkpoint))).toEqual([
      { since: '2026-02-01T00:00:05.000Z', deletedSince: null },
      { since: '2026-02-01T00:00:05.000Z', deletedSince: null },
      { since: '2026-02-01T00:00:05.000Z', deletedSince: null },
      { since: '2026-02-01T00:00:09.000Z', deletedSince: null },
      { since: '2026-02-01T00:00:09.000Z', deletedSince: SERVER_TIME },
    ]);
  });

  it('misses nothing when a row already read is updated between pages (it is read again, later)', async () => {
    const rows = [row('1', 1), row('2', 2), row('3', 3), row('4', 4), row('5', 5)];
    const { client } = fakeClient(rows, {
      afterPage: (n, data) => {
        // After the first page, row 1 is edited: it moves to the end of the order.
        if (n === 1) data[0] = row('1', 60, '1');
      },
    });
    const pages = await collect(entityStream(spec, { pageSize: 2, overlapMs: 0, clientFor: () => client }), null);
    const seen = pages.flatMap((p) => p.records.map((r) => `${r.externalId}@${r.sourceVersion}`));
    expect(seen).toEqual([
      '1@2026-02-01T00:00:01.000Z|0',
      '2@2026-02-01T00:00:02.000Z|0',
      '3@2026-02-01T00:00:03.000Z|0',
      '4@2026-02-01T00:00:04.000Z|0',
      '5@2026-02-01T00:00:05.000Z|0',
      '1@2026-02-01T00:01:00.000Z|1',
    ]);
  });

  it('ends on the empty QueryResponse, keeping the high-water mark when nothing changed', async () => {
    const { client } = fakeClient([]);
    const cursor = formatCursor({ since: '2026-02-10T00:00:00.000Z', deletedSince: '2026-02-28T00:00:00.000Z' });
    const pages = await collect(
      entityStream({ ...spec, deletions: false }, { pageSize: 1000, overlapMs: 60_000, clientFor: () => client }),
      cursor,
    );
    expect(pages).toHaveLength(1);
    expect(pages[0]?.records).toEqual([]);
    expect(parseCursor(pages[0]?.checkpoint ?? null)).toEqual({
      since: '2026-02-10T00:00:00.000Z',
      deletedSince: SERVER_TIME,
    });
  });

  it('asks name lists for inactive rows too', async () => {
    const { client, statements } = fakeClient([]);
    await collect(
      entityStream(
        { name: 'customers', entity: 'Customer', nameList: true, deletions: false },
        { pageSize: 10, overlapMs: 0, clientFor: () => client },
      ),
      formatCursor({ since: '2026-02-10T00:00:00.000Z', deletedSince: null }),
    );
    expect(statements[0]).toBe(
      "select * from Customer where Active IN (true, false) AND Metadata.LastUpdatedTime >= '2026-02-10T00:00:00+00:00' orderby Metadata.LastUpdatedTime STARTPOSITION 1 MAXRESULTS 10",
    );
  });

  it('reads deletions from CDC on incremental reads, re-asking from the latest change when a response is full', async () => {
    const deleted = (id: string, sec: number): Row => ({ ...row(id, sec), status: 'Deleted' });
    const full = Array.from({ length: 1000 }, (_, i) =>
      i % 100 === 0 ? deleted(String(5000 + i), 100 + i) : row(String(5000 + i), 100 + i),
    );
    const { client, cdcCalls } = fakeClient([], {
      cdc: () => (cdcCalls.length === 1 ? full : [deleted('9', 2000), row('10', 2001)]),
    });
    const cursor = formatCursor({ since: '2026-02-01T00:00:00.000Z', deletedSince: '2026-02-20T00:00:00.000Z' });
    const pages = await collect(
      entityStream(spec, { pageSize: 1000, overlapMs: 60_000, clientFor: () => client }),
      cursor,
    );
    expect(cdcCalls).toEqual(['2026-02-19T23:59:00.000Z', '2026-02-01T00:18:19.000Z']);
    const deletions = pages.flatMap((p) => p.records.filter((r) => r.deleted));
    expect(deletions).toHaveLength(11);
    expect(deletions[0]).toMatchObject({
      externalId: '5000',
      deleted: true,
      sourceVersion: '2026-02-01T00:01:40.000Z|deleted',
    });
    expect(pages.map((p) => parseCursor(p.checkpoint).deletedSince)).toEqual([
      '2026-02-20T00:00:00.000Z',
      '2026-02-20T00:00:00.000Z',
      SERVER_TIME,
    ]);
  });

  it('clamps a deletion check older than CDC keeps to its 30-day horizon', async () => {
    const { client, cdcCalls } = fakeClient([]);
    const cursor = formatCursor({ since: '2026-01-01T00:00:00.000Z', deletedSince: '2026-01-01T00:00:00.000Z' });
    await collect(entityStream(spec, { pageSize: 1000, overlapMs: 0, clientFor: () => client }), cursor);
    expect(Date.parse(cdcCalls[0] ?? '')).toBe(Date.parse(SERVER_TIME) - 30 * 86_400_000 + 3_600_000);
  });

  it('refuses a cursor it cannot read', async () => {
    const { client } = fakeClient([]);
    await expect(
      collect(entityStream(spec, { pageSize: 10, overlapMs: 0, clientFor: () => client }), 'page-2'),
    ).rejects.toBeInstanceOf(ContractViolationError);
  });
});
