import type { Command } from 'commander';
import { loadConnector } from '../../connectors/registry.js';
import { rawQueueGate } from '../../pipeline/backpressure.js';
import { planSyncs, startConnectorRole } from '../../pipeline/jobs.js';
import { reviewDeadLetters, startNormalizer } from '../../pipeline/normalizer.js';
import { openCliRuntime, type RuntimeFlags } from '../runtime.js';

interface RoleOptions extends RuntimeFlags {
  interval?: string;
  concurrency?: string;
  maxPages?: string;
  once?: boolean;
}

/** Resolves when SIGINT/SIGTERM arrives, so a role stops taking work and finishes what it holds. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export function registerRoles(program: Command): void {
  const common = (c: Command) =>
    c
      .option('--data-dir <dir>', 'data directory (embedded profile)')
      .option('--config <file>', 'JSON config file (see docs/operations.md)')
      .option('--log-level <level>', 'fatal|error|warn|info|debug');

  common(
    program
      .command('scheduler')
      .description('role: plan sync jobs for due connections, holding back while the raw queue is over its limits')
      .option('--interval <ms>', 'minimum time between syncs of one connection', '900000')
      .option('--once', 'plan once and exit'),
  ).action(async (o: RoleOptions) => {
    const rt = await openCliRuntime(o);
    const stop = new AbortController();
    void untilSignal().then(() => stop.abort());
    const gate = rawQueueGate(rt.queue, rt.clock, rt.config.raw, stop.signal);
    const minIntervalMs = Number(o.interval);
    try {
      do {
        await planSyncs(rt, { minIntervalMs, gate });
        await reviewDeadLetters(rt);
        if (o.once) break;
        await rt.clock.sleep(Math.min(minIntervalMs, 10_000), stop.signal).catch(() => undefined);
      } while (!stop.signal.aborted);
    } finally {
      await rt.close();
    }
  });

  common(
    program
      .command('connector')
      .description('role: run sync jobs (one connection turn each), storing raw envelopes and publishing pages')
      .option('--concurrency <n>', 'connections synced at once')
      .option('--max-pages <n>', 'pages per stream per turn (fair share)', '20'),
  ).action(async (o: RoleOptions) => {
    const rt = await openCliRuntime(o);
    const gate = rawQueueGate(rt.queue, rt.clock, rt.config.raw);
    const consumer = startConnectorRole(rt, {
      concurrency: Number(o.concurrency ?? rt.config.concurrency.syncs),
      maxPagesPerTurn: Number(o.maxPages),
      gate,
      owner: `connector-${process.pid}`,
      loadConnector,
    });
    await untilSignal();
    await consumer.stop();
    await rt.close();
  });

  common(
    program
      .command('normalizer')
      .description('role: map raw envelopes to canonical records, or to review items')
      .option('--concurrency <n>', 'raw messages in flight'),
  ).action(async (o: RoleOptions) => {
    const rt = await openCliRuntime(o);
    const consumer = startNormalizer(rt, {
      prefetch: Number(o.concurrency ?? rt.config.concurrency.normalizerPrefetch),
    });
    await untilSignal();
    await consumer.stop();
    await rt.close();
  });
}
