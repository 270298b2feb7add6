import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiPlatform, CompanySpec, Economy } from '../emulation/economy/index.js';
import { createEconomy } from '../emulation/economy/index.js';
import type { OpenRuntime } from '../main.js';
import type { Runtime } from '../pipeline/context.js';
import { RAW_TOPIC } from '../pipeline/context.js';
import { ingestFiles, listDropFiles } from '../pipeline/ingest-files.js';
import { reviewDeadLetters } from '../pipeline/normalizer.js';
import type { SyncReport } from '../pipeline/runner.js';
import { buildReport, type DemoReport, printReport } from './commands/demo-report.js';
import { API_PLATFORMS, parsePlatforms } from './commands/emulate.js';
import { demoSignals } from './commands/signals.js';
import { type EmulatorHandle, startEmulatorProcess } from './emulators.js';
import { printJson } from './output.js';
import { createProgress } from './progress.js';

/** The demo's command-line options, shared by both profiles. */
export interface DemoOptions {
  dataDir?: string;
  companies: string;
  seed: string;
  platforms: string;
  faults: string;
  volumeScale: string;
  json?: boolean;
  profile?: string;
  runId?: string;
  storeUrl?: string;
  queueUrl?: string;
  sharedUrl?: string;
  connectors?: string;
  normalizers?: string;
  timeout?: string;
  dropDir?: string;
}

export interface DemoEconomy {
  readonly economy: Economy;
  /** The platforms emulated and synced. */
  readonly platforms: ApiPlatform[];
  readonly config: {
    readonly seed: number;
    readonly companies: number;
    readonly platforms: ApiPlatform[];
    readonly volumeScale: number;
  };
}

/** The economy always spreads companies over every platform, so a seed means the same companies whatever is synced. */
export function demoEconomy(o: DemoOptions): DemoEconomy {
  const config = {
    seed: Number(o.seed),
    companies: Number(o.companies),
    platforms: parsePlatforms(API_PLATFORMS.join(',')),
    volumeScale: Number(o.volumeScale),
  };
  return { economy: createEconomy(config), platforms: parsePlatforms(o.platforms), config };
}

/** Each emulator runs as its own process, so the platform it plays does not share a core with the pipeline. */
export async function startDemoEmulators(d: DemoEconomy, faults: string): Promise<EmulatorHandle[]> {
  process.stderr.write(`Starting emulators: ${d.platforms.join(', ')}\n`);
  return Promise.all(
    d.platforms.map((platform) =>
      startEmulatorProcess({ platform, ...d.config, platforms: d.config.platforms, faults }),
    ),
  );
}

/** Where a connection reaches an emulated account. */
export type EmulatorEndpoints = Pick<EmulatorHandle, 'platform' | 'baseUrl' | 'credentials' | 'urls'>;

/** One connection per company on the synced platforms, credentials sealed with the runtime's key. */
export async function registerDemoConnections(
  rt: Runtime,
  d: Pick<DemoEconomy, 'economy' | 'platforms'>,
  endpoints: readonly EmulatorEndpoints[],
): Promise<CompanySpec[]> {
  const companies = d.economy.companies.filter((c) => d.platforms.includes(c.platform));
  const registered: CompanySpec[] = [];
  for (const c of companies) {
    const h = endpoints.find((x) => x.platform === c.platform);
    if (!h) continue;
    const existing = await rt.store.connections.get(c.id);
    await rt.store.connections.upsert({
      id: c.id,
      platform: c.platform,
      account: c.account,
      baseUrl: h.urls[c.account] ?? h.baseUrl,
      company: {
        legalName: c.legalName,
        naics: c.naics,
        country: c.country,
        baseCurrency: c.currency,
        timeZone: c.timeZone,
        sizeBand: c.sizeBand,
      },
      sealedCredentials: rt.secrets.seal(h.credentials[c.account] ?? {}),
      schedule: null,
      createdAt: existing?.createdAt ?? new Date().toISOString(),
    });
    registered.push(c);
  }
  return registered;
}

/**
 * Waits until the raw queue has nothing ready, in flight (in this process) or waiting for a retry,
 * twice in a row, showing progress.
 */
