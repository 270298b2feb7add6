import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConnector } from '../../connectors/registry.js';
import { type ApiPlatform, createEconomy } from '../../emulation/economy/index.js';
import { rawQueueGate } from '../../pipeline/backpressure.js';
import { RAW_TOPIC } from '../../pipeline/context.js';
import { reviewDeadLetters, startNormalizer } from '../../pipeline/normalizer.js';
import { runScheduler } from '../../pipeline/scheduler.js';
import { type EmulatorHandle, startEmulatorProcess } from '../emulators.js';
import { printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { openCliRuntime } from '../runtime.js';
import { buildReport, printReport } from './demo-report.js';
import { API_PLATFORMS, parsePlatforms } from './emulate.js';

export interface DemoOptions {
  dataDir?: string;
  companies: string;
  seed: string;
  platforms: string;
  faults: string;
  volumeScale: string;
  json?: boolean;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the embedded profile end to end on emulated platforms and print a summary')
    .option('--data-dir <dir>', 'where the SQLite store and queue live (default: a new temporary directory)')
    .option('--companies <n>', 'companies in the synthetic economy', '40')
    .option('--seed <n>', 'economy seed', '42')
    .option('--platforms <list>', 'platforms to emulate and sync', API_PLATFORMS.join(','))
    .option('--faults <spec>', 'none | default | heavy | per-fault rates', 'none')
    .option('--volume-scale <x>', 'multiplies daily document counts', '0.25')
    .option('--json', 'print the report as JSON instead of tables')
    .action(async (o: DemoOptions) => {
      await runDemo(o);
    });
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const started = Date.now();
  const platforms = parsePlatforms(o.platforms);
  const rt = await openCliRuntime(o.dataDir ? { dataDir: o.dataDir } : {}, { createKey: true, tempDir: true });
  const dataDir = rt.config.dataDir;
  process.stderr.write(`Ledgerpulse demo: data in ${dataDir}\n`);
  const economyConfig = {
    seed: Number(o.seed),
    companies: Number(o.companies),
    platforms: parsePlatforms(API_PLATFORMS.join(',')),
    volumeScale: Number(o.volumeScale),
  };
  const economy = createEconomy(economyConfig);
  const handles: EmulatorHandle[] = [];
  try {
    process.stderr.write(`Starting emulators: ${platforms.join(', ')}\n`);
    handles.push(
      ...(await Promise.all(
        platforms.map((platform: ApiPlatform) =>
          startEmulatorProcess({ platform, ...economyConfig, platforms: economyConfig.platforms, faults: o.faults }),
        ),
      )),
    );
    const companies = economy.companies.filter((c) => platforms.includes(c.platform));
    for (const c of companies) {
      const h = handles.find((x) => x.platform === c.platform);
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
        schedule: 'demo',
        createdAt: existing?.createdAt ?? new Date().toISOString(),
      });
    }

    let normalized = 0;
    const normalizer = startNormalizer(rt, {
      prefetch: rt.config.concurrency.normalizerPrefetch,
      onBatch: (s) => {
        normalized += s.envelopes;
      },
    });
    const progress = createProgress();
    progress.start('Syncing companies', companies.length);
    let pages = 0;
    let records = 0;
    const finished = new Set<string>();
    const gate = rawQueueGate(rt.queue, rt.clock, rt.config.raw);
    const reports = await runScheduler(rt, {
      concurrency: rt.config.concurrency.syncs,
      once: true,
      maxPagesPerTurn: 20,
      gate,
      loadConnector,
      connectionIds: companies.map((c) => c.id),
      onSync: (r) => {
        for (const s of r.streams) {
          pages += s.pages;
          records += s.records;
        }
        if (!r.more) finished.add(r.connectionId);
        progress.update(finished.size, `${pages} pages, ${records} records, ${normalized} normalized`);
      },
    });
    progress.stop();
    const drain = createProgress();
    const total = (await rt.queue.stats(RAW_TOPIC)).ready;
    drain.start('Normalizing', total);
    for (;;) {
      const s = await rt.queue.stats(RAW_TOPIC);
      const left = s.ready + s.inFlight + s.delayed;
      drain.update(Math.max(0, total - left));
      if (left === 0) break;
      await rt.clock.sleep(50);
    }
    drain.stop();
    await normalizer.stop();
    await reviewDeadLetters(rt);
    const emulatorStats = Object.fromEntries(
      await Promise.all(handles.map(async (h) => [h.platform, await h.stats()] as const)),
    );
    const report = await buildReport(rt, {
      dataDir,
      economy,
      platforms,
      reports,
      elapsedMs: Date.now() - started,
      emulatorStats,
    });
    const file = join(dataDir, 'report.json');
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    if (o.json) printJson(report);
    else printReport(report);
    process.stdout.write(`\nReport written to ${file}\n`);
    if (report.syncErrors.length > 0) process.exitCode = 1;
  } finally {
    await Promise.all(handles.map((h) => h.close()));
    await rt.close();
  }
}
