import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseProfile } from '../../connectors/files/index.js';
import type { Runtime } from '../../pipeline/context.js';
import { RAW_TOPIC } from '../../pipeline/context.js';
import { ingestFiles, listDropFiles } from '../../pipeline/ingest-files.js';
import { startNormalizer } from '../../pipeline/normalizer.js';
import { printJson, UsageError } from '../output.js';
import { openCliRuntime, type RuntimeFlags } from '../runtime.js';

interface IngestCli extends RuntimeFlags {
  connection: string;
  format?: string;
  profile?: string;
  profileFile?: string;
  watch?: boolean;
  force?: boolean;
  interval: string;
  json?: boolean;
}

async function drain(rt: Runtime): Promise<void> {
  for (;;) {
    const s = await rt.queue.stats(RAW_TOPIC);
    if (s.ready + s.inFlight + s.delayed === 0) return;
    await rt.clock.sleep(25);
  }
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('ingest CSV exports, UBL invoices or X12 810/850 files (or a drop folder) for a files connection')
    .argument('<paths...>', 'files or directories')
    .requiredOption('--connection <id>', 'the files connection the documents belong to')
    .option('--format <format>', 'csv | ubl | x12 (default: detected)')
    .option('--profile <name>', 'built-in CSV profile: shopify-orders | quickbooks-invoices | xero-invoices')
    .option('--profile-file <file>', 'a saved generic CSV column-mapping profile (JSON)')
    .option('--watch', 'keep watching the directories and ingest new files as they appear')
    .option('--force', 'ingest again files this connection has ingested already (e.g. with a profile after a failure)')
    .option('--interval <ms>', 'how often --watch looks for new files', '2000')
    .option('--data-dir <dir>', 'data directory')
    .option('--config <file>', 'JSON config file')
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], o: IngestCli) => {
      if (o.format && !['csv', 'ubl', 'x12'].includes(o.format))
        throw new UsageError('--format must be csv, ubl or x12');
      const profile = o.profileFile ? parseProfile(JSON.parse(readFileSync(o.profileFile, 'utf8'))) : undefined;
      const rt = await openCliRuntime(o);
      const normalizer = startNormalizer(rt, { prefetch: rt.config.concurrency.normalizerPrefetch });
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      try {
        do {
          const results = await ingestFiles(rt, listDropFiles(paths), {
            connectionId: o.connection,
            ...(o.format ? { format: o.format as 'csv' | 'ubl' | 'x12' } : {}),
            ...(o.profile ? { profileName: o.profile } : {}),
            ...(profile ? { profile } : {}),
            ...(o.force ? { force: true } : {}),
          });
          await drain(rt);
          const fresh = results.filter((r) => r.status !== 'skipped');
          if (o.json) printJson(results);
          else
            for (const r of o.watch ? fresh : results) {
              process.stdout.write(
                `${r.status}\t${r.documents} document(s)\t${r.file}${r.status === 'skipped' ? '\talready ingested (--force ingests it again)' : ''}${r.errors.length ? `\t${r.errors.join('; ')}` : ''}\n`,
              );
            }
          if (!o.watch) {
            const open = await rt.store.review.list({ status: 'open', connectionId: o.connection });
            if (open.length && !o.json)
              process.stdout.write(`${open.length} open review item(s): ledgerpulse review list\n`);
            if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
            break;
          }
          await rt.clock.sleep(Number(o.interval), stop.signal).catch(() => undefined);
        } while (!stop.signal.aborted);
      } finally {
        await normalizer.stop();
        await rt.close();
      }
    });
}
