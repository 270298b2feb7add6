import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/connectors/kit/clock.js';
import {
  type RunningEmulator,
  startXeroEmulator,
  type XeroEmulatorOptions,
} from '../../../src/connectors/xero/emulator/server.js';
import { mappers } from '../../../src/connectors/xero/mappers/index.js';
import { parseMsDate } from '../../../src/connectors/xero/mappers/ms-date.js';
import {
  XeroConnection,
  XeroContact,
  XeroContactsResponse,
  XeroCreditNote,
  XeroCreditNotesResponse,
  XeroInvoice,
  XeroInvoicesResponse,
  XeroItem,
  XeroItemsResponse,
  XeroOrganisation,
  XeroOrganisationsResponse,
  XeroPurchaseOrder,
  XeroPurchaseOrdersResponse,
  XeroTokenResponse,
} from '../../../src/connectors/xero/mappers/schemas.js';
import { createEconomy, createFaultInjector, documentAt, type Economy } from '../../../src/emulation/economy/index.js';
import { FIXTURES_DIR } from '../../support/paths.js';

// The emulator's own contract (shared/platforms/xero.md), checked with plain fetch.
const economy: Economy = createEconomy({ seed: 11, companies: 6, platforms: ['xero'], volumeScale: 0.05 });
const tenants = economy.companiesOn('xero');
const tenant = tenants[0]?.account ?? '';
const other = tenants[1]?.account ?? '';
const NOW = '2026-06-01T00:00:00.000Z';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(extra: Partial<XeroEmulatorOptions> = {}) {
  const clock = createFakeClock(Date.UTC(2026, 0, 5));
  const emu = await startXeroEmulator({ economy, now: NOW, clock: () => clock.now(), ...extra });
  emulator = emu;
  return { emu, clock, creds: emu.credentialsFor(tenant) };
}

