import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/registry.js';
import type { CanonicalRecord } from '../../src/canonical/index.js';
import { xeroGuid } from '../../src/connectors/xero/emulator/ids.js';
import { type CompanySpec, createFaultInjector, documentAt, type Economy } from '../../src/emulation/economy/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { normalizeEnvelopes } from '../../src/pipeline/normalize.js';
import { normalizeEnvFor } from '../../src/pipeline/normalizer.js';
import type { Discrepancy, ReconcileReport } from '../../src/pipeline/reconcile.js';
import type { AbsenceSweep } from '../../src/ports/canonical-store.js';
import type { Store } from '../../src/ports/store.js';
import {
  failures,
  type Rig,
  rateLimitViolations,
  reconcileSettled,
  startRig,
  syncUntilClean,
} from './reconcile-rig.js';

// Acceptance of issue 4: after a full and an incremental sync through the whole embedded pipeline
// (runner → raw store → queue → normalizer → canonical store) against in-process emulators of
// every registered platform, the canonical store holds exactly each source's live records.

const DAY_MS = 86_400_000;
const minus = (at: string, days: number) => new Date(Date.parse(at) - days * DAY_MS).toISOString();

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The economy document behind a reconciled source id (Xero ids are GUIDs of the document id). */
function documentOf(economy: Economy, spec: CompanySpec, sourceId: string) {
  for (const doc of economy.company(spec.id).documents) {
    if (spec.platform !== 'xero') {
      if (doc.id === sourceId) return doc;
      continue;
    }
    for (const what of ['invoice', 'credit-note', 'purchase-order']) {
      if (xeroGuid(spec.account, what, doc.id) === sourceId) return doc;
    }
  }
  return undefined;
}

/** Every record reconciliation put in "review" is a document the emulator corrupted on purpose. */
function expectReviewsAreInjectedRecordFaults(r: Rig, report: ReconcileReport, seed: number, faults: string) {
  const injector = createFaultInjector(seed, faults);
  const byId = new Map(r.companies.map((c) => [c.id, c]));
  for (const d of report.samples.review ?? []) {
    const spec = byId.get(d.connectionId) as CompanySpec;
    const doc = documentOf(r.economy, spec, d.sourceId);
    expect(doc, `${d.connectionId} ${d.kind} ${d.sourceId} is a document`).toBeDefined();
    if (doc) expect(injector.record(spec.id, doc.id, doc.date), `${d.connectionId} ${doc.id}`).not.toBeNull();
  }
}

/** Every canonical record of a store: id → what deletion and versioning decided. */
async function canonicalState(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const batch of store.canonical.scan({ includeDeleted: true }, 5000)) {
    for (const r of batch) {
      const status = 'status' in r ? r.status.value : '-';
      out.set(r.id, `${r.deleted}|${r.source.sourceUpdatedAt}|${status}|${r.provenance.envelopeId}`);
    }
  }
  return out;
}

/**
 * Re-normalizes the whole raw store into an empty store, in envelope-id order (not fetch order):
 * records first, then every id-sweep claim (a claim only marks records older than itself, so
 * applying them last makes the result independent of the order envelopes are read in).
 */
async function replayInto(r: Rig, target: Store): Promise<void> {
  const env = normalizeEnvFor(r.rt);
  const sweeps: AbsenceSweep[] = [];
  for await (const batch of r.rt.store.raw.scan({}, 500)) {
    const result = await normalizeEnvelopes(batch, env);
    await target.canonical.upsert(result.records);
    sweeps.push(...result.sweeps);
  }
  for (const sweep of sweeps) await target.canonical.markAbsent(sweep);
}

function expectNoFailures(report: ReconcileReport) {
  expect(failures(report)).toEqual({});
  expect(report.ok).toBe(true);
}

