import type { Command } from 'commander';
import { loadConnector } from '../../connectors/registry.js';
import { rawQueueGate } from '../../pipeline/backpressure.js';
import { RAW_TOPIC } from '../../pipeline/context.js';
import { reviewDeadLetters, startNormalizer } from '../../pipeline/normalizer.js';
import { runScheduler } from '../../pipeline/scheduler.js';
import { printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { openCliRuntime, type RuntimeFlags } from '../runtime.js';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('embedded profile: sync connections now (all, or those named), normalize, and print what happened')
    .argument('[connections...]', 'connection ids (default: all)')
    .option('--data-dir <dir>', 'data directory')
    .option('--config <file>', 'JSON config file')
    .option('--json', 'print the sync reports as JSON')
    .action(async (ids: string[], o: RuntimeFlags & { json?: boolean }) => {
      const rt = await openCliRuntime(o);
      try {
        const normalizer = startNormalizer(rt, { prefetch: rt.config.concurrency.normalizerPrefetch });
        const all = await rt.store.connections.list();
        const wanted = ids.length ? ids : all.map((c) => c.id);
        const progress = createProgress();
        progress.start('Syncing', wanted.length);
        const done = new Set<string>();
        const reports = await runScheduler(rt, {
          concurrency: rt.config.concurrency.syncs,
          once: true,
          maxPagesPerTurn: 20,
          gate: rawQueueGate(rt.queue, rt.clock, rt.config.raw),
          loadConnector,
          connectionIds: wanted,
          onSync: (r) => {
            if (!r.more) done.add(r.connectionId);
            progress.update(done.size);
          },
        });
        progress.stop();
        for (;;) {
          const s = await rt.queue.stats(RAW_TOPIC);
          if (s.ready + s.inFlight + s.delayed === 0) break;
          await rt.clock.sleep(50);
        }
        await normalizer.stop();
        await reviewDeadLetters(rt);
        const errors = reports.flatMap((r) =>
          r.streams.filter((s) => s.error).map((s) => `${r.connectionId}/${s.stream}: ${s.error}`),
        );
        if (o.json) printJson(reports);
        else {
          const pages = reports.reduce((a, r) => a + r.streams.reduce((b, s) => b + s.pages, 0), 0);
          const records = reports.reduce((a, r) => a + r.streams.reduce((b, s) => b + s.records, 0), 0);
          process.stdout.write(`synced ${done.size} connection(s): ${pages} pages, ${records} records\n`);
          for (const e of errors) process.stdout.write(`error ${e}\n`);
        }
        if (errors.length) process.exitCode = 1;
      } finally {
        await rt.close();
      }
    });
}
