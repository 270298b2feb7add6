import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ApiPlatform } from '../../emulation/economy/index.js';
import type { Runtime } from '../../pipeline/context.js';
import { type ReconcileReport, reconcileConnections } from '../../pipeline/reconcile.js';
import { type EmulatorHandle, startEmulatorProcess } from '../emulators.js';
import { printJson, UsageError } from '../output.js';
import { openCliRuntime, type RuntimeFlags } from '../runtime.js';
import { API_PLATFORMS, parsePlatforms } from './emulate.js';

/** The economy an emulator must replay to tell the truth about a store: the demo's settings. */
export interface EmulatedEconomy {
  readonly seed: number;
  readonly companies: number;
  readonly volumeScale: number;
  /** The platforms the economy spreads companies over (all four in the demo, whatever it synced). */
  readonly platforms: readonly ApiPlatform[];
}

/** The demo's defaults (demo.ts), used when neither a flag nor DIR/report.json says otherwise. */
const DEMO_DEFAULTS: EmulatedEconomy = { seed: 42, companies: 40, volumeScale: 0.25, platforms: API_PLATFORMS };

interface ReconcileFlags extends RuntimeFlags {
  againstEmulator?: boolean;
  platforms?: string;
  companies?: string;
  seed?: string;
  volumeScale?: string;
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description(
      'compare the canonical store with the true set of live records at the source; prints JSON counts of ' +
        'missing, extra, stale, duplicate and status mismatches per platform and kind; exits 1 if any is above 0',
    )
    .option('--against-emulator', 'the truth is the emulators of the economy the demo synced (started here)')
    .option('--data-dir <dir>', 'data directory (its report.json gives the economy settings)')
    .option('--config <file>', 'JSON config file')
    .option('--platforms <list>', 'platforms to reconcile (default: every API platform)')
    .option('--companies <n>', 'companies in the economy (default: from report.json, else 40)')
    .option('--seed <n>', 'economy seed (default: from report.json, else 42)')
    .option('--volume-scale <x>', 'economy volume scale (default: from report.json, else 0.25)')
    .action(async (o: ReconcileFlags) => {
      if (!o.againstEmulator) {
        throw new UsageError('name the truth to reconcile against: --against-emulator (the only source so far)');
      }
      const platforms = parsePlatforms(o.platforms ?? API_PLATFORMS.join(','));
      const rt = await openCliRuntime(o);
      const handles: EmulatorHandle[] = [];
      try {
        const economy = economySettings(rt.config.dataDir, o);
        handles.push(
          ...(await Promise.all(
            platforms.map((platform) => startEmulatorProcess({ platform, ...economy, faults: 'none' })),
          )),
        );
        const report = await reconcileAgainstEmulators(rt, handles);
        printJson(report);
        if (!report.ok) process.exitCode = 1;
      } finally {
        await Promise.all(handles.map((h) => h.close()));
        await rt.close();
      }
    });
}

/**
 * Reconciles the stored connections of the emulators' platforms with what the emulators hold live,
 * and keeps the result as the store's latest reconcile report (GET /reconcile serves it).
 */
export async function reconcileAgainstEmulators(
  rt: Pick<Runtime, 'store'>,
  handles: readonly Pick<EmulatorHandle, 'platform' | 'liveRecords'>[],
): Promise<ReconcileReport> {
  const byPlatform = new Map(handles.map((h) => [h.platform as string, h]));
  const report = await reconcileConnections(rt.store, [...byPlatform.keys()], async (platform, account) => {
    const handle = byPlatform.get(platform);
    if (!handle) throw new Error(`no emulator for ${platform}`);
    return handle.liveRecords(account);
  });
  await rt.store.workflow.reports.save({ name: 'reconcile', scope: 'all', body: report, at: new Date().toISOString() });
  return report;
}

/** Flags first, then DIR/report.json (the demo's economy), then the demo's defaults. */
export function economySettings(dataDir: string, o: ReconcileFlags): EmulatedEconomy {
  let fromReport: Partial<EmulatedEconomy> = {};
  const file = join(dataDir, 'report.json');
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { seed?: number; economy?: Partial<EmulatedEconomy> };
    fromReport = report.economy ?? (report.seed === undefined ? {} : { seed: report.seed });
  }
  const number = (flag: string | undefined, name: string): number | undefined => {
    if (flag === undefined) return undefined;
    const n = Number(flag);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(flag)}`);
    return n;
  };
  return {
    seed: number(o.seed, 'seed') ?? fromReport.seed ?? DEMO_DEFAULTS.seed,
    companies: number(o.companies, 'companies') ?? fromReport.companies ?? DEMO_DEFAULTS.companies,
    volumeScale: number(o.volumeScale, 'volume-scale') ?? fromReport.volumeScale ?? DEMO_DEFAULTS.volumeScale,
    platforms: fromReport.platforms ? parsePlatforms(fromReport.platforms.join(',')) : DEMO_DEFAULTS.platforms,
  };
}
