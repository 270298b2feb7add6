import type { Command } from 'commander';
import { loadConnector } from '../../connectors/registry.js';
import { rawQueueGate } from '../../pipeline/backpressure.js';
import { startNormalizer } from '../../pipeline/normalizer.js';
import { runScheduler } from '../../pipeline/scheduler.js';
import { runDistributedDemo } from '../demo-distributed.js';
import {
  type DemoOptions,
  demoEconomy,
  finishDemo,
  ingestDemoDrop,
  registerDemoConnections,
  startDemoEmulators,
  waitForRawDrain,
} from '../demo-steps.js';
import type { EmulatorHandle } from '../emulators.js';
import { UsageError } from '../output.js';
import { createProgress } from '../progress.js';
import { openCliRuntime } from '../runtime.js';
import { API_PLATFORMS } from './emulate.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the pipeline end to end on emulated platforms and print a summary')
    .option(
      '--profile <profile>',
      'embedded (one process, SQLite) | distributed (role processes on the local services)',
    )
    .option(
      '--data-dir <dir>',
      'where the SQLite store and queue (embedded) and the report live (default: a new temporary directory)',
    )
    .option('--companies <n>', 'companies in the synthetic economy', '40')
    .option('--seed <n>', 'economy seed', '42')
    .option('--platforms <list>', 'platforms to emulate and sync', API_PLATFORMS.join(','))
    .option('--faults <spec>', 'none | default | heavy | per-fault rates', 'none')
    .option('--volume-scale <x>', 'multiplies daily document counts', '0.25')
    .option(
      '--drop-dir <dir>',
      'embedded: a drop folder of CSV / UBL / X12 files to ingest too (default: the shared samples if present; none skips)',
    )
    .option('--json', 'print the report as JSON instead of tables')
    .option('--store-url <url>', 'distributed: PostgreSQL store (default LP_STORE_URL, then LP_TEST_POSTGRES_URL)')
    .option('--queue-url <url>', 'distributed: RabbitMQ (default LP_QUEUE_URL, then LP_TEST_AMQP_URL)')
    .option('--shared-url <url>', 'distributed: Redis (default LP_SHARED_URL, then LP_TEST_REDIS_URL)')
    .option('--run-id <id>', 'distributed: names the schema, queue prefix and Redis prefix of this run')
    .option('--connectors <n>', 'distributed: connector processes', '2')
    .option('--normalizers <n>', 'distributed: normalizer processes', '2')
    .option('--timeout <s>', 'distributed: give up after this many seconds', '600')
    .action(async (o: DemoOptions) => {
      await runDemo(o);
    });
}

export async function runDemo(o: DemoOptions): Promise<void> {
  const profile = o.profile ?? 'embedded';
  if (profile === 'embedded') return runEmbeddedDemo(o);
  if (profile === 'distributed') return runDistributedDemo(o);
  throw new UsageError(`unknown profile "${profile}"; use embedded or distributed`);
}

/** Every role in this process, on SQLite in a data directory. */
async function runEmbeddedDemo(o: DemoOptions): Promise<void> {
  const started = Date.now();
  const demo = demoEconomy(o);
  const rt = await openCliRuntime(o.dataDir ? { dataDir: o.dataDir } : {}, { createKey: true, tempDir: true });
  const dataDir = rt.config.dataDir;
  process.stderr.write(`Ledgerpulse demo: data in ${dataDir}\n`);
  const handles: EmulatorHandle[] = [];
  try {
    handles.push(...(await startDemoEmulators(demo, o.faults)));
    const companies = await registerDemoConnections(rt, demo, handles);
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
    const reports = await runScheduler(rt, {
      concurrency: rt.config.concurrency.syncs,
      once: true,
      maxPagesPerTurn: 20,
      gate: rawQueueGate(rt.queue, rt.clock, rt.config.raw),
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
    const drop = await ingestDemoDrop(rt, o.dropDir);
    await waitForRawDrain(rt);
    await normalizer.stop();
    await finishDemo(rt, {
      dataDir,
      demo,
      reports,
      started,
      handles,
      extra: { profile: 'embedded', ...(drop ? { fileDrop: drop } : {}) },
      json: o.json === true,
    });
  } finally {
    await Promise.all(handles.map((h) => h.close()));
    await rt.close();
  }
}
