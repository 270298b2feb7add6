import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../../src/canonical/index.js';
import { CanonicalRecord } from '../../../src/canonical/index.js';
import type { MapContext } from '../../../src/connectors/kit/mapper.js';
import { type RunningEmulator, startQuickbooksEmulator } from '../../../src/connectors/quickbooks/emulator/server.js';
import { parseIntuitXml } from '../../../src/connectors/quickbooks/intuit-xml.js';
import { mappers } from '../../../src/connectors/quickbooks/mappers/index.js';
import {
  QboBill,
  QboCdcResponse,
  QboCreditMemo,
  QboFault,
  QboInvoice,
  QboItem,
  QboNameListEntity,
  QboPurchaseOrder,
  QboQueryResponse,
} from '../../../src/connectors/quickbooks/mappers/schemas.js';
import type { CompanySpec, Economy } from '../../../src/emulation/economy/index.js';
import { createEconomy, createFaultInjector, documentAt } from '../../../src/emulation/economy/index.js';
import { FIXTURES_DIR } from '../../support/paths.js';

const economy: Economy = createEconomy({ seed: 11, companies: 4, platforms: ['quickbooks'], volumeScale: 0.05 });
const [alpha, beta] = economy.companiesOn('quickbooks') as [CompanySpec, CompanySpec];
let emu: RunningEmulator;
let token: string;

const SCHEMAS = {
  Invoice: QboInvoice,
  CreditMemo: QboCreditMemo,
  Bill: QboBill,
  PurchaseOrder: QboPurchaseOrder,
  Item: QboItem,
  Customer: QboNameListEntity,
  Vendor: QboNameListEntity,
} as const;
type Entity = keyof typeof SCHEMAS;

function mapContext(spec: CompanySpec): MapContext {
  return {
    platform: 'quickbooks',
    connectionId: `conn-${spec.id}`,
    envelopeId: 'env-test',
    mappingVersion: 'test',
    timeZone: spec.timeZone,
    baseCurrency: spec.currency,
  };
}

