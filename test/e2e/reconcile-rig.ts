import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorEndpoints } from '../../src/cli/demo-steps.js';
import { registerDemoConnections } from '../../src/cli/demo-steps.js';
import { loadConfig } from '../../src/config/load.js';
import type { ConnectorDefinition } from '../../src/connectors/kit/define.js';
import { startNetsuiteEmulator } from '../../src/connectors/netsuite/emulator/server.js';
import { startQuickbooksEmulator } from '../../src/connectors/quickbooks/emulator/server.js';
import { createQuickbooksConnector } from '../../src/connectors/quickbooks/index.js';
import { connectors, loadConnector } from '../../src/connectors/registry.js';
import { startShopifyEmulator } from '../../src/connectors/shopify/emulator/server.js';
import { startXeroEmulator } from '../../src/connectors/xero/emulator/server.js';
import {
  API_PLATFORMS,
  type ApiPlatform,
  type CompanySpec,
  createEconomy,
  createFaultInjector,
  type Economy,
  type FaultInjector,
} from '../../src/emulation/economy/index.js';
import type { LiveRecord } from '../../src/emulation/live-record.js';
import { createRuntime, type OpenRuntime } from '../../src/main.js';
import { rawQueueGate } from '../../src/pipeline/backpressure.js';
import { RAW_TOPIC } from '../../src/pipeline/context.js';
import { reviewDeadLetters, startNormalizer } from '../../src/pipeline/normalizer.js';
import { FAILING_COUNTS, type ReconcileReport, reconcileConnections } from '../../src/pipeline/reconcile.js';
import type { SyncReport } from '../../src/pipeline/runner.js';
import { runScheduler } from '../../src/pipeline/scheduler.js';
import { waitFor } from '../support/deadline.js';

/** What the rig needs of an in-process emulator. */
export interface RigEmulator {
  readonly baseUrl: string;
  credentialsFor(account: string): Record<string, string>;
  shopUrl?(account: string): string;
  setNow(at: string): void;
  stats(): { requests: number; rateLimitViolations: number; faultsInjected: number };
  liveRecords(account: string): LiveRecord[];
  close(): Promise<void>;
}

export interface RigOptions {
  readonly companies: number;
  readonly seed: number;
  readonly volumeScale: number;
  readonly faults: string;
  /** The emulators' data clock for the first sync. */
  readonly now: string;
  /** Platforms to sync (default: every registered one). */
  readonly platforms?: readonly ApiPlatform[];
  /** Economy period (default: the economy's two years). */
  readonly startDate?: string;
  readonly days?: number;
}

export interface Rig {
  readonly economy: Economy;
  /** Platforms synced: those with a registered connector. */
  readonly platforms: readonly ApiPlatform[];
  readonly companies: readonly CompanySpec[];
  readonly emulators: ReadonlyMap<ApiPlatform, RigEmulator>;
  readonly rt: OpenRuntime;
  setNow(at: string): void;
  /**
   * Stops the one fault that changes the source itself (a record re-saved between the pages of a
   * read, "updated between pages"); every other fault stays on.
   */
  quiet(): void;
  close(): Promise<void>;
}

/** A fault injector whose source-changing fault can be switched off (draws go on, so nothing else shifts). */
function quietable(inner: FaultInjector): { injector: FaultInjector; quiet(): void } {
  let quiet = false;
  const injector: FaultInjector = {
    rates: inner.rates,
    log: inner.log,
    driftFrom: inner.driftFrom,
    transport: (platform, account, key) => inner.transport(platform, account, key),
    record: (companyId, docId, date) => inner.record(companyId, docId, date),
    response: (platform, account, key) => {
      const fault = inner.response(platform, account, key);
      return quiet && fault === 'updated_between_pages' ? null : fault;
    },
    refresh: (platform, account, key) => inner.refresh(platform, account, key),
  };
  return {
    injector,
    quiet: () => {
      quiet = true;
    },
  };
}

/** Platforms whose connector is registered (QuickBooks joins when the lead registers it). */
export function registeredApiPlatforms(): ApiPlatform[] {
  return API_PLATFORMS.filter((p) => Object.hasOwn(connectors, p));
}

// Injected slow answers are kept short: they test timeouts elsewhere, here they would only cost wall time.
const SLOW_MS = 30;

async function startEmulator(
  platform: ApiPlatform,
  economy: Economy,
  injector: FaultInjector | undefined,
  now: string,
) {
  const common = { economy, now, ...(injector ? { faults: injector } : {}) };
  switch (platform) {
    case 'shopify':
      return startShopifyEmulator({ ...common, slowMs: SLOW_MS });
    case 'quickbooks':
      return startQuickbooksEmulator({ ...common, slowMs: SLOW_MS });
    case 'xero':
      return startXeroEmulator({ ...common, slowMs: SLOW_MS });
    case 'netsuite':
      return startNetsuiteEmulator({ ...common, slowMs: SLOW_MS });
  }
}

/**
 * An embedded runtime (SQLite store and queue in a temporary directory, memory shared state, the
 * real clock) and in-process emulators of every registered platform, one connection per company.
 */