function api(emu: RunningEmulator, path: string, token: string | undefined, headers: Record<string, string> = {}) {
  return fetch(`${emu.baseUrl}/api.xro/2.0/${path}`, {
    headers: {
      accept: 'application/json',
      'xero-tenant-id': tenant,
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
  });
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

function tokenRequest(emu: RunningEmulator, form: Record<string, string>, basic?: string) {
  return fetch(`${emu.baseUrl}/connect/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

describe('Xero emulator: authentication', () => {
  it('refuses a missing or unknown token with the 401 problem body', async () => {
    const { emu } = await start();
    for (const token of [undefined, 'not-a-token']) {
      const res = await api(emu, 'Invoices?page=1', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(await json(res)).toMatchObject({
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'AuthenticationUnsuccessful',
      });
    }
  });

  it('expires access tokens after 30 minutes with TokenExpired', async () => {
    const { emu, clock, creds } = await start();
    expect(Number(creds['expires_at']) - clock.now()).toBe(1_800_000);
    expect((await api(emu, 'Organisation', creds['access_token'])).status).toBe(200);
    clock.advance(1_800_000);
    const res = await api(emu, 'Organisation', creds['access_token']);
    expect(res.status).toBe(401);
    expect(String((await json(res))['Detail'])).toMatch(
      /^TokenExpired: token expired at \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/,
    );
  });

  it('needs the xero-tenant-id header, and a tenant the token was granted', async () => {
    const { emu, creds } = await start();
    const missing = await fetch(`${emu.baseUrl}/api.xro/2.0/Invoices`, {
      headers: { accept: 'application/json', authorization: `Bearer ${creds['access_token']}` },
    });
    expect(missing.status).toBe(403);
    expect(await json(missing)).toMatchObject({
      Title: 'Forbidden',
      Status: 403,
      Detail: 'AuthenticationUnsuccessful',
    });
    for (const t of [other, '00000000-0000-0000-0000-000000000000']) {
      const res = await api(emu, 'Invoices', creds['access_token'], { 'xero-tenant-id': t });
      expect(res.status).toBe(403);
      expect((await json(res))['Detail']).toBe('AuthorizationUnsuccessful');
    }
  });

  it('rotates refresh tokens: a used one works for the 30-minute grace only, then invalid_grant', async () => {
    const { emu, clock, creds } = await start();
    const basic = `${creds['client_id']}:${creds['client_secret']}`;
    const first = await tokenRequest(
      emu,
      { grant_type: 'refresh_token', refresh_token: creds['refresh_token'] ?? '' },
      basic,
    );
    expect(first.status).toBe(200);
    const body = XeroTokenResponse.parse(await first.json());
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1800 });
    expect(body.refresh_token).not.toBe(creds['refresh_token']);
    expect(body.scope).toContain('offline_access');
    expect((await api(emu, 'Organisation', body.access_token)).status).toBe(200);

    clock.advance(60_000);
    const retried = await tokenRequest(
      emu,
      { grant_type: 'refresh_token', refresh_token: creds['refresh_token'] ?? '' },
      basic,
    );
    expect(retried.status).toBe(200);
    clock.advance(30 * 60_000);
    const late = await tokenRequest(
      emu,
      { grant_type: 'refresh_token', refresh_token: creds['refresh_token'] ?? '' },
      basic,
    );
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: 'invalid_grant' });
    // The newest token still refreshes; client credentials may also come in the form.
    const next = await tokenRequest(emu, {
      grant_type: 'refresh_token',
      refresh_token: body.refresh_token,
      client_id: creds['client_id'] ?? '',
      client_secret: creds['client_secret'] ?? '',
    });
    expect(next.status).toBe(200);
  });

  it('refuses a wrong client and an unknown grant', async () => {
    const { emu, creds } = await start();
    const bad = await tokenRequest(
      emu,
      { grant_type: 'refresh_token', refresh_token: creds['refresh_token'] ?? '' },
      'x:y',
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_client' });
    const grant = await tokenRequest(
      emu,
      { grant_type: 'password' },
      `${creds['client_id']}:${creds['client_secret']}`,
    );
    expect(await grant.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('runs the authorization-code flow and lists the granted tenants on /connections', async () => {
    const { emu, creds } = await start();
    const authorize = new URL(`${emu.baseUrl}/identity/connect/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: creds['client_id'] ?? '',
      redirect_uri: 'http://127.0.0.1:9/callback',
      scope: 'openid offline_access accounting.transactions',
      state: 'st-1',
      tenant_id: `${tenant},${other}`,
    }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('st-1');
    const basic = `${creds['client_id']}:${creds['client_secret']}`;
    const code = back.searchParams.get('code') ?? '';
    const wrongUri = await tokenRequest(
      emu,
      { grant_type: 'authorization_code', code, redirect_uri: 'http://x/' },
      basic,
    );
    expect(await wrongUri.json()).toEqual({ error: 'invalid_grant' });
    // A code is single-use even after a failed attempt: ask for a new one.
    const again = new URL(redirect.headers.get('location') ?? '');
    expect(again.searchParams.get('code')).toBe(code);
    const redirect2 = await fetch(authorize, { redirect: 'manual' });
    const code2 = new URL(redirect2.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const granted = await tokenRequest(
      emu,
      { grant_type: 'authorization_code', code: code2, redirect_uri: 'http://127.0.0.1:9/callback' },
      basic,
    );
    const tokens = XeroTokenResponse.parse(await granted.json());
    const conns = await fetch(`${emu.baseUrl}/connections`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const list = (await conns.json()) as unknown[];
    expect(list.map((c) => XeroConnection.parse(c).tenantId)).toEqual([tenant, other]);
    expect((await api(emu, 'Organisation', tokens.access_token, { 'xero-tenant-id': other })).status).toBe(200);
  });
});

describe('Xero emulator: paging, filters and shapes', () => {
  it('pages with page/pageSize and a pagination block; the pages add up to the whole list', async () => {
    const { emu, creds } = await start({ limits: { perMinute: 100_000 } });
    const token = creds['access_token'];
    const all = XeroInvoicesResponse.parse(await (await api(emu, 'Invoices?page=1&pageSize=1000', token)).json());
    const total = all.pagination?.itemCount ?? 0;
    expect(total).toBeGreaterThan(20);
    expect(all.Invoices).toHaveLength(total);
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const body = XeroInvoicesResponse.parse(
        await (await api(emu, `Invoices?page=${page}&pageSize=10`, token)).json(),
      );
      expect(body.pagination).toEqual({ page, pageSize: 10, pageCount: Math.ceil(total / 10), itemCount: total });
      ids.push(...body.Invoices.map((i) => XeroInvoice.parse(i).InvoiceID));
      if (body.Invoices.length < 10) break;
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    // Oldest change first.
    const stamps = all.Invoices.map((i) => parseMsDate(XeroInvoice.parse(i).UpdatedDateUTC)?.epochMs ?? 0);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });

  it('refuses a page size over 1000 and a bad page with a ValidationException', async () => {
    const { emu, creds } = await start();
    for (const q of ['Invoices?page=1&pageSize=1001', 'Invoices?page=0', 'PurchaseOrders?page=1&pageSize=abc']) {
      const res = await api(emu, q, creds['access_token']);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
    }
    const where = await api(emu, 'Invoices?where=Total>5', creds['access_token']);
    expect(where.status).toBe(400);
    expect((await json(where))['Type']).toBe('QueryParseException');
  });

  it('leaves LineItems out of unpaged invoice lists, and Items is never paged', async () => {
    const { emu, creds } = await start();
    const unpaged = XeroInvoicesResponse.parse(await (await api(emu, 'Invoices', creds['access_token'])).json());
    expect(unpaged.pagination).toBeUndefined();
    expect(unpaged.Invoices.every((i) => !('LineItems' in (i as object)))).toBe(true);
    const paged = XeroInvoicesResponse.parse(await (await api(emu, 'Invoices?page=1', creds['access_token'])).json());
    expect(paged.Invoices.every((i) => Array.isArray((i as { LineItems?: unknown }).LineItems))).toBe(true);
    const items = XeroItemsResponse.parse(
      await (await api(emu, 'Items?page=2&pageSize=1', creds['access_token'])).json(),
    );
    expect(items.pagination).toBeUndefined();
    expect(items.Items.length).toBe(economy.company(tenants[0]?.id ?? '').products.length);
  });

  it('filters by If-Modified-Since (UTC when no offset), where Type and Statuses', async () => {
    const { emu, creds } = await start();
    const token = creds['access_token'];
    const since = '2026-03-01T00:00:00';
    const res = XeroInvoicesResponse.parse(
      await (await api(emu, 'Invoices?page=1&pageSize=1000', token, { 'If-Modified-Since': since })).json(),
    );
    const book = economy.company(tenants[0]?.id ?? '');
    const expected = book.documents
      .filter((d) => d.kind === 'invoice' || d.kind === 'bill')
      .map((d) => documentAt(d, NOW))
      .filter((s) => s !== undefined && s.updatedAt > `${since}.000Z`);
    expect(res.Invoices).toHaveLength(expected.length);
    const bills = XeroInvoicesResponse.parse(
      await (
        await api(emu, `Invoices?page=1&pageSize=1000&where=${encodeURIComponent('Type=="ACCPAY"')}`, token)
      ).json(),
    );
    expect(bills.Invoices.every((i) => XeroInvoice.parse(i).Type === 'ACCPAY')).toBe(true);
    expect(bills.Invoices.length).toBe(book.documents.filter((d) => d.kind === 'bill' && d.createdAt <= NOW).length);
    const paid = XeroInvoicesResponse.parse(
      await (await api(emu, 'Invoices?page=1&pageSize=1000&Statuses=PAID', token)).json(),
    );
    expect(paid.Invoices.every((i) => XeroInvoice.parse(i).Status === 'PAID')).toBe(true);
  });

  it('writes MS-JSON dates and Xero number text; every record passes the same shape checks as the fixtures', async () => {
    const { emu, creds } = await start();
    const token = creds['access_token'];
    const checks = [
      ['Invoices?page=1', XeroInvoicesResponse, XeroInvoice, 'Invoices'],
      ['CreditNotes?page=1', XeroCreditNotesResponse, XeroCreditNote, 'CreditNotes'],
      ['PurchaseOrders?page=1', XeroPurchaseOrdersResponse, XeroPurchaseOrder, 'PurchaseOrders'],
      ['Items', XeroItemsResponse, XeroItem, 'Items'],
      ['Contacts?page=1', XeroContactsResponse, XeroContact, 'Contacts'],
      ['Organisation', XeroOrganisationsResponse, XeroOrganisation, 'Organisations'],
    ] as const;
    for (const [path, envelope, record, key] of checks) {
      const res = await api(emu, path, token);
      const text = await res.text();
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(text).toMatch(/"DateTimeUTC":"\/Date\(\d+\)\/"/);
      const body = envelope.parse(JSON.parse(text)) as Record<string, unknown>;
      const list = body[key] as unknown[];
      expect(list.length, path).toBeGreaterThan(0);
      for (const r of list) record.parse(r);
      if (key !== 'Organisations') expect(text).toMatch(/"UpdatedDateUTC":"\/Date\(\d+\+0000\)\/"/);
      if (key === 'Invoices') {
        expect(text).toMatch(/"Total":\d+\.\d{2}[,}]/);
        expect(text).toMatch(/"UnitAmount":\d+\.\d{4}[,}]/);
        expect(text).toMatch(/"CurrencyRate":\d+\.\d{6}[,}]/);
        expect(text).toMatch(/"DateString":"\d{4}-\d{2}-\d{2}T00:00:00"/);
      }
    }
    // The fixtures pass the very same checks.
    const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES_DIR, 'xero', name), 'utf8')) as unknown;
    for (const i of XeroInvoicesResponse.parse(fixture('invoices_list.json')).Invoices) XeroInvoice.parse(i);
    for (const p of XeroPurchaseOrdersResponse.parse(fixture('purchase_orders_list.json')).PurchaseOrders)
      XeroPurchaseOrder.parse(p);
    for (const i of XeroItemsResponse.parse(fixture('items_list.json')).Items) XeroItem.parse(i);
    for (const i of XeroItemsResponse.parse(fixture('item_get_tracked_inventory.json')).Items) XeroItem.parse(i);
    for (const o of XeroOrganisationsResponse.parse(fixture('organisation_response_raw.json')).Organisations)
      XeroOrganisation.parse(o);
    for (const c of fixture('connections_list.json') as unknown[]) XeroConnection.parse(c);
    XeroTokenResponse.parse(fixture('token_response.json'));
  });

  it('answers single-record GETs by id or number, 404 (HTML) otherwise, and XML without Accept: json', async () => {
    const { emu, creds } = await start();
    const token = creds['access_token'];
    const first = XeroInvoice.parse(
      XeroInvoicesResponse.parse(await (await api(emu, 'Invoices?page=1', token)).json()).Invoices[0],
    );
    for (const key of [first.InvoiceID, first.InvoiceNumber ?? '']) {
      const one = XeroInvoicesResponse.parse(
        await (await api(emu, `Invoices/${encodeURIComponent(key)}`, token)).json(),
      );
      expect(one.Invoices).toHaveLength(1);
    }
    const missing = await api(emu, 'Invoices/00000000-0000-0000-0000-000000000000', token);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect((await api(emu, 'Widgets', token)).status).toBe(404);
    const xml = await api(emu, 'Invoices', token, { accept: 'application/xml' });
    expect(xml.headers.get('content-type')).toContain('text/xml');
  });
});

