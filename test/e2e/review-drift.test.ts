import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckdbEngine } from '../../src/adapters/analytics/duckdb/engine.js';
import { createDuckdbParquetFiles } from '../../src/adapters/analytics/duckdb/parquet-files.js';
import { fxRatesFromRows } from '../../src/analytics/fx.js';
import { exportLake } from '../../src/analytics/lake.js';
import { weekId } from '../../src/analytics/periods.js';
import { computeCellStats } from '../../src/analytics/run-signals.js';
import { add, cmp, round, type SalesOrder } from '../../src/canonical/index.js';
import { economyFxRows } from '../../src/cli/commands/signals.js';
import { type RunningEmulator, startShopifyEmulator } from '../../src/connectors/shopify/emulator/server.js';
import { createShopifyConnector, SHOPIFY_MAPPING_VERSION } from '../../src/connectors/shopify/index.js';
import { mondayOf } from '../../src/emulation/economy/calendar.js';
import {
  createEconomy,
  createFaultInjector,
  type DocumentState,
  documentAt,
  type Economy,
  type FaultInjector,
} from '../../src/emulation/economy/index.js';
import { weeklyTruth } from '../../src/emulation/ground-truth.js';
import { startNormalizer } from '../../src/pipeline/normalizer.js';
import type { ReplayDiff } from '../../src/pipeline/replay.js';
import { runScheduler } from '../../src/pipeline/scheduler.js';
import type { DriftAlert, MappingRule } from '../../src/ports/review-workflow.js';
import { createWorkflowHooks } from '../../src/review/hooks.js';
import type { RulePreview } from '../../src/review/mapping-rules.js';
import { silentDeps } from '../integration/analytics/deps.js';
import {
  apiWithUsers,
  bearer,
  connectionFor,
  drained,
  openTestRuntime,
  type TestRuntime,
  type Tokens,
} from '../integration/review/harness.js';

// The acceptance path of the review workflow: Shopify shops synced through the real pipeline while
// the emulator renames `total_price` to `total_price_amount` on part of the orders from driftFrom on.
const SEED = 5;
const economy: Economy = createEconomy({ seed: SEED, companies: 3, platforms: ['shopify'], volumeScale: 0.05 });
const shops = economy.companiesOn('shopify');
const FAULTS = 'schemaDrift=0.3';

/** Every live order of every shop at the emulator's clock, with whether the emulator drifts it. */
function truth(faults: FaultInjector) {
  const orders = new Map<string, { state: DocumentState; drifted: boolean }>();
  for (const shop of shops) {
    for (const doc of economy.company(shop.id).documents) {
      if (doc.kind !== 'sales_order') continue;
      const state = documentAt(doc, economy.endAt);
      if (!state || state.status === 'deleted') continue;
      orders.set(`${shop.id}:${doc.id}`, {
        state,
        drifted: faults.record(shop.id, doc.id, doc.date) === 'schema_drift',
      });
    }
  }
  return orders;
}

let rt: TestRuntime;
let emulator: RunningEmulator;
let expected: ReturnType<typeof truth>;
let driftedKeys: Set<string>;
let api: Awaited<ReturnType<typeof apiWithUsers>>;
let tokens: Tokens;