export async function waitForRawDrain(rt: Runtime, deadline = Number.POSITIVE_INFINITY): Promise<void> {
  const drain = createProgress();
  const first = await rt.queue.stats(RAW_TOPIC);
  const total = first.ready + first.inFlight + first.delayed;
  drain.start('Normalizing', total);
  let empty = 0;
  for (;;) {
    const s = await rt.queue.stats(RAW_TOPIC);
    const left = s.ready + s.inFlight + s.delayed;
    drain.update(Math.max(0, total - left));
    empty = left === 0 ? empty + 1 : 0;
    if (empty >= 2) break;
    if (Date.now() > deadline) {
      drain.stop();
      throw new Error(`timed out waiting for the raw queue to drain (${left} message(s) left)`);
    }
    await rt.clock.sleep(50);
  }
  drain.stop();
}

export interface FinishInput {
  readonly dataDir: string;
  readonly demo: DemoEconomy;
  readonly reports: readonly SyncReport[];
  readonly started: number;
  readonly handles: readonly EmulatorHandle[];
  readonly json?: boolean;
  readonly extra?: Record<string, unknown>;
}

/** Dead letters to review, the report from the store, written to report.json and printed. */
export async function finishDemo(rt: OpenRuntime, f: FinishInput): Promise<DemoReport> {
  await reviewDeadLetters(rt);
  const emulatorStats = Object.fromEntries(
    await Promise.all(f.handles.map(async (h) => [h.platform, await h.stats()] as const)),
  );
  const report = await buildReport(rt, {
    dataDir: f.dataDir,
    economy: f.demo.economy,
    platforms: f.demo.platforms,
    reports: f.reports,
    elapsedMs: Date.now() - f.started,
    emulatorStats,
    emulators: f.handles,
  });
  Object.assign(report.extra, f.extra ?? {});
  // Last step: the signals on DuckDB over what was just synced, and the weekly invoice table.
  process.stderr.write('Computing signals on DuckDB\n');
  const t0 = Date.now();
  const signals = await demoSignals(rt, f.demo.economy, { weeks: 8 });
  report.signals = {
    engine: signals.meta.engine,
    asOf: signals.meta.asOf,
    reportingCurrency: signals.meta.reportingCurrency,
    cells: signals.meta.rows,
    published: signals.meta.published,
    suppressed: signals.meta.suppressed,
    elapsedMs: Date.now() - t0,
    weeklyAverageInvoiceValue: signals.table,
  };
  const file = join(f.dataDir, 'report.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (f.json) printJson(report);
  else printReport(report);
  process.stderr.write(`\nReport written to ${file}\n`);
  if (report.syncErrors.length > 0) process.exitCode = 1;
  return report;
}

/** The sample documents beside the repository (CI and a developer checkout lay shared/ there). */
const SAMPLE_DROP = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/files');

/** The files connection the demo's drop folder belongs to. */
export const DEMO_FILES_CONNECTION = 'files-demo';

export interface DemoDrop {
  readonly dir: string;
  readonly files: readonly { file: string; status: string; documents: number; errors: readonly string[] }[];
}

/**
 * Ingests the demo's drop folder (CSV, UBL and X12 samples) through the files connector, into the
 * same raw store, queue and normalizer as the API platforms. `--drop-dir none` skips it; without
 * --drop-dir the sample folder is used when it is there.
 */
export async function ingestDemoDrop(rt: Runtime, dropDir: string | undefined): Promise<DemoDrop | null> {
  if (dropDir === 'none') return null;
  const dir = dropDir ?? SAMPLE_DROP;
  if (!existsSync(dir)) {
    if (dropDir) throw new Error(`--drop-dir ${dropDir} does not exist`);
    process.stderr.write(`No sample drop folder at ${dir}; skipping file ingestion (--drop-dir DIR names one)\n`);
    return null;
  }
  const existing = await rt.store.connections.get(DEMO_FILES_CONNECTION);
  await rt.store.connections.upsert({
    id: DEMO_FILES_CONNECTION,
    platform: 'files',
    account: DEMO_FILES_CONNECTION,
    baseUrl: '',
    company: {
      legalName: 'Demo File Drops Ltd',
      naics: '42',
      country: 'US',
      baseCurrency: 'USD',
      timeZone: 'America/New_York',
      sizeBand: 'small',
    },
    sealedCredentials: null,
    schedule: null,
    createdAt: existing?.createdAt ?? new Date().toISOString(),
  });
  process.stderr.write(`Ingesting the drop folder ${dir}\n`);
  const files = await ingestFiles(rt, listDropFiles([dir]), { connectionId: DEMO_FILES_CONNECTION });
  return { dir, files: files.map((f) => ({ ...f, file: basename(f.file) })) };
}