describe('Xero emulator: deletions and voids', () => {
  it('keeps deleted documents visible as DELETED and voided ones as VOIDED, with their UpdatedDateUTC', async () => {
    const { emu, creds } = await start();
    let deleted = 0;
    let voided = 0;
    for (const spec of tenants) {
      const token = emu.credentialsFor(spec.account)['access_token'];
      const body = XeroInvoicesResponse.parse(
        await (await api(emu, 'Invoices?page=1&pageSize=1000', token, { 'xero-tenant-id': spec.account })).json(),
      );
      const byNumber = new Map(body.Invoices.map((i) => XeroInvoice.parse(i)).map((i) => [i.InvoiceNumber, i]));
      for (const doc of economy.company(spec.id).documents) {
        if (doc.kind !== 'invoice' && doc.kind !== 'bill') continue;
        const s = documentAt(doc, NOW);
        if (!s || (s.status !== 'deleted' && s.status !== 'void')) continue;
        const rendered = byNumber.get(doc.number);
        expect(rendered?.Status).toBe(s.status === 'deleted' ? 'DELETED' : 'VOIDED');
        expect(parseMsDate(rendered?.UpdatedDateUTC)?.utc).toBe(s.updatedAt);
        if (s.status === 'deleted') deleted += 1;
        else voided += 1;
      }
    }
    expect(creds['access_token']).toBeTruthy();
    expect(deleted + voided).toBeGreaterThan(0);
    expect(voided).toBeGreaterThan(0);
  });

  it('serves each document as it stood at the emulator now (setNow)', async () => {
    const { emu, creds } = await start();
    const count = async () =>
      XeroInvoicesResponse.parse(await (await api(emu, 'Invoices?page=1&pageSize=1000', creds['access_token'])).json())
        .Invoices.length;
    const later = await count();
    emu.setNow('2025-06-01T00:00:00.000Z');
    const earlier = await count();
    expect(earlier).toBeLessThan(later);
  });
});

