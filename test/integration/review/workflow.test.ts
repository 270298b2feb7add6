import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawEnvelope, SalesOrder } from '../../../src/canonical/index.js';
import { makeEnvelope } from '../../../src/connectors/kit/envelope.js';
import { SHOPIFY_MAPPING_VERSION } from '../../../src/connectors/shopify/index.js';
import { type ReplayDiff, replay } from '../../../src/pipeline/replay.js';
import type { ReviewItem } from '../../../src/ports/review-store.js';
import type { CorrectionResult } from '../../../src/review/corrections.js';
import { createWorkflowHooks } from '../../../src/review/hooks.js';
import type { RulePreview } from '../../../src/review/mapping-rules.js';
import { FIXTURES_DIR } from '../../support/paths.js';
import { apiWithUsers, bearer, openTestRuntime, type TestRuntime, type Tokens } from './harness.js';

// Corrections, review actions and replay on a handful of real Shopify order payloads (the
// shopify.dev example order, varied), through the API as an operator uses it.
const CONNECTION = 'c-fixture';
const order = (
  JSON.parse(readFileSync(join(FIXTURES_DIR, 'shopify/orders_list.json'), 'utf8')) as {
    orders: Record<string, unknown>[];
  }
).orders[0] as Record<string, unknown>;

function envelopeOf(payload: Record<string, unknown>): RawEnvelope {
  return makeEnvelope({
    platform: 'shopify',
    connectionId: CONNECTION,
    account: 'fixture.myshopify.com',
    object: 'orders',
    externalId: String(payload['id']),
    sourceVersion: String(payload['updated_at']),
    sourceUpdatedAt: new Date(String(payload['updated_at'])).toISOString(),
    fetchedAt: '2026-06-01T00:00:00.000Z',
    contentType: 'application/json',
    payload: JSON.stringify(payload),
    pageHash: null,
    runId: 'run-1',
  });
}

const variant = (i: number, over: Record<string, unknown> = {}) => ({
  ...order,
  id: 1000 + i,
  name: `#${1000 + i}`,
  updated_at: `2026-05-0${i}T10:00:00-04:00`,
  ...over,
});
const clean = [1, 2, 3].map((i) => envelopeOf(variant(i)));
const badTotal = envelopeOf(variant(4, { total_price: '698.94' }));
const commaTotal = envelopeOf(variant(5, { total_price: '598,94' }));
const all = [...clean, badTotal, commaTotal];
const recordId = (i: number) => `sales_order:${CONNECTION}:${1000 + i}`;