export async function startRig(o: RigOptions): Promise<Rig> {
  const economy = createEconomy({
    seed: o.seed,
    companies: o.companies,
    platforms: [...API_PLATFORMS],
    volumeScale: o.volumeScale,
    ...(o.startDate ? { startDate: o.startDate } : {}),
    ...(o.days ? { days: o.days } : {}),
  });
  const platforms = [...(o.platforms ?? registeredApiPlatforms())];
  const emulators = new Map<ApiPlatform, RigEmulator>();
  const switches: (() => void)[] = [];
  for (const p of platforms) {
    const faults = o.faults === 'none' ? undefined : quietable(createFaultInjector(o.seed, o.faults));
    if (faults) switches.push(faults.quiet);
    emulators.set(p, await startEmulator(p, economy, faults?.injector, o.now));
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lp-reconcile-'));
  const config = loadConfig({
    dataDir,
    env: {},
    overrides: { masterKey: randomBytes(32).toString('hex'), logLevel: 'silent' },
  });
  const rt = await createRuntime(config);
  const endpoints: EmulatorEndpoints[] = [...emulators].map(([platform, emu]) => {
    const credentials: Record<string, Record<string, string>> = {};
    const urls: Record<string, string> = {};
    for (const c of economy.companiesOn(platform)) {
      credentials[c.account] = emu.credentialsFor(c.account);
      urls[c.account] = emu.shopUrl ? emu.shopUrl(c.account) : emu.baseUrl;
    }
    return { platform, baseUrl: emu.baseUrl, credentials, urls };
  });
  const companies = await registerDemoConnections(rt, { economy, platforms }, endpoints);
  return {
    economy,
    platforms,
    companies,
    emulators,
    rt,
    setNow(at) {
      for (const emu of emulators.values()) emu.setNow(at);
    },
    quiet() {
      for (const q of switches) q();
    },
    async close() {
      await Promise.all([...emulators.values()].map((e) => e.close()));
      await rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The registered connectors, except QuickBooks waits 2 s instead of Intuit's 60 s after a throttle
 * without Retry-After (the emulator's injected 429 storms would otherwise cost minutes of wall time).
 */
const quickbooks = createQuickbooksConnector({ throttleBackoffMs: 2_000 });
function connectorFor(platform: string): Promise<ConnectorDefinition> {
  return platform === 'quickbooks' ? Promise.resolve(quickbooks) : loadConnector(platform);
}

export interface SyncRound {
  readonly reports: readonly SyncReport[];
  readonly errors: readonly string[];
  readonly deadLetters: number;
}

/** One sync of every connection (to the end of every stream), then the raw queue drained by the normalizer. */
export async function syncAll(rig: Rig, onSync?: (r: SyncReport) => void): Promise<SyncRound> {
  const { rt } = rig;
  const normalizer = startNormalizer(rt, { prefetch: 4 });
  try {
    const reports = await runScheduler(rt, {
      concurrency: 8,
      once: true,
      maxPagesPerTurn: 20,
      gate: rawQueueGate(rt.queue, rt.clock, rt.config.raw),
      loadConnector: connectorFor,
      connectionIds: rig.companies.map((c) => c.id),
      ...(onSync ? { onSync } : {}),
    });
    await waitFor(
      async () => {
        const s = await rt.queue.stats(RAW_TOPIC);
        return s.ready + s.inFlight + s.delayed === 0;
      },
      { timeoutMs: 120_000, intervalMs: 25, what: 'the raw queue to drain' },
    );
    const errors = reports.flatMap((r) =>
      r.streams.filter((s) => s.error).map((s) => `${r.connectionId}/${s.stream}: ${s.error}`),
    );
    return { reports, errors, deadLetters: 0 };
  } finally {
    await normalizer.stop();
    await reviewDeadLetters(rt);
  }
}

/** Syncs until a round has no stream error (a failed stream resumes from its checkpoint), at most `rounds` times. */
export async function syncUntilClean(rig: Rig, rounds: number, onSync?: (r: SyncReport) => void): Promise<SyncRound[]> {
  const done: SyncRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const round = await syncAll(rig, onSync);
    done.push(round);
    if (round.errors.length === 0) break;
  }
  return done;
}

export function reconcileRig(rig: Rig): Promise<ReconcileReport> {
  return reconcileConnections(
    rig.rt.store,
    rig.platforms,
    async (platform, account) => {
      const emu = rig.emulators.get(platform as ApiPlatform);
      if (!emu) throw new Error(`no emulator for ${platform}`);
      return emu.liveRecords(account);
    },
    { maxSamples: 100_000 },
  );
}

/** The failing counts and a few examples of each, for a readable assertion message. */
export function failures(report: ReconcileReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FAILING_COUNTS) {
    if (report.totals[k] > 0) out[k] = { count: report.totals[k], examples: report.samples[k]?.slice(0, 5) };
  }
  return out;
}

export function rateLimitViolations(rig: Rig): Record<string, number> {
  return Object.fromEntries([...rig.emulators].map(([p, e]) => [p, e.stats().rateLimitViolations]));
}

export interface Settled {
  /** Right after the last sync. */
  readonly first: ReconcileReport;
  /** After one catch-up sync with the source quiet (the same report when none was needed). */
  readonly last: ReconcileReport;
  /** Stale records of `first` that the emulators re-saved themselves during that sync. */
  readonly resavedDuringSync: number;
}

/**
 * Reconciles. The "updated between pages" fault re-saves a record (at the emulator's `now`) while a
 * read is under way, so a record read just before is legitimately stale until the next sync; if
 * `first` has stale records, the source's mid-read edits are stopped and one more sync must
 * converge. Stale records whose truth is older than `sourceNow` are real misses and stay visible.
 */
export async function reconcileSettled(rig: Rig, sourceNow: string): Promise<Settled> {
  const first = await reconcileRig(rig);
  const stale = first.samples.stale ?? [];
  const resavedDuringSync = stale.filter((d) => d.truth !== null && d.truth.sourceUpdatedAt >= sourceNow).length;
  if (first.totals.stale === 0) return { first, last: first, resavedDuringSync };
  rig.quiet();
  await syncUntilClean(rig, 3);
  return { first, last: await reconcileRig(rig), resavedDuringSync };
}