describe('Xero emulator: rate limits', () => {
  it('allows 60 calls a rolling minute per tenant, then 429 minute with Retry-After, counting one violation', async () => {
    const { emu, clock, creds } = await start();
    const token = creds['access_token'];
    for (let i = 1; i <= 60; i++) {
      const res = await api(emu, 'Organisation', token);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-minlimit-remaining')).toBe(String(60 - i));
      expect(res.headers.get('x-daylimit-remaining')).toBe(String(5000 - i));
      expect(res.headers.get('x-appminlimit-remaining')).toBe(String(10_000 - i));
      clock.advance(100);
    }
    const over = await api(emu, 'Organisation', token);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-rate-limit-problem')).toBe('minute');
    expect(over.headers.get('retry-after')).toBe('54');
    expect(await json(over)).toMatchObject({ Title: 'Rate limit exceeded', Status: 429 });
    expect(emu.stats().rateLimitViolations).toBe(1);
    // Another tenant has its own minute.
    const otherToken = emu.credentialsFor(other)['access_token'];
    expect((await api(emu, 'Organisation', otherToken, { 'xero-tenant-id': other })).status).toBe(200);
    clock.advance(54_000);
    expect((await api(emu, 'Organisation', token)).status).toBe(200);
  });

  it('enforces the day limit and the app-wide minute (X-Rate-Limit-Problem day / appminute)', async () => {
    const { emu, clock, creds } = await start({ limits: { perDay: 3, appPerMinute: 5 } });
    for (let i = 0; i < 3; i++) expect((await api(emu, 'Organisation', creds['access_token'])).status).toBe(200);
    const day = await api(emu, 'Organisation', creds['access_token']);
    expect(day.status).toBe(429);
    expect(day.headers.get('x-rate-limit-problem')).toBe('day');
    expect(Number(day.headers.get('retry-after'))).toBe(86_400);
    const otherToken = emu.credentialsFor(other)['access_token'];
    expect((await api(emu, 'Organisation', otherToken, { 'xero-tenant-id': other })).status).toBe(200);
    expect((await api(emu, 'Organisation', otherToken, { 'xero-tenant-id': other })).status).toBe(200);
    const app = await api(emu, 'Organisation', otherToken, { 'xero-tenant-id': other });
    expect(app.status).toBe(429);
    expect(app.headers.get('x-rate-limit-problem')).toBe('appminute');
    expect(emu.stats().rateLimitViolations).toBe(2);
    clock.advance(60_000);
    expect((await api(emu, 'Organisation', otherToken, { 'xero-tenant-id': other })).status).toBe(200);
  });

  it('refuses a call over the in-flight allowance of a tenant (concurrent limit)', async () => {
    const { emu, creds } = await start({
      faults: createFaultInjector(1, 'slow=1'),
      slowMs: 300,
      limits: { concurrent: 2 },
    });
    const results = await Promise.all([1, 2, 3].map(() => api(emu, 'Organisation', creds['access_token'])));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const refused = results.find((r) => r.status === 429);
    expect(refused?.headers.get('x-rate-limit-problem')).toBe('concurrent');
    expect(emu.stats().rateLimitViolations).toBe(1);
  });

  it('does not count injected 429s as violations', async () => {
    const { emu, creds } = await start({ faults: createFaultInjector(1, 'rateLimitStorm=1') });
    const res = await api(emu, 'Organisation', creds['access_token']);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(emu.stats()).toMatchObject({ rateLimitViolations: 0, faultsInjected: 1 });
  });
});