let rt: TestRuntime;
let api: Awaited<ReturnType<typeof apiWithUsers>>;
let tokens: Tokens;

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: unknown,
  role: keyof Tokens = 'operator',
) {
  const res = await api.app.inject({
    method,
    url,
    headers: bearer(tokens[role]),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: res.json() as T };
}

beforeAll(async () => {
  rt = await openTestRuntime();
  await rt.store.connections.upsert({
    id: CONNECTION,
    platform: 'shopify',
    account: 'fixture.myshopify.com',
    baseUrl: 'http://127.0.0.1:9/shops/fixture',
    company: {
      legalName: 'Fixture Shop',
      naics: '44',
      country: 'US',
      baseCurrency: 'USD',
      timeZone: 'America/New_York',
      sizeBand: 'small',
    },
    sealedCredentials: null,
    schedule: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  await rt.store.raw.put(all);
  // A first run is a replay of everything into an empty canonical store.
  const hooks = createWorkflowHooks(rt.store.workflow, { clock: rt.clock, drift: false });
  const first = await replay(rt, { connectionId: CONNECTION }, { dryRun: false, by: 'setup', hooks });
  expect(first.counts).toMatchObject({ added: 4, opened: 2 });
  api = await apiWithUsers(rt);
  tokens = api.tokens;
});

afterAll(async () => {
  await api?.app.close();
  await rt?.close();
});

describe('review workflow on Shopify fixtures', () => {
  it('flags the suspicious total and sends the decimal-comma total to review, grouped by kind', async () => {
    const groups = await call<{ reason: string; field: string | null; open: number }[]>('GET', '/review/groups');
    expect(groups.body.map((g) => [g.reason, g.field, g.open]).sort()).toEqual([
      ['LP_INPUT_SCHEMA', 'total_price', 1],
      ['LP_SUSPICIOUS_TOTAL', 'total', 1],
    ]);
    const items = await call<ReviewItem[]>('GET', '/review/items?reason=LP_SUSPICIOUS_TOTAL');
    const shown = await call<{ envelope: RawEnvelope; records: SalesOrder[] }>(
      'GET',
      `/review/items/${items.body[0]?.id}`,
    );
    expect(shown.body.envelope.payload).toBe(badTotal.payload);
    expect(shown.body.records.map((r) => r.total)).toEqual(['698.94']);
  });

  it('a correction is an audited overlay that leaves the raw payload alone and resolves the flag', async () => {
    const res = await call<CorrectionResult>('POST', '/corrections', {
      recordId: recordId(4),
      field: 'total',
      value: '598.94',
      reason: 'typo in the source: confirmed with the shop',
    });
    expect(res.status).toBe(201);
    expect(res.body.correction).toMatchObject({ oldValue: '698.94', value: '598.94', status: 'active' });
    expect(res.body.record).toMatchObject({
      total: '598.94',
      provenance: { mappingVersion: `${SHOPIFY_MAPPING_VERSION}+corrected` },
    });
    expect(res.body.replay.counts).toMatchObject({ changed: 1, resolved: 1 });
    const [raw] = await rt.store.raw.get([badTotal.id]);
    expect(raw?.payload).toBe(badTotal.payload);
    const audit = await rt.store.workflow.audit.list({ action: 'correction.add' });
    expect(audit[0]).toMatchObject({
      target: recordId(4),
      detail: {
        field: 'total',
        oldValue: '698.94',
        value: '598.94',
        reason: 'typo in the source: confirmed with the shop',
      },
    });
    expect(await rt.store.review.list({ reason: 'LP_SUSPICIOUS_TOTAL', status: 'open' })).toEqual([]);
  });

  it('the correction survives replay; replay is then a no-op, and reverting restores the source value', async () => {
    const again = await call<ReplayDiff>('POST', '/replay', { selection: { connectionId: CONNECTION }, dryRun: false });
    expect(again.body.counts).toEqual({ added: 0, changed: 0, removed: 0, opened: 0, resolved: 0 });
    const [kept] = await rt.store.canonical.get([recordId(4)]);
    expect(kept).toMatchObject({ total: '598.94' });

    const id = (await rt.store.workflow.corrections.list({ recordId: recordId(4) }))[0]?.id;
    const reverted = await call<CorrectionResult>('DELETE', `/corrections/${id}`);
    expect(reverted.status).toBe(200);
    expect(reverted.body.record).toMatchObject({
      total: '698.94',
      provenance: { mappingVersion: SHOPIFY_MAPPING_VERSION },
    });
    // The suspicious total is back, so its flag is reopened.
    expect(reverted.body.replay.counts).toMatchObject({ changed: 1, opened: 1 });
  });

  it('a decimal-comma rule, previewed then saved, brings the failed record in; replay resolves its item', async () => {
    const rule = {
      scope: { connectionId: CONNECTION, object: 'orders' },
      sourceField: 'total_price',
      targetField: 'total_price',
      transform: { kind: 'decimal_comma' },
      note: 'this shop writes decimal commas',
    };
    const preview = await call<RulePreview>('POST', '/mappings/preview', { rule });
    expect(preview.status).toBe(200);
    expect(preview.body.rule.scope).toEqual({ platform: 'shopify', connectionId: CONNECTION, object: 'orders' });
    expect(preview.body.diff.counts).toMatchObject({ added: 1, changed: 0, removed: 0, resolved: 1 });
    const saved = await call<{ version: number }>('POST', '/mappings', { rule, previewId: preview.body.previewId });
    expect(saved.status).toBe(201);
    const items = await rt.store.review.list({ reason: 'LP_INPUT_SCHEMA', status: 'open' });
    const applied = await call<ReplayDiff>('POST', '/replay', {
      selection: { reviewItemIds: items.map((i) => i.id) },
      dryRun: false,
    });
    expect(applied.body.counts).toMatchObject({ added: 1, resolved: 1 });
    const [fixed] = await rt.store.canonical.get([recordId(5)]);
    expect(fixed).toMatchObject({
      total: '598.94',
      provenance: { mappingVersion: `${SHOPIFY_MAPPING_VERSION}+rules.${saved.body.version}` },
    });
  });

  it('retiring the rule and replaying withdraws the record back to review', async () => {
    const [rule] = await rt.store.workflow.rules.list({ status: 'active' });
    expect((await call('DELETE', `/mappings/${rule?.id}`)).status).toBe(200);
    const dry = await call<ReplayDiff>('POST', '/replay', { selection: { connectionId: CONNECTION }, dryRun: true });
    expect(dry.body.counts).toMatchObject({ added: 0, changed: 0, removed: 1, opened: 1 });
    expect(dry.body.removed[0]).toMatchObject({ id: recordId(5), reason: 'LP_INPUT_SCHEMA' });
    await call<ReplayDiff>('POST', '/replay', { selection: { connectionId: CONNECTION }, dryRun: false });
    expect(await rt.store.canonical.get([recordId(5)])).toEqual([]);
  });

  it('resolves and ignores a whole group at once, each change audited', async () => {
    await rt.store.review.add(
      clean.map((e) => ({
        reason: 'LP_DEAD_LETTER',
        message: 'dead-lettered after 5 attempts',
        platform: 'shopify',
        connectionId: CONNECTION,
        object: 'orders',
        envelopeId: e.id,
        detail: { messageId: 'm1' },
      })),
      '2026-06-02T00:00:00.000Z',
    );
    const res = await call<{ updated: number }>('POST', '/review/items/status', {
      group: { reason: 'LP_DEAD_LETTER', platform: 'shopify', object: 'orders', field: null },
      status: 'ignored',
      note: 'redelivered fine',
    });
    expect(res.body.updated).toBe(3);
    expect((await rt.store.workflow.audit.list({ action: 'review.ignore' })).length).toBe(3);
    // Reopened, a replay of those envelopes resolves them: they map cleanly.
    const ids = (await rt.store.review.list({ reason: 'LP_DEAD_LETTER' })).map((i) => i.id);
    await call('POST', '/review/items/status', { ids, status: 'open', note: null });
    const r = await call<ReplayDiff>('POST', '/replay', { selection: { reviewItemIds: ids }, dryRun: false });
    expect(r.body.counts).toMatchObject({ resolved: 3, added: 0, changed: 0 });
  });
});
