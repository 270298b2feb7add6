import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { type ApiPlatform, createEconomy } from '../../emulation/economy/index.js';
import { createFaultInjector } from '../../emulation/faults.js';
import type { LiveRecord } from '../../emulation/live-record.js';
import { emulators, type RunningEmulator } from '../emulators.js';
import { UsageError } from '../output.js';

export const API_PLATFORMS: readonly ApiPlatform[] = ['shopify', 'quickbooks', 'xero', 'netsuite'];

export function parsePlatforms(text: string): ApiPlatform[] {
  const list = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of list) {
    if (!(API_PLATFORMS as readonly string[]).includes(p)) {
      throw new UsageError(`unknown platform "${p}"; known: ${API_PLATFORMS.join(', ')}`);
    }
  }
  return list as ApiPlatform[];
}

export function registerEmulate(program: Command): void {
  program
    .command('emulate')
    .description('run one platform emulator standalone; prints its base URL and the credentials a connector needs')
    .requiredOption('--platform <platform>', API_PLATFORMS.join('|'))
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--companies <n>', 'companies in the synthetic economy', '200')
    .option('--seed <n>', 'economy seed', '42')
    .option('--platforms <list>', 'platforms the economy spreads companies over', API_PLATFORMS.join(','))
    .option('--faults <spec>', "none | default | heavy | rates like 'serverError=0.1,slow=0.02'", 'none')
    .option('--volume-scale <x>', 'multiplies daily document counts', '1')
    .option('--json', 'print one JSON line and answer "stats" and "live <account>" lines on stdin (used by the demo)')
    .action(async (o: Record<string, string | boolean>) => {
      const [platform] = parsePlatforms(String(o['platform']));
      if (!platform) throw new UsageError('--platform is required');
      const economy = createEconomy({
        seed: Number(o['seed']),
        companies: Number(o['companies']),
        platforms: parsePlatforms(String(o['platforms'])),
        volumeScale: Number(o['volumeScale']),
      });
      const faults = createFaultInjector(Number(o['seed']), String(o['faults']));
      const start = await emulators[platform]();
      const emu = await start({ economy, faults, port: Number(o['port']) });
      const credentials: Record<string, Record<string, string>> = {};
      const urls: Record<string, string> = {};
      for (const c of economy.companiesOn(platform)) {
        credentials[c.account] = emu.credentialsFor(c.account);
        urls[c.account] = emu.shopUrl ? emu.shopUrl(c.account) : emu.baseUrl;
      }
      if (o['json']) {
        process.stdout.write(`${JSON.stringify({ baseUrl: emu.baseUrl, credentials, urls })}\n`);
        const rl = createInterface({ input: process.stdin });
        rl.on('line', (line) => {
          const [verb, account] = line.trim().split(/\s+/);
          if (verb === 'stats') process.stdout.write(`${JSON.stringify(emu.stats())}\n`);
          else if (verb === 'live') process.stdout.write(`${JSON.stringify(liveAnswer(emu, account ?? ''))}\n`);
        });
        rl.on('close', () => {
          void emu.close().then(() => process.exit(0));
        });
        return;
      }
      const accounts = Object.keys(credentials);
      process.stdout.write(`${platform} emulator listening at ${emu.baseUrl}\n`);
      process.stdout.write(`${accounts.length} companies; credentials for the first:\n`);
      process.stdout.write(
        `${JSON.stringify({ account: accounts[0], baseUrl: urls[accounts[0] ?? ''], credentials: credentials[accounts[0] ?? ''] }, null, 2)}\n`,
      );
      process.stdout.write('Press Ctrl+C to stop.\n');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await emu.close();
    });
}

/** One `live <account>` answer: `{records}` or `{error}` (an unknown account must not kill the child). */
function liveAnswer(emu: RunningEmulator, account: string): { records: LiveRecord[] } | { error: string } {
  try {
    return { records: emu.liveRecords(account) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