async function call<T>(method: 'GET' | 'POST' | 'DELETE', url: string, role: keyof Tokens, payload?: unknown) {
  const res = await api.app.inject({
    method,
    url,
    headers: bearer(tokens[role]),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: res.json() as T };
}

beforeAll(async () => {
  const faults = createFaultInjector(SEED, FAULTS);
  expected = truth(createFaultInjector(SEED, FAULTS));
  driftedKeys = new Set([...expected].filter(([, v]) => v.drifted).map(([k]) => k));
  emulator = await startShopifyEmulator({ economy, faults, bucket: { size: 1000, leakPerSecond: 1000 } });
  rt = await openTestRuntime();
  for (const shop of shops) {
    const sealed = rt.secrets.seal(emulator.credentialsFor(shop.account));
    await rt.store.connections.upsert(connectionFor(shop, emulator.shopUrl(shop.account), sealed));
  }
  const connector = createShopifyConnector({ pageSize: 100, bucket: { capacity: 1000, refillPerSecond: 1000 } });
  const normalizer = startNormalizer(rt, { hooks: createWorkflowHooks(rt.store.workflow, { clock: rt.clock }) });
  try {
    const reports = await runScheduler(rt, { concurrency: 3, once: true, loadConnector: async () => connector });
    expect(reports.flatMap((r) => r.streams.map((s) => s.error)).filter(Boolean)).toEqual([]);
    await drained(rt);
  } finally {
    await normalizer.stop();
  }
  api = await apiWithUsers(rt);
  tokens = api.tokens;
}, 120_000);

afterAll(async () => {
  await api?.app.close();
  await emulator?.close();
  await rt?.close();
});

const keyOf = (connectionId: string, externalId: unknown) => `${connectionId}:${String(externalId)}`;

describe('schema drift on the Shopify emulator, fixed by an operator through the API', () => {
  it('puts every drifted order in review, and raises drift alerts naming the field', async () => {
    expect(driftedKeys.size).toBeGreaterThan(10);
    const items = await rt.store.review.list({ status: 'open', limit: 100_000 });
    // Nothing else is in review: clean records raise no suspicious-record flags.
    expect(new Set(items.map((i) => `${i.reason}/${i.field}`))).toEqual(new Set(['LP_INPUT_SCHEMA/total_price']));
    expect(new Set(items.map((i) => keyOf(i.connectionId, i.detail['externalId'])))).toEqual(driftedKeys);

    const alerts = await rt.store.workflow.drift.alerts();
    const byField = Object.fromEntries(alerts.map((a) => [`${a.change}:${a.path}`, a]));
    expect(Object.keys(byField).sort()).toEqual(['added:total_price_amount', 'removed:total_price']);
    for (const a of alerts) {
      expect(a).toMatchObject({ platform: 'shopify', object: 'orders', status: 'open', affected: driftedKeys.size });
      const [first] = await rt.store.raw.get([a.firstEnvelopeId]);
      expect(first && driftedKeys.has(keyOf(first.connectionId, first.externalId))).toBe(true);
    }
    const counts = await rt.store.canonical.counts();
    expect(counts['sales_order']?.live).toBe(expected.size - driftedKeys.size);
  });

  it('an operator previews and saves a mapping rule, replays the affected records, and review resolves', async () => {
    const alerts = await call<DriftAlert[]>('GET', '/drift/alerts?status=open', 'operator');
    expect(alerts.status).toBe(200);
    const removed = alerts.body.find((a) => a.change === 'removed' && a.path === 'total_price');
    const added = alerts.body.find((a) => a.change === 'added');
    expect(added?.path).toBe('total_price_amount');
    if (!removed) throw new Error('no drift alert for total_price');

    const rule = {
      scope: { platform: 'shopify', object: 'orders' },
      sourceField: 'total_price_amount',
      targetField: 'total_price',
      transform: { kind: 'rename' },
      note: 'Shopify renamed total_price (drift alert)',
    };
    const preview = await call<RulePreview>('POST', '/mappings/preview', 'operator', { rule });
    expect(preview.status).toBe(200);
    expect(preview.body.version).toBe(1);
    expect(preview.body.diff.counts).toEqual({
      added: driftedKeys.size,
      changed: 0,
      removed: 0,
      opened: 0,
      resolved: driftedKeys.size,
    });
    expect(preview.body.diff.added.every((r) => r.mappingVersion === `${SHOPIFY_MAPPING_VERSION}+rules.1`)).toBe(true);
    // Previewing changed nothing.
    expect((await rt.store.review.list({ status: 'open', limit: 100_000 })).length).toBe(driftedKeys.size);

    const unpreviewed = await call('POST', '/mappings', 'operator', {
      rule: { ...rule, note: 'changed after the preview' },
      previewId: preview.body.previewId,
    });
    expect(unpreviewed.status).toBe(400);
    const saved = await call<MappingRule>('POST', '/mappings', 'operator', { rule, previewId: preview.body.previewId });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ version: 1, status: 'active', sourceField: 'total_price_amount' });

    const dry = await call<ReplayDiff>('POST', '/replay', 'operator', {
      selection: { driftAlertId: removed.id },
      dryRun: true,
    });
    expect(dry.status).toBe(200);
    expect(dry.body.counts).toMatchObject({ added: driftedKeys.size, changed: 0, removed: 0 });
    const applied = await call<ReplayDiff>('POST', '/replay', 'operator', {
      selection: { driftAlertId: removed.id },
      dryRun: false,
    });
    expect(applied.body.counts).toEqual(dry.body.counts);

    expect(await rt.store.review.list({ status: 'open' })).toEqual([]);
    const resolved = await rt.store.review.list({ status: 'resolved', limit: 100_000 });
    expect(resolved).toHaveLength(driftedKeys.size);
    const audit = await rt.store.workflow.audit.list({ limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['rule.add', 'replay.apply']));
  });

  it('the canonical records now match the economy exactly, drifted ones stamped with the rule version', async () => {
    let orders: SalesOrder[] = [];
    for await (const batch of rt.store.canonical.scan({ kind: 'sales_order' }))
      orders = orders.concat(batch as SalesOrder[]);
    expect(orders).toHaveLength(expected.size);
    for (const o of orders) {
      const key = keyOf(o.source.connectionId, o.source.sourceId);
      const truthOf = expected.get(key);
      if (!truthOf) throw new Error(`order ${key} is not in the economy`);
      const { state } = truthOf;
      expect(o.total).toBe(state.doc.total);
      expect(o.subtotal).toBe(state.doc.subtotal);
      expect(o.taxTotal).toBe(state.doc.taxTotal);
      expect(o.currency).toBe(state.doc.currency);
      expect(o.orderDate).toBe(state.doc.date);
      expect(o.number).toBe(state.doc.number);
      expect(cmp(add(o.currentTotal, o.refundedTotal), state.total)).toBe(0);
      expect(o.provenance.mappingVersion).toBe(
        driftedKeys.has(key) ? `${SHOPIFY_MAPPING_VERSION}+rules.1` : SHOPIFY_MAPPING_VERSION,
      );
    }
  });

  it('replay with an unchanged mapping version is a no-op, and replaying again changes nothing', async () => {
    for (const shop of shops) {
      const again = await call<ReplayDiff>('POST', '/replay', 'operator', {
        selection: { connectionId: shop.id },
        dryRun: false,
      });
      expect(again.status).toBe(200);
      expect(again.body.envelopes).toBeGreaterThan(0);
      expect(again.body.counts).toEqual({ added: 0, changed: 0, removed: 0, opened: 0, resolved: 0 });
      expect(again.body.unchanged).toBeGreaterThan(0);
    }
    const alert = (await rt.store.workflow.drift.alerts()).find((a) => a.change === 'removed');
    const twice = await call<ReplayDiff>('POST', '/replay', 'operator', {
      selection: { driftAlertId: alert?.id },
      dryRun: true,
    });
    expect(twice.body.counts).toEqual({ added: 0, changed: 0, removed: 0, opened: 0, resolved: 0 });
  });

  it('the signals computed afterwards equal the ground truth in every week the drift touched', async () => {
    // Three shops are below any disclosure threshold, so this compares the metric SQL's exact cell
    // statistics (what every published signal is computed from) for the all-companies cell.
    const lakeDir = mkdtempSync(join(tmpdir(), 'lp-drift-lake-'));
    const files = await createDuckdbParquetFiles(silentDeps);
    const engine = await createDuckdbEngine({}, silentDeps);
    try {
      await exportLake({
        store: rt.store,
        files,
        lakeDir,
        fx: fxRatesFromRows(economyFxRows(economy), 'economy'),
        reportingCurrency: economy.config.reportingCurrency,
      });
      const stats = await computeCellStats(engine, lakeDir);
      const driftedWeeks = new Set([...driftedKeys].map((k) => mondayOf(expected.get(k)?.state.doc.date ?? '')));
      expect(driftedWeeks.size).toBeGreaterThan(3);
      const truthByWeek = new Map<string, { count: number; total: string }>();
      for (const shop of shops) {
        for (const row of weeklyTruth(economy, shop.id)) {
          const t = truthByWeek.get(row.weekStart) ?? { count: 0, total: '0' };
          truthByWeek.set(row.weekStart, {
            count: t.count + row.orderCount,
            total: add(t.total, row.orderTotalReporting),
          });
        }
      }
      for (const week of driftedWeeks) {
        const truthOf = truthByWeek.get(week);
        const stat = stats.find(
          (s) => s.measure === 'order' && s.grain === 'week' && s.dim === 'all' && s.periodId === weekId(week),
        );
        expect({ week, docs: stat?.docs, amount: stat ? round(stat.amount, 2) : null }).toEqual({
          week,
          docs: String(truthOf?.count),
          amount: round(truthOf?.total ?? '0', 2),
        });
      }
    } finally {
      await engine.close();
      await files.close();
      rmSync(lakeDir, { recursive: true, force: true });
    }
  });
});