describe('reconciliation of the canonical store with the emulators', () => {
  it('50 companies, default faults: a full then an incremental sync leave nothing missing, extra, stale or duplicated', async () => {
    const seed = 7;
    const faults = 'default';
    rig = await startRig({ companies: 50, seed, volumeScale: 0.01, faults, now: '2026-11-25T12:00:00.000Z' });
    const end = rig.economy.endAt;
    expect(rig.companies).toHaveLength(rig.economy.companies.filter((c) => rig?.platforms.includes(c.platform)).length);

    const full = await syncUntilClean(rig, 4);
    expect(full.at(-1)?.errors).toEqual([]);
    rig.setNow(end);
    const incremental = await syncUntilClean(rig, 4);
    expect(incremental.at(-1)?.errors).toEqual([]);

    const { first, last, resavedDuringSync } = await reconcileSettled(rig, end);
    // Right after the incremental sync only records the emulators re-saved mid-read may lag.
    expect(first.totals.stale).toBe(resavedDuringSync);
    expect({ ...failures(first), stale: undefined }).toEqual({ stale: undefined });
    expectNoFailures(last);

    const totals = last.totals;
    expect(totals.truth).toBeGreaterThan(5000);
    expect(totals.matched + totals.review).toBe(totals.truth);
    // Records no mapper could read (injected schema drift and malformed records) wait in review.
    expect(totals.review).toBeGreaterThan(0);
    expectReviewsAreInjectedRecordFaults(rig, last, seed, faults);
    for (const p of rig.platforms) expect(Object.keys(last.platforms[p] ?? {}).length, p).toBeGreaterThan(0);
    expect(rateLimitViolations(rig)).toEqual(Object.fromEntries(rig.platforms.map((p) => [p, 0])));
  });

  it('deletions and voids on every platform reach the canonical store, and replaying the raw store reproduces them', async () => {
    // A short, busy period so documents seen live at the first sync are deleted before the second.
    const seed = 6;
    const at = { startDate: '2026-06-01', days: 90 };
    rig = await startRig({
      companies: 12,
      seed,
      volumeScale: 0.5,
      faults: 'none',
      now: '2026-08-10T12:00:00.000Z',
      ...at,
    });
    const end = rig.economy.endAt;
    const t1 = minus(end, 20);
    expect(t1).toBe('2026-08-10T12:00:00.000Z');
    expect((await syncUntilClean(rig, 3)).at(-1)?.errors).toEqual([]);
    rig.setNow(end);
    expect((await syncUntilClean(rig, 3)).at(-1)?.errors).toEqual([]);
    const { last } = await reconcileSettled(rig, end);
    expectNoFailures(last);

    // Documents live at the first sync and deleted by the second must be stored deleted.
    const stored = new Map<string, CanonicalRecord>();
    for await (const batch of rig.rt.store.canonical.scan({ includeDeleted: true }, 5000)) {
      for (const r of batch) stored.set(`${r.source.connectionId}|${r.source.sourceId}`, r);
    }
    const deletedPerPlatform: Record<string, number> = {};
    for (const spec of rig.companies) {
      for (const doc of rig.economy.company(spec.id).documents) {
        const before = documentAt(doc, t1);
        const after = documentAt(doc, end);
        if (!before || before.status === 'deleted' || after?.status !== 'deleted') continue;
        const what =
          doc.kind === 'credit_note' ? 'credit-note' : doc.kind === 'purchase_order' ? 'purchase-order' : 'invoice';
        const sourceId = spec.platform === 'xero' ? xeroGuid(spec.account, what, doc.id) : doc.id;
        const record = stored.get(`${spec.id}|${sourceId}`);
        expect(record?.deleted, `${spec.platform} ${spec.id} ${doc.kind} ${doc.id}`).toBe(true);
        deletedPerPlatform[spec.platform] = (deletedPerPlatform[spec.platform] ?? 0) + 1;
      }
    }
    for (const p of rig.platforms) expect(deletedPerPlatform[p] ?? 0, `deletions seen on ${p}`).toBeGreaterThan(0);
    // Shopify shows no deletions: its deleted orders were found absent by the order id sweep.
    if (rig.platforms.includes('shopify')) {
      const swept = [...stored.values()].filter(
        (r) => r.kind === 'sales_order' && r.deleted && r.status.original === 'absent from id sweep',
      );
      expect(swept.length).toBe(deletedPerPlatform['shopify']);
    }

    // Voided and cancelled documents are stored void / cancelled (the status count above is 0).
    const ended: Record<string, number> = {};
    for (const r of stored.values()) {
      if (r.deleted || !('status' in r) || !['void', 'cancelled'].includes(r.status.value)) continue;
      ended[r.source.platform] = (ended[r.source.platform] ?? 0) + 1;
    }
    for (const p of rig.platforms) expect(ended[p] ?? 0, `void or cancelled on ${p}`).toBeGreaterThan(0);
    const statusSamples: Discrepancy[] = last.samples.status ?? [];
    expect(statusSamples).toEqual([]);

    // The deletions live in the raw store too: a replay into an empty store gives the same rows.
    const dir = mkdtempSync(join(tmpdir(), 'lp-replay-'));
    const replayed = await openStore(`sqlite://${join(dir, 'store.db')}`, {
      logger: silentLogger(),
      clock: rig.rt.clock,
    });
    try {
      await replayInto(rig, replayed);
      const want = await canonicalState(rig.rt.store);
      const got = await canonicalState(replayed);
      expect(got.size).toBe(want.size);
      const differing = [...want].filter(([id, v]) => got.get(id) !== v).map(([id, v]) => [id, v, got.get(id)]);
      expect(differing).toEqual([]);
    } finally {
      await replayed.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