describe('Xero emulator: faults', () => {
  it('injects server errors, expired tokens, cut bodies and truncated JSON', async () => {
    const cases = [
      ['serverError=1', 500],
      ['expiredToken=1', 401],
    ] as const;
    for (const [spec, status] of cases) {
      const { emu, creds } = await start({ faults: createFaultInjector(1, spec) });
      expect((await api(emu, 'Invoices?page=1', creds['access_token'])).status).toBe(status);
      await emu.close();
      emulator = undefined;
    }
    const cut = await start({ faults: createFaultInjector(1, 'dropMidBody=1') });
    await expect(api(cut.emu, 'Invoices?page=1', cut.creds['access_token']).then((r) => r.text())).rejects.toThrow();
    await cut.emu.close();
    emulator = undefined;
    const truncated = await start({ faults: createFaultInjector(1, 'truncatedJson=1') });
    const text = await (await api(truncated.emu, 'Invoices?page=1', truncated.creds['access_token'])).text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('renames TotalTax to TaxTotal from driftFrom on, and malformed records go to review', async () => {
    const faults = createFaultInjector(1, 'schemaDrift=1', { driftFrom: '2026-01-01' });
    const { emu, creds } = await start({ faults });
    const body = XeroInvoicesResponse.parse(
      await (await api(emu, 'Invoices?page=1&pageSize=1000', creds['access_token'])).json(),
    );
    const ctx = {
      platform: 'xero' as const,
      connectionId: 'c',
      envelopeId: 'e',
      mappingVersion: 'v',
      timeZone: 'UTC',
      baseCurrency: tenants[0]?.currency ?? 'USD',
    };
    let drifted = 0;
    for (const raw of body.Invoices as Record<string, unknown>[]) {
      const late = String(raw['DateString']) >= '2026-01-01';
      expect('TaxTotal' in raw).toBe(late);
      expect('TotalTax' in raw).toBe(!late);
      const result = mappers['invoices']?.(raw, ctx);
      expect(result && 'review' in result).toBe(late);
      if (late) drifted += 1;
    }
    expect(drifted).toBeGreaterThan(0);
    // Credit notes and purchase orders of the same tenant drift too.
    expect(emu.stats().faultsInjected).toBeGreaterThanOrEqual(drifted);

    await emu.close();
    emulator = undefined;
    const bad = await start({ faults: createFaultInjector(2, 'malformedRecord=1') });
    const broken = XeroInvoicesResponse.parse(
      await (await api(bad.emu, 'Invoices?page=1&pageSize=1000', bad.creds['access_token'])).json(),
    );
    for (const raw of broken.Invoices) {
      const result = mappers['invoices']?.(raw, ctx);
      expect(result && 'review' in result).toBe(true);
    }
  });
});