async function call(
  path: string,
  opts: {
    token?: string | null;
    accept?: string | null;
    method?: string;
    body?: string;
    contentType?: string;
    base?: string;
  } = {},
) {
  const headers = new Headers();
  const t = opts.token === undefined ? token : opts.token;
  if (t !== null) headers.set('authorization', `Bearer ${t}`);
  if (opts.accept !== null) headers.set('accept', opts.accept ?? 'application/json');
  if (opts.contentType) headers.set('content-type', opts.contentType);
  const res = await fetch(`${opts.base ?? emu.baseUrl}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    ...(opts.body === undefined ? {} : { body: opts.body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

const q = (realm: string, statement: string, extra = '&minorversion=75') =>
  `/v3/company/${realm}/query?query=${encodeURIComponent(statement)}${extra}`;

function liveDocs(spec: CompanySpec, kind: string, at = economy.endAt) {
  return economy
    .company(spec.id)
    .documents.filter((d) => d.kind === kind)
    .map((d) => documentAt(d, at))
    .filter((s) => s !== undefined && s.status !== 'deleted');
}

/** Throttles are tested on their own emulators below; here they would only trip the test's own burst. */
const RELAXED = { perSecond: 10_000, perMinute: 1_000_000 };

beforeAll(async () => {
  emu = await startQuickbooksEmulator({ economy, rateLimits: RELAXED });
  token = emu.credentialsFor(alpha.account).access_token;
});
afterAll(async () => {
  await emu.close();
});

describe('OAuth 2.0 token endpoint', () => {
  const tokenUrl = () => `${emu.baseUrl}/oauth2/v1/tokens/bearer`;
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const post = (form: Record<string, string>, auth?: string) =>
    fetch(tokenUrl(), {
      method: 'POST',
      headers: {
        authorization: auth ?? basic('ledgerpulse-qbo-emulator', 'qbo-emulator-secret'),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
    });

  it('answers a refresh in the shape of the Intuit sample and rotates the refresh token', async () => {
    const creds = emu.credentialsFor(alpha.account);
    const res = await post({ grant_type: 'refresh_token', refresh_token: creds.refresh_token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; refresh_token: string };
    const sample = JSON.parse(readFileSync(join(FIXTURES_DIR, 'quickbooks/token_response.json'), 'utf8'));
    expect(Object.keys(body).sort()).toEqual(
      Object.keys(sample)
        .filter((k) => k !== 'id_token')
        .sort(),
    );
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8_726_400 });
    expect(body.refresh_token).not.toBe(creds.refresh_token);
    // The old refresh token is spent.
    const again = await post({ grant_type: 'refresh_token', refresh_token: creds.refresh_token });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
    // The new access token works; the one it replaced keeps working until it expires.
    expect((await call(q(alpha.account, 'select count(*) from Invoice'), { token: body.access_token })).status).toBe(
      200,
    );
  });

  it('refuses a wrong client secret with 401 invalid_client and an unknown grant with 400', async () => {
    const bad = await post(
      { grant_type: 'refresh_token', refresh_token: 'x' },
      basic('ledgerpulse-qbo-emulator', 'nope'),
    );
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client' });
    const grant = await post({ grant_type: 'password' });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('runs the authorization-code flow: consent redirect with code, state and realmId; codes are single-use', async () => {
    const redirect = 'http://127.0.0.1:9/callback';
    const auth = await fetch(
      `${emu.baseUrl}/connect/oauth2?client_id=ledgerpulse-qbo-emulator&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=${encodeURIComponent(redirect)}&state=xyz&realmId=${beta.account}`,
      { redirect: 'manual' },
    );
    expect(auth.status).toBe(302);
    const location = new URL(auth.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(redirect);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('realmId')).toBe(beta.account);
    const code = location.searchParams.get('code') ?? '';
    const first = await post({ grant_type: 'authorization_code', code, redirect_uri: redirect });
    expect(first.status).toBe(200);
    const grant = (await first.json()) as { access_token: string };
    expect((await call(q(beta.account, 'select count(*) from Bill'), { token: grant.access_token })).status).toBe(200);
    const second = await post({ grant_type: 'authorization_code', code, redirect_uri: redirect });
    expect(second.status).toBe(400);
  });
});

describe('authentication failures on the data API', () => {
  it('no token, or an unknown one: 401 AuthenticationFault code 3200', async () => {
    for (const t of [null, 'not-a-token']) {
      const res = await call(q(alpha.account, 'select * from Invoice'), { token: t });
      expect(res.status).toBe(401);
      const body = QboFault.parse(res.json());
      expect(body.Fault.type).toBe('AuthenticationFault');
      expect(body.Fault.Error[0]).toMatchObject({
        code: '3200',
        Message: expect.stringContaining('AuthenticationFailed'),
      });
    }
  });

  it('a token of another realm: 403 AuthorizationFault code 3100', async () => {
    const res = await call(q(beta.account, 'select * from Invoice'));
    expect(res.status).toBe(403);
    expect(QboFault.parse(res.json()).Fault).toMatchObject({ type: 'AuthorizationFault', Error: [{ code: '3100' }] });
  });

  it('an expired access token: 401 "Token expired"', async () => {
    let wall = Date.UTC(2026, 0, 1);
    const short = await startQuickbooksEmulator({ economy, accessTokenTtlSeconds: 60, wallClock: () => wall });
    try {
      const t = short.credentialsFor(alpha.account).access_token;
      expect(
        (await call(q(alpha.account, 'select count(*) from Item'), { token: t, base: short.baseUrl })).status,
      ).toBe(200);
      wall += 61_000;
      const res = await call(q(alpha.account, 'select count(*) from Item'), { token: t, base: short.baseUrl });
      expect(res.status).toBe(401);
      expect(QboFault.parse(res.json()).Fault.Error[0]?.Detail).toMatch(/^Token expired/);
    } finally {
      await short.close();
    }
  });
});

describe('query endpoint: pagination, limits, errors', () => {
  it('pages with STARTPOSITION/MAXRESULTS to the empty QueryResponse, covering every live invoice once', async () => {
    const count = (await call(q(alpha.account, 'select count(*) from Invoice'))).json();
    const expected = liveDocs(alpha, 'invoice').length;
    expect(count.QueryResponse.totalCount).toBe(expected);
    const ids: string[] = [];
    for (let start = 1; ; start += 25) {
      const res = await call(
        q(alpha.account, `select * from Invoice orderby Metadata.LastUpdatedTime STARTPOSITION ${start} MAXRESULTS 25`),
      );
      expect(res.status).toBe(200);
      const body = QboQueryResponse.parse(res.json());
      const rows = (body.QueryResponse as { Invoice?: { Id: string; MetaData: { LastUpdatedTime: string } }[] })
        .Invoice;
      if (!rows) {
        // Nothing left: the entity key is absent.
        expect(res.json()).toEqual({ QueryResponse: {}, time: expect.any(String) });
        break;
      }
      expect(body.QueryResponse).toMatchObject({ startPosition: start, maxResults: rows.length });
      const times = rows.map((r) => Date.parse(r.MetaData.LastUpdatedTime));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      ids.push(...rows.map((r) => r.Id));
    }
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
  });

  it('defaults MAXRESULTS to 100 and filters on LastUpdatedTime with an offset', async () => {
    const all = (await call(q(alpha.account, 'select * from Invoice'))).json().QueryResponse.Invoice as unknown[];
    expect(all.length).toBe(Math.min(100, liveDocs(alpha, 'invoice').length));
    const cut = '2026-06-01T00:00:00-07:00';
    const since = (
      await call(q(alpha.account, `select * from Invoice where Metadata.LastUpdatedTime >= '${cut}' MAXRESULTS 1000`))
    ).json().QueryResponse.Invoice as { MetaData: { LastUpdatedTime: string } }[];
    const truth = liveDocs(alpha, 'invoice').filter(
      (s) => Math.floor(Date.parse(s?.updatedAt ?? '') / 1000) * 1000 >= Date.parse(cut),
    );
    expect(since).toHaveLength(truth.length);
    expect(since.every((r) => Date.parse(r.MetaData.LastUpdatedTime) >= Date.parse(cut))).toBe(true);
  });

  it.each([
    [
      'MAXRESULTS over 1000',
      'select * from Invoice MAXRESULTS 1001',
      '4001',
      'value 1001 is too large. Max allowed value is 1000',
    ],
    [
      'STARTPOSITION 0',
      'select * from Invoice STARTPOSITION 0',
      '4001',
      'value 0 is too small. Min allowed value is 1',
    ],
    ['OR', "select * from Invoice where Id = '1' OR Id = '2'", '4000', 'QueryParserError'],
    ['unknown entity', 'select * from Spaceship', '4000', 'QueryParserError'],
  ])('refuses %s with a 400 ValidationFault', async (_name, statement, code, detail) => {
    const res = await call(q(alpha.account, statement));
    expect(res.status).toBe(400);
    const fault = QboFault.parse(res.json());
    expect(fault.Fault.type).toBe('ValidationFault');
    expect(fault.Fault.Error[0]?.code).toBe(code);
    expect(fault.Fault.Error[0]?.Detail).toContain(detail);
  });

  it('accepts the statement as a POST body (application/text)', async () => {
    const res = await call(`/v3/company/${alpha.account}/query?minorversion=75`, {
      method: 'POST',
      contentType: 'application/text',
      body: 'select count(*) from Vendor',
    });
    expect(res.json().QueryResponse.totalCount).toBe(economy.company(alpha.id).vendors.length);
  });

  it('counts calls without minorversion (served anyway, as Intuit does)', async () => {
    const before = emu.stats().missingMinorVersion;
    expect((await call(q(alpha.account, 'select count(*) from Item', ''))).status).toBe(200);
    expect(emu.stats().missingMinorVersion).toBe(before + 1);
  });
});

describe('payloads: the fixtures’ shape, dates, voids and deletions', () => {
  it.each(Object.keys(SCHEMAS) as Entity[])(
    '%s rows pass the payload schema and map to valid canonical records',
    async (entity) => {
      const rows = (await call(q(alpha.account, `select * from ${entity} MAXRESULTS 1000`))).json().QueryResponse[
        entity
      ] as unknown[];
      expect(rows.length).toBeGreaterThan(0);
      const ctx = mapContext(alpha);
      for (const row of rows) {
        SCHEMAS[entity].parse(row);
        const result = mappers[entity](row, ctx);
        if (!('ok' in result)) throw new Error(`review: ${JSON.stringify(result.review)}`);
        for (const record of result.ok) CanonicalRecord.parse(record);
      }
    },
  );

  it('writes ids as strings, amounts as numbers, TxnDate as a plain date, MetaData with the company offset', async () => {
    const inv = (await call(q(alpha.account, 'select * from Invoice MAXRESULTS 1'))).json();
    const row = inv.QueryResponse.Invoice[0];
    expect(typeof row.Id).toBe('string');
    expect(typeof row.SyncToken).toBe('string');
    expect(typeof row.TotalAmt).toBe('number');
    expect(row.TxnDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.MetaData.LastUpdatedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(inv.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
    // The offset is the company zone's at that instant.
    const instant = Date.parse(row.MetaData.LastUpdatedTime);
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: alpha.timeZone,
      dateStyle: 'short',
      timeStyle: 'medium',
      hourCycle: 'h23',
    })
      .format(instant)
      .replace(', ', 'T');
    expect(row.MetaData.LastUpdatedTime.slice(0, 19)).toBe(local);
  });

  it('serves a voided invoice zeroed with the Voided note; the mapper reads it as void', async () => {
    const spec = economy
      .companiesOn('quickbooks')
      .find((c) => liveDocs(c, 'invoice').some((s) => s?.status === 'void'));
    if (!spec) throw new Error('the test economy has no voided invoice');
    const state = liveDocs(spec, 'invoice').find((s) => s?.status === 'void');
    const t = emu.credentialsFor(spec.account).access_token;
    const res = await call(`/v3/company/${spec.account}/invoice/${state?.doc.id}?minorversion=75`, { token: t });
    expect(res.status).toBe(200);
    const { Invoice: inv } = res.json();
    expect(inv).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' });
    expect(inv.Line.every((l: { Amount: number }) => l.Amount === 0)).toBe(true);
    const mapped = mappers.Invoice(inv, mapContext(spec));
    expect('ok' in mapped && (mapped.ok[0] as Invoice).status.value).toBe('void');
  });

  it('hides a deleted document from queries and reads (610); CDC reports it as Deleted with its time', async () => {
    const spec = economy
      .companiesOn('quickbooks')
      .find((c) => economy.company(c.id).documents.some((d) => documentAt(d, economy.endAt)?.status === 'deleted'));
    if (!spec) throw new Error('the test economy has no deleted document');
    const doc = economy.company(spec.id).documents.find((d) => documentAt(d, economy.endAt)?.status === 'deleted');
    const state = doc ? documentAt(doc, economy.endAt) : undefined;
    if (!doc || !state?.deletedAt) throw new Error('no deletion');
    const entity = (
      { invoice: 'Invoice', credit_note: 'CreditMemo', bill: 'Bill', purchase_order: 'PurchaseOrder' } as const
    )[doc.kind as 'invoice'];
    const t = emu.credentialsFor(spec.account).access_token;
    const read = await call(`/v3/company/${spec.account}/${entity.toLowerCase()}/${doc.id}?minorversion=75`, {
      token: t,
    });
    expect(read.status).toBe(400);
    expect(QboFault.parse(read.json()).Fault.Error[0]?.code).toBe('610');
    const byId = await call(q(spec.account, `select * from ${entity} where Id = '${doc.id}'`), { token: t });
    expect(byId.json().QueryResponse).toEqual({});
    // CDC from just before the deletion (the emulator's now is the period end; stay within 30 days).
    const deletedMs = Date.parse(state.deletedAt);
    const emuAt = await startQuickbooksEmulator({
      economy,
      now: new Date(deletedMs + 86_400_000).toISOString(),
      rateLimits: RELAXED,
    });
    try {
      const t2 = emuAt.credentialsFor(spec.account).access_token;
      const since = new Date(deletedMs - 1000).toISOString();
      const cdc = await call(
        `/v3/company/${spec.account}/cdc?entities=${entity}&changedSince=${since}&minorversion=75`,
        {
          token: t2,
          base: emuAt.baseUrl,
        },
      );
      expect(cdc.status).toBe(200);
      const body = QboCdcResponse.parse(cdc.json());
      const block = (body.CDCResponse[0]?.QueryResponse ?? [])[0] as Record<string, unknown[]>;
      const deletion = (block[entity] ?? []).find((o) => (o as { Id: string }).Id === doc.id);
      expect(deletion).toEqual({
        domain: 'QBO',
        status: 'Deleted',
        Id: doc.id,
        MetaData: { LastUpdatedTime: expect.any(String) },
      });
      expect(Math.floor(deletedMs / 1000) * 1000).toBe(
        Date.parse((deletion as { MetaData: { LastUpdatedTime: string } }).MetaData.LastUpdatedTime),
      );
    } finally {
      await emuAt.close();
    }
  });

  it('CDC: one QueryResponse per requested entity ({} when nothing changed), 30-day horizon, required params', async () => {
    const since = new Date(Date.parse(economy.endAt) - 10 * 86_400_000).toISOString();
    const res = await call(
      `/v3/company/${alpha.account}/cdc?entities=Invoice,Item,Bill&changedSince=${since}&minorversion=75`,
    );
    const body = QboCdcResponse.parse(res.json());
    expect(body.CDCResponse[0]?.QueryResponse).toHaveLength(3);
    const old = new Date(Date.parse(economy.endAt) - 31 * 86_400_000).toISOString();
    const tooOld = await call(`/v3/company/${alpha.account}/cdc?entities=Invoice&changedSince=${old}`);
    expect(tooOld.status).toBe(400);
    expect(QboFault.parse(tooOld.json()).Fault.Error[0]?.Detail).toContain('30 days');
    const missing = await call(`/v3/company/${alpha.account}/cdc?entities=Invoice`);
    expect(QboFault.parse(missing.json()).Fault.Error[0]).toMatchObject({ code: '2020', element: 'changedSince' });
  });

  it('answers XML without Accept: application/json, in the same shape once read', async () => {
    const statement = 'select * from Invoice orderby Metadata.LastUpdatedTime MAXRESULTS 3';
    const xml = await call(q(alpha.account, statement), { accept: null });
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(xml.text).toContain('<IntuitResponse xmlns="http://schema.intuit.com/finance/v3"');
    const fromXml = parseIntuitXml(xml.text) as { QueryResponse: { Invoice: unknown[] } };
    const fromJson = (await call(q(alpha.account, statement))).json().QueryResponse.Invoice as unknown[];
    const ctx = mapContext(alpha);
    fromXml.QueryResponse.Invoice.forEach((row, i) => {
      const a = mappers.Invoice(row, ctx);
      const b = mappers.Invoice(fromJson[i], ctx);
      expect(a).toEqual(b);
    });
    const fault = await call(q(alpha.account, 'select * from Invoice MAXRESULTS 5000'), { accept: null });
    expect(parseIntuitXml(fault.text)).toMatchObject({ Fault: { type: 'ValidationFault', Error: [{ code: '4001' }] } });
  });
});

describe('rate limits: 429 ThrottleExceeded, no rate headers, violations counted', () => {
  it('refuses the request over the per-second allowance and counts one violation', async () => {
    let wall = Date.UTC(2026, 0, 1);
    const tight = await startQuickbooksEmulator({
      economy,
      rateLimits: { perSecond: 3, perMinute: 5, concurrent: 10 },
      wallClock: () => wall,
    });
    try {
      const t = tight.credentialsFor(alpha.account).access_token;
      const hit = () => call(q(alpha.account, 'select count(*) from Item'), { token: t, base: tight.baseUrl });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await hit()).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const throttled = await hit();
      expect(throttled.status).toBe(429);
      expect(QboFault.parse(throttled.json()).Fault).toMatchObject({ type: 'SERVICE', Error: [{ code: '3001' }] });
      expect(throttled.headers.get('retry-after')).toBeNull();
      expect([...throttled.headers.keys()].filter((k) => /rate|limit/i.test(k))).toEqual([]);
      // Another realm has its own allowance.
      const other = tight.credentialsFor(beta.account).access_token;
      expect(
        (await call(q(beta.account, 'select count(*) from Item'), { token: other, base: tight.baseUrl })).status,
      ).toBe(200);
      // A second later the per-second window has room, but the per-minute one (5) fills up.
      wall += 1_100;
      expect([(await hit()).status, (await hit()).status, (await hit()).status]).toEqual([200, 200, 429]);
      wall += 60_000;
      expect((await hit()).status).toBe(200);
      expect(tight.stats().rateLimitViolations).toBe(3);
    } finally {
      await tight.close();
    }
  });

  it('refuses a request over the concurrency allowance', async () => {
    const slow = await startQuickbooksEmulator({
      economy,
      rateLimits: { concurrent: 2 },
      faults: createFaultInjector(1, 'slow=1'),
      slowMs: 300,
    });
    try {
      const t = slow.credentialsFor(alpha.account).access_token;
      const results = await Promise.all(
        [0, 1, 2].map((i) =>
          call(q(alpha.account, `select count(*) from Item where Id > '${i}'`), { token: t, base: slow.baseUrl }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429]);
      expect(slow.stats().rateLimitViolations).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('injected throttles and server errors come back as Faults and are not violations', async () => {
    const storm = await startQuickbooksEmulator({ economy, faults: createFaultInjector(3, 'rateLimitStorm=1') });
    const broken = await startQuickbooksEmulator({ economy, faults: createFaultInjector(3, 'serverError=1') });
    try {
      const r1 = await call(q(alpha.account, 'select count(*) from Item'), {
        token: storm.credentialsFor(alpha.account).access_token,
        base: storm.baseUrl,
      });
      expect(r1.status).toBe(429);
      expect(QboFault.parse(r1.json()).Fault.Error[0]?.code).toBe('3001');
      expect(storm.stats()).toMatchObject({ rateLimitViolations: 0, faultsInjected: 1 });
      const r2 = await call(q(alpha.account, 'select count(*) from Item'), {
        token: broken.credentialsFor(alpha.account).access_token,
        base: broken.baseUrl,
      });
      expect(r2.status).toBe(500);
      expect(QboFault.parse(r2.json()).Fault.type).toBe('SystemFault');
    } finally {
      await storm.close();
      await broken.close();
    }
  });
});

describe('record faults', () => {
  it('schema drift renames TotalAmt to TotalAmount on documents dated from driftFrom; the mapper sends them to review', async () => {
    const faults = createFaultInjector(5, 'schemaDrift=1', { driftFrom: '2026-01-01' });
    const drifted = await startQuickbooksEmulator({ economy, faults, rateLimits: RELAXED });
    try {
      const t = drifted.credentialsFor(alpha.account).access_token;
      const rows = (
        await call(q(alpha.account, 'select * from Invoice MAXRESULTS 1000'), { token: t, base: drifted.baseUrl })
      ).json().QueryResponse.Invoice as { TxnDate: string; TotalAmt?: number; TotalAmount?: number }[];
      const after = rows.filter((r) => String(r.TxnDate) >= '2026-01-01');
      const before = rows.filter((r) => String(r.TxnDate) < '2026-01-01');
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((r) => r.TotalAmount !== undefined && r.TotalAmt === undefined)).toBe(true);
      expect(before.every((r) => r.TotalAmt !== undefined)).toBe(true);
      const res = mappers.Invoice(after[0], mapContext(alpha));
      expect('review' in res && res.review).toMatchObject({ code: 'LP_INPUT_SCHEMA', field: 'TotalAmt' });
      expect(drifted.stats().faultsInjected).toBe(after.length);
    } finally {
      await drifted.close();
    }
  });

  it('malformed records (wrong type, decimal comma, missing field) all land in review', async () => {
    const faults = createFaultInjector(9, 'malformedRecord=1');
    const bad = await startQuickbooksEmulator({ economy, faults, rateLimits: RELAXED });
    try {
      const t = bad.credentialsFor(alpha.account).access_token;
      const rows = (
        await call(q(alpha.account, 'select * from Bill MAXRESULTS 1000'), { token: t, base: bad.baseUrl })
      ).json().QueryResponse.Bill as unknown[];
      const kinds = new Set(faults.log.map((e) => e.kind));
      expect(kinds.size).toBeGreaterThan(1);
      for (const row of rows) expect('review' in mappers.Bill(row, mapContext(alpha))).toBe(true);
    } finally {
      await bad.close();
    }
  });
});
