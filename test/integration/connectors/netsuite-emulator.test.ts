import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import { CanonicalRecord } from '../../../src/canonical/index.js';
import { systemClock } from '../../../src/connectors/kit/clock.js';
import type { StreamContext } from '../../../src/connectors/kit/define.js';
import type { MapContext } from '../../../src/connectors/kit/mapper.js';
import type { TbaSigner } from '../../../src/connectors/kit/oauth1.js';
import { createTbaSigner, tbaCredentialsFrom } from '../../../src/connectors/kit/oauth1.js';
import { createNetsuiteClient, SuiteqlPageSchema } from '../../../src/connectors/netsuite/client.js';
import type { RunningEmulator } from '../../../src/connectors/netsuite/emulator/server.js';
import { startNetsuiteEmulator } from '../../../src/connectors/netsuite/emulator/server.js';
import { mappers } from '../../../src/connectors/netsuite/mappers/index.js';
import { TransactionRecord } from '../../../src/connectors/netsuite/mappers/schemas.js';
import { inventoryQuery, itemsQuery, transactionsQuery } from '../../../src/connectors/netsuite/queries.js';
import type { CompanySpec, Economy, SynthDocument } from '../../../src/emulation/economy/index.js';
import { createEconomy, createFaultInjector, documentAt } from '../../../src/emulation/economy/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { FIXTURES_DIR } from '../../support/paths.js';

// The NetSuite contract (shared/platforms/netsuite.md) checked over real HTTP: TBA signatures
// verified server-side, SuiteQL paging and its limits, record reads, deletions and voids,
// account concurrency governance and injected faults.
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, 'netsuite', name), 'utf8'));
const INVALID_LOGIN_BODY = fixture('error_401_invalid_login.json');
const logger = createLogger({ level: 'silent' });

let economy: Economy;
let emu: RunningEmulator;
let company: CompanySpec;
let base: string;
let signer: TbaSigner;

beforeAll(async () => {
  economy = createEconomy({ seed: 5, companies: 3, platforms: ['netsuite'], volumeScale: 0.05 });
  emu = await startNetsuiteEmulator({ economy });
  company = economy.companiesOn('netsuite')[0] as CompanySpec;
  base = `${emu.baseUrl}/accounts/${company.account}`;
  signer = signerFor(company.account);
});
afterAll(async () => {
  await emu.close();
});

function signerFor(account: string, clock = systemClock, extra: Partial<Record<string, string>> = {}): TbaSigner {
  const creds = { ...emu.credentialsFor(account), ...extra } as Record<string, string>;
  return createTbaSigner({ realm: account, credentials: tbaCredentialsFrom(creds), clock });
}

interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function send(url: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }) {
  const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ?? null });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: JSON.parse(text) as Record<string, unknown>,
  } satisfies Reply;
}

async function signed(
  method: 'GET' | 'POST',
  url: string,
  body?: string,
  s = signer,
  headers = { Prefer: 'transient' },
) {
  const req = s.sign({ method, url, headers, ...(body === undefined ? {} : { body }) });
  return send(req.url, { method, headers: { ...(req.headers ?? {}) }, ...(body === undefined ? {} : { body }) });
}

function suiteql(q: string, limit = 1000, offset = 0, s = signer) {
  return signed(
    'POST',
    `${base}/services/rest/query/v1/suiteql?limit=${limit}&offset=${offset}`,
    JSON.stringify({ q }),
    s,
  );
}

function errorCode(r: Reply): string | undefined {
  const details = r.json['o:errorDetails'] as { 'o:errorCode'?: string }[] | undefined;
  return details?.[0]?.['o:errorCode'];
}

function liveDocs(kind: SynthDocument['kind'], at = economy.endAt, spec = company): SynthDocument[] {
  return economy
    .company(spec.id)
    .documents.filter(
      (d) => d.kind === kind && documentAt(d, at) !== undefined && documentAt(d, at)?.status !== 'deleted',
    );
}

const mapCtx = (spec: CompanySpec): MapContext => ({
  platform: 'netsuite',
  connectionId: `conn-${spec.id}`,
  envelopeId: 'env_test',
  mappingVersion: 'test',
  timeZone: spec.timeZone,
  baseCurrency: spec.currency,
});

describe('TBA authentication (OAuth 1.0a, HMAC-SHA256, realm = account id)', () => {
  const q = transactionsQuery('CustInvc', null, null);

  it('accepts a correctly signed request', async () => {
    const r = await suiteql(q, 5);
    expect(r.status).toBe(200);
  });

  it('answers a missing Authorization header with the documented 401 INVALID_LOGIN body', async () => {
    const r = await send(`${base}/services/rest/query/v1/suiteql`, {
      method: 'POST',
      headers: { Prefer: 'transient' },
      body: JSON.stringify({ q }),
    });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(INVALID_LOGIN_BODY);
  });

  it('recomputes the signature: a wrong token secret is refused', async () => {
    const r = await suiteql(q, 5, 0, signerFor(company.account, systemClock, { token_secret: 'not-the-secret' }));
    expect(r.status).toBe(401);
    expect(r.json).toEqual(INVALID_LOGIN_BODY);
  });

  it('signs query parameters: changing offset after signing is refused', async () => {
    const url = `${base}/services/rest/query/v1/suiteql?limit=5&offset=0`;
    const req = signer.sign({ method: 'POST', url });
    const r = await send(req.url.replace('offset=0', 'offset=5'), {
      method: 'POST',
      headers: { ...(req.headers ?? {}), Prefer: 'transient' },
      body: JSON.stringify({ q }),
    });
    expect(r.status).toBe(401);
  });

  it('refuses a stale timestamp (clock skew beyond five minutes)', async () => {
    const skewed = { ...systemClock, now: () => Date.now() - 10 * 60_000 };
    const r = await suiteql(q, 5, 0, signerFor(company.account, skewed));
    expect(r.status).toBe(401);
    expect(r.json).toEqual(INVALID_LOGIN_BODY);
  });

  it('refuses a replayed nonce', async () => {
    const url = `${base}/services/rest/query/v1/suiteql?limit=1&offset=0`;
    const req = signer.sign({ method: 'POST', url, headers: { Prefer: 'transient' } });
    const init = { method: 'POST' as const, headers: { ...(req.headers ?? {}) }, body: JSON.stringify({ q }) };
    expect((await send(req.url, init)).status).toBe(200);
    const replay = await send(req.url, init);
    expect(replay.status).toBe(401);
    expect(replay.json).toEqual(INVALID_LOGIN_BODY);
  });

  it('refuses a realm that does not match the account addressed, and an unknown account', async () => {
    const other = economy.companiesOn('netsuite')[1] as CompanySpec;
    const r = await suiteql(q, 5, 0, signerFor(other.account));
    expect(r.status).toBe(401);
    const unknown = createTbaSigner({
      realm: 'TSTDRV9999',
      credentials: tbaCredentialsFrom(emu.credentialsFor(company.account)),
      clock: systemClock,
    });
    expect((await signed('GET', `${emu.baseUrl}/services/rest/record/v1/invoice/1`, undefined, unknown)).status).toBe(
      401,
    );
  });

  it('refuses HMAC-SHA1', async () => {
    const url = `${base}/services/rest/query/v1/suiteql?limit=1&offset=0`;
    const header = signer.authorizationHeader('POST', url).replace('HMAC-SHA256', 'HMAC-SHA1');
    const r = await send(url, { method: 'POST', headers: { Authorization: header, Prefer: 'transient' }, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('routes by realm when no /accounts prefix is used (the host stands for the account on NetSuite)', async () => {
    const r = await signed(
      'POST',
      `${emu.baseUrl}/services/rest/query/v1/suiteql?limit=2&offset=0`,
      JSON.stringify({ q: transactionsQuery('CustInvc', null, null) }),
    );
    expect(r.status).toBe(200);
    expect(r.json['totalResults']).toBe(liveDocs('invoice').length);
  });
});

describe('SuiteQL', () => {
  it('requires Prefer: transient', async () => {
    const r = await signed(
      'POST',
      `${base}/services/rest/query/v1/suiteql?limit=5`,
      JSON.stringify({ q: itemsQuery(null, null) }),
      signer,
      {} as { Prefer: string },
    );
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('INVALID_PARAMETER');
    expect((r.json['o:errorDetails'] as Record<string, string>[])[0]?.['o:errorHeader']).toBe('Prefer');
  });

  it('caps limit at 1000 with an INVALID_PARAMETER naming the query parameter', async () => {
    const r = await suiteql(itemsQuery(null, null), 1001);
    expect(r.status).toBe(400);
    expect(r.json['title']).toBe('Bad Request');
    expect(r.json['type']).toBe('https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1');
    expect((r.json['o:errorDetails'] as Record<string, string>[])[0]?.['o:errorQueryParam']).toBe('limit');
    expect((await suiteql(itemsQuery(null, null), 1000)).status).toBe(200);
  });

  it.each([
    ['SELECT * FROM transaction'],
    ['SELECT t.id FROM transaction t INNER JOIN transactionline l ON l.transaction = t.id'],
    ["SELECT t.id FROM transaction t WHERE t.tranid LIKE 'INV%'"],
    ['SELECT id FROM nosuchtable'],
    ['SELECT t.nosuchcolumn FROM transaction t'],
    ["SELECT t.id FROM transaction t WHERE t.lastmodifieddate >= TO_TIMESTAMP('1/1/2026', 'MM/DD/YYYY')"],
    ["SELECT t.id FROM transaction t WHERE t.id = 'abc'"],
  ])('answers a query outside the supported shapes with 400 Invalid search query: %s', async (q) => {
    const r = await suiteql(q, 10);
    expect(r.status).toBe(400);
    expect(errorCode(r)).toBe('INVALID_PARAMETER');
    expect((r.json['o:errorDetails'] as Record<string, string>[])[0]?.['detail']).toMatch(/^Invalid search query\./);
  });

  it('pages by limit/offset with count, hasMore, totalResults and next links until the last page', async () => {
    const q = transactionsQuery('CustInvc', null, null);
    const expected = liveDocs('invoice').length;
    expect(expected).toBeGreaterThan(12);
    const ids: string[] = [];
    let url: string | undefined = `${base}/services/rest/query/v1/suiteql?limit=7&offset=0`;
    let pages = 0;
    while (url) {
      const r = await signed('POST', url, JSON.stringify({ q }));
      expect(r.status).toBe(200);
      const page = SuiteqlPageSchema.parse(r.json);
      expect(page.totalResults).toBe(expected);
      expect(page.count).toBe(page.items.length);
      expect(page.offset).toBe(pages * 7);
      for (const item of page.items) {
        expect(item['links']).toEqual([]);
        ids.push(String(item['id']));
      }
      const next = page.links.find((l) => l.rel === 'next')?.href;
      expect(next !== undefined).toBe(page.hasMore);
      expect(page.links.some((l) => l.rel === 'self')).toBe(true);
      url = next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(expected / 7));
    expect(new Set(ids).size).toBe(expected);
    expect(new Set(ids)).toEqual(new Set(liveDocs('invoice').map((d) => d.id)));
  });

  it('answers like the fixture: lower-case columns, string values, empty links per row, self link only on one page', async () => {
    const r = await suiteql(transactionsQuery('VendBill', null, null), 1000);
    const shape = SuiteqlPageSchema.parse(fixture('suiteql_response.json'));
    expect(Object.keys(r.json).sort()).toEqual(Object.keys(shape).sort());
    expect(r.json['hasMore']).toBe(false);
    expect(r.json['links']).toEqual([
      { rel: 'self', href: `${base}/services/rest/query/v1/suiteql?limit=1000&offset=0` },
    ]);
    const row = (r.json['items'] as Record<string, unknown>[])[0] ?? {};
    expect(Object.keys(row).sort()).toEqual(['id', 'lastmodified', 'links']);
    expect(typeof row['id']).toBe('string');
  });

  it('writes TO_CHAR wall clocks in the user zone and raw dates in the user date format; orders by (lastmodified, id)', async () => {
    const r = await suiteql(
      "SELECT t.id, t.trandate, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodified, BUILTIN.DF(t.status) AS status FROM transaction t WHERE t.type = 'SalesOrd' ORDER BY t.lastmodifieddate, t.id",
    );
    const rows = r.json['items'] as Record<string, string>[];
    const docs = new Map(liveDocs('sales_order').map((d) => [d.id, d]));
    expect(rows.length).toBe(docs.size);
    const zoned = new Intl.DateTimeFormat('sv-SE', {
      timeZone: company.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    for (const row of rows) {
      const doc = docs.get(row['id'] ?? '') as SynthDocument;
      const state = documentAt(doc, economy.endAt);
      expect(row['lastmodified']).toBe(zoned.format(new Date(state?.updatedAt ?? '')));
      const [y, m, d] = doc.date.split('-').map(Number);
      expect(row['trandate']).toBe(`${m}/${d}/${y}`);
      expect(['Pending Fulfillment', 'Billed', 'Cancelled']).toContain(row['status']);
    }
    const keys = rows.map((x) => `${x['lastmodified']}|${String(x['id']).padStart(12, '0')}`);
    expect([...keys].sort()).toEqual(keys);
  });

  it('filters by keyset: rows strictly after (lastmodified, id)', async () => {
    const all = (await suiteql(transactionsQuery('CustInvc', null, null))).json['items'] as Record<string, string>[];
    const pivot = all[Math.floor(all.length / 2)] as Record<string, string>;
    const after = await suiteql(
      transactionsQuery('CustInvc', { at: pivot['lastmodified'] ?? '', id: pivot['id'] ?? '' }, null),
    );
    const rest = after.json['items'] as Record<string, string>[];
    expect(rest.map((x) => x['id'])).toEqual(all.slice(Math.floor(all.length / 2) + 1).map((x) => x['id']));
  });

  it('serves inventory per item and location and stocked items', async () => {
    const book = economy.company(company.id);
    const inv = await suiteql(inventoryQuery(null));
    expect(inv.json['totalResults']).toBe(book.inventoryAt(economy.endAt).length);
    const items = await suiteql(itemsQuery(null, null));
    expect(items.json['totalResults']).toBe(book.products.length);
  });
});

describe('record API', () => {
  it('reads an invoice with expanded lines in the fixture shape, mapping to the economy state', async () => {
    const ctx = mapCtx(company);
    for (const doc of liveDocs('invoice').slice(0, 15)) {
      const r = await signed('GET', `${base}/services/rest/record/v1/invoice/${doc.id}?expandSubResources=true`);
      expect(r.status).toBe(200);
      TransactionRecord.parse(r.json);
      expect(r.json['lastModifiedDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const state = documentAt(doc, economy.endAt);
      const mapped = mappers.invoice(JSON.stringify(r.json), ctx);
      if (!('ok' in mapped)) throw new Error(JSON.stringify(mapped.review));
      const rec = CanonicalRecord.parse(mapped.ok[0]);
      if (rec.kind !== 'invoice') throw new Error(rec.kind);
      expect(rec.number).toBe(doc.number);
      expect(rec.issueDate).toBe(doc.date);
      expect(rec.currency).toBe(doc.currency);
      expect(Number(rec.total)).toBe(Number(state?.total));
      expect(Number(rec.subtotal)).toBe(Number(state?.subtotal));
      expect(Number(rec.discountTotal)).toBe(Number(state?.discountTotal));
      expect(Number(rec.taxTotal)).toBe(Number(state?.taxTotal));
      expect(rec.lines.length).toBe(state?.lines.length);
      expect(rec.status.value).toBe(state?.status === 'void' ? 'void' : state?.status === 'paid' ? 'paid' : 'open');
    }
  });

  it('keeps the fixture purchase order shape: refs with links, select fields, sublist collections', async () => {
    const po = liveDocs('purchase_order')[0] as SynthDocument;
    const r = await signed('GET', `${base}/services/rest/record/v1/purchaseOrder/${po.id}?expandSubResources=true`);
    const real = fixture('purchaseorder_record_expanded.json') as Record<string, unknown>;
    for (const key of [
      'id',
      'tranId',
      'tranDate',
      'entity',
      'status',
      'currency',
      'item',
      'total',
      'lastModifiedDate',
    ]) {
      expect(typeof r.json[key]).toBe(typeof real[key]);
    }
    expect(Object.keys(r.json['entity'] as object).sort()).toEqual(Object.keys(real['entity'] as object).sort());
    expect(Object.keys(r.json['status'] as object).sort()).toEqual(Object.keys(real['status'] as object).sort());
    expect(Object.keys(r.json['item'] as object).sort()).toEqual(Object.keys(real['item'] as object).sort());
    expect(r.json['orderStatus']).toHaveProperty('id');
  });

  it('without expandSubResources, sublists are links only', async () => {
    const doc = liveDocs('invoice')[0] as SynthDocument;
    const r = await signed('GET', `${base}/services/rest/record/v1/invoice/${doc.id}`);
    expect(r.json['item']).toEqual({
      links: [{ rel: 'self', href: `${base}/services/rest/record/v1/invoice/${doc.id}/item` }],
    });
  });

  it('answers an unknown id with 404 NONEXISTENT_ID', async () => {
    const r = await signed('GET', `${base}/services/rest/record/v1/invoice/999999999`);
    expect(r.status).toBe(404);
    expect(errorCode(r)).toBe('NONEXISTENT_ID');
    expect(r.json['title']).toBe('Not Found');
  });

  it('shows voided documents with their totals and status Voided/Cancelled', async () => {
    const voided = economy.companiesOn('netsuite').flatMap((spec) =>
      economy
        .company(spec.id)
        .documents.filter(
          (d) => (d.kind === 'invoice' || d.kind === 'bill') && documentAt(d, economy.endAt)?.status === 'void',
        )
        .map((d) => ({ spec, d })),
    );
    expect(voided.length).toBeGreaterThan(0);
    for (const { spec, d } of voided.slice(0, 5)) {
      const type = d.kind === 'invoice' ? 'invoice' : 'vendorbill';
      const r = await signed(
        'GET',
        `${emu.baseUrl}/accounts/${spec.account}/services/rest/record/v1/${type}/${d.id}?expandSubResources=true`,
        undefined,
        signerFor(spec.account),
      );
      expect(r.status).toBe(200);
      expect((r.json['status'] as { refName: string }).refName).toBe(d.kind === 'invoice' ? 'Voided' : 'Cancelled');
      const mapped = mappers[type](JSON.stringify(r.json), mapCtx(spec));
      if (!('ok' in mapped)) throw new Error(JSON.stringify(mapped.review));
      const rec = CanonicalRecord.parse(mapped.ok[0]);
      if (rec.kind !== 'invoice' && rec.kind !== 'bill') throw new Error(rec.kind);
      expect(rec.status.value).toBe('void');
      expect(Number(rec.total)).toBe(Number(documentAt(d, economy.endAt)?.total));
    }
  });

  it('removes deleted documents from records and lists, and logs them in deletedrecord', async () => {
    const deleted = economy.companiesOn('netsuite').flatMap((spec) =>
      economy
        .company(spec.id)
        .documents.filter((d) => documentAt(d, economy.endAt)?.status === 'deleted')
        .map((d) => ({ spec, d })),
    );
    expect(deleted.length).toBeGreaterThan(0);
    const { spec, d } = deleted[0] as { spec: CompanySpec; d: SynthDocument };
    const s = signerFor(spec.account);
    const accountBase = `${emu.baseUrl}/accounts/${spec.account}`;
    const types = {
      invoice: 'invoice',
      bill: 'vendorbill',
      purchase_order: 'purchaseorder',
      sales_order: 'salesorder',
    };
    const type = types[d.kind as keyof typeof types];
    const rec = await signed('GET', `${accountBase}/services/rest/record/v1/${type}/${d.id}`, undefined, s);
    expect(rec.status).toBe(404);
    const log = await signed(
      'POST',
      `${accountBase}/services/rest/query/v1/suiteql?limit=1000`,
      JSON.stringify({
        q: `SELECT d.recordid, d.type, d.name, TO_CHAR(d.deleteddate, 'YYYY-MM-DD HH24:MI:SS') AS deleted FROM deletedrecord d WHERE d.type = '${type}' ORDER BY d.deleteddate, d.recordid`,
      }),
      s,
    );
    const rows = log.json['items'] as Record<string, string>[];
    const row = rows.find((x) => x['recordid'] === d.id);
    expect(row).toMatchObject({ type, name: d.number });
    const mapped = mappers[type as 'invoice'](JSON.stringify(row), mapCtx(spec));
    if (!('ok' in mapped)) throw new Error(JSON.stringify(mapped.review));
    const tomb = CanonicalRecord.parse(mapped.ok[0]);
    expect(tomb.deleted).toBe(true);
    expect(tomb.source.sourceUpdatedAt).toBe(
      new Date(Math.floor(Date.parse(documentAt(d, economy.endAt)?.deletedAt ?? '') / 1000) * 1000).toISOString(),
    );
  });

  it('serves each document as it stood at the emulator now (setNow)', async () => {
    const doc = liveDocs('invoice').at(-1) as SynthDocument;
    const before = new Date(Date.parse(doc.createdAt) - 60_000).toISOString();
    emu.setNow(before);
    try {
      const r = await signed('GET', `${base}/services/rest/record/v1/invoice/${doc.id}`);
      expect(r.status).toBe(404);
      expect(r.headers.get('date')).toBe(new Date(before).toUTCString());
    } finally {
      emu.setNow(economy.endAt);
    }
    expect((await signed('GET', `${base}/services/rest/record/v1/invoice/${doc.id}`)).status).toBe(200);
  });
});

describe('account concurrency governance', () => {
  it('refuses the 6th concurrent request with 429 CONCURRENCY_LIMIT_EXCEEDED and counts it', async () => {
    const slow = await startNetsuiteEmulator({ economy, latencyMs: 150 });
    try {
      const creds = tbaCredentialsFrom(slow.credentialsFor(company.account));
      const s = createTbaSigner({ realm: company.account, credentials: creds, clock: systemClock });
      const doc = liveDocs('invoice')[0] as SynthDocument;
      const url = `${slow.baseUrl}/accounts/${company.account}/services/rest/record/v1/invoice/${doc.id}`;
      const replies = await Promise.all(Array.from({ length: 6 }, () => signed('GET', url, undefined, s)));
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = replies.find((r) => r.status === 429) as Reply;
      expect(errorCode(refused)).toBe('CONCURRENCY_LIMIT_EXCEEDED');
      expect(refused.json['status']).toBe(429);
      expect(slow.stats().rateLimitViolations).toBe(1);

      // The connector's clients (two connections, one account) share 4 leases: 16 reads, no refusals.
      const shared = createMemorySharedState();
      const ctx: StreamContext = {
        connection: {
          id: 'conn-gov',
          account: company.account,
          baseUrl: `${slow.baseUrl}/accounts/{accountId}`,
          credentials: slow.credentialsFor(company.account),
        },
        logger,
        clock: systemClock,
        shared,
        signal: new AbortController().signal,
        loadCredentials: async () => slow.credentialsFor(company.account),
        saveCredentials: async () => {},
      };
      const a = createNetsuiteClient(ctx, { maxConcurrency: 4 });
      const b = createNetsuiteClient(
        { ...ctx, connection: { ...ctx.connection, id: 'conn-gov-2' } },
        { maxConcurrency: 4 },
      );
      const docs = liveDocs('invoice').slice(0, 8);
      const reads = await Promise.all([
        ...docs.map((d) => a.getRecord('invoice', d.id)),
        ...docs.map((d) => b.getRecord('invoice', d.id)),
      ]);
      expect(reads.every((r) => r !== null)).toBe(true);
      expect(slow.stats().rateLimitViolations).toBe(1);
      expect(a.http.stats.retries + b.http.stats.retries).toBe(0);
    } finally {
      await slow.close();
    }
  });
});

describe('injected faults', () => {
  it('answers an injected storm with 429 that is not counted as a violation, and the client recovers', async () => {
    const faults = createFaultInjector(1, 'rateLimitStorm=0.5');
    const stormy = await startNetsuiteEmulator({ economy, faults });
    try {
      const ctx: StreamContext = {
        connection: {
          id: 'conn-f',
          account: company.account,
          baseUrl: stormy.baseUrl,
          credentials: stormy.credentialsFor(company.account),
        },
        logger,
        clock: systemClock,
        shared: createMemorySharedState(),
        signal: new AbortController().signal,
        loadCredentials: async () => stormy.credentialsFor(company.account),
        saveCredentials: async () => {},
      };
      const client = createNetsuiteClient(ctx, { maxConcurrency: 2, random: () => 0 });
      const page = await client.suiteql(transactionsQuery('CustInvc', null, null), 1000);
      expect(page.items.length).toBe(liveDocs('invoice').length);
      expect(stormy.stats().rateLimitViolations).toBe(0);
      expect(stormy.stats().faultsInjected).toBe(faults.log.length);
    } finally {
      await stormy.close();
    }
  });

  it('injects server errors as 500 UNEXPECTED_ERROR and record faults into record bodies', async () => {
    const faulty = await startNetsuiteEmulator({
      economy,
      faults: createFaultInjector(2, 'serverError=1,schemaDrift=0.5,malformedRecord=0.5'),
    });
    try {
      const s = createTbaSigner({
        realm: company.account,
        credentials: tbaCredentialsFrom(faulty.credentialsFor(company.account)),
        clock: systemClock,
      });
      const doc = liveDocs('invoice').at(-1) as SynthDocument;
      const r = await signed('GET', `${faulty.baseUrl}/services/rest/record/v1/invoice/${doc.id}`, undefined, s);
      expect(r.status).toBe(500);
      expect(errorCode(r)).toBe('UNEXPECTED_ERROR');
    } finally {
      await faulty.close();
    }
    const drifting = await startNetsuiteEmulator({ economy, faults: createFaultInjector(2, 'schemaDrift=1') });
    try {
      const s = createTbaSigner({
        realm: company.account,
        credentials: tbaCredentialsFrom(drifting.credentialsFor(company.account)),
        clock: systemClock,
      });
      const late = liveDocs('invoice').filter((d) => d.date >= '2026-03-02');
      const r = await signed('GET', `${drifting.baseUrl}/services/rest/record/v1/invoice/${late[0]?.id}`, undefined, s);
      expect(r.json['transactionDate']).toBe(late[0]?.date);
      expect(r.json).not.toHaveProperty('tranDate');
      const mapped = mappers.invoice(JSON.stringify(r.json), mapCtx(company));
      expect(mapped).toMatchObject({ review: { code: 'LP_INPUT_SCHEMA', field: 'tranDate' } });
      const early = liveDocs('invoice').find((d) => d.date < '2026-03-02') as SynthDocument;
      const clean = await signed(
        'GET',
        `${drifting.baseUrl}/services/rest/record/v1/invoice/${early.id}`,
        undefined,
        s,
      );
      expect(clean.json['tranDate']).toBe(early.date);
      expect(drifting.stats().faultsInjected).toBe(1);
    } finally {
      await drifting.close();
    }
  });

  it('cuts SuiteQL bodies short (truncated JSON) and the client reads the page again', async () => {
    const faults = createFaultInjector(4, 'truncatedJson=0.3');
    const cut = await startNetsuiteEmulator({ economy, faults });
    try {
      const ctx: StreamContext = {
        connection: {
          id: 'conn-t',
          account: company.account,
          baseUrl: cut.baseUrl,
          credentials: cut.credentialsFor(company.account),
        },
        logger,
        clock: systemClock,
        shared: createMemorySharedState(),
        signal: new AbortController().signal,
        loadCredentials: async () => cut.credentialsFor(company.account),
        saveCredentials: async () => {},
      };
      const client = createNetsuiteClient(ctx, { maxConcurrency: 2 });
      let pagesRead = 0;
      for (let i = 0; i < 6; i++) {
        const page = await client.suiteql(itemsQuery(null, null), 1000);
        expect(page.items.length).toBe(economy.company(company.id).products.length);
        pagesRead++;
      }
      expect(pagesRead).toBe(6);
      expect(faults.log.some((e) => e.kind === 'truncated_json')).toBe(true);
    } finally {
      await cut.close();
    }
  });
});
