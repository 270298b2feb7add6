import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ApiPlatform, Economy } from '../emulation/economy/index.js';
import type { FaultInjector } from '../emulation/faults.js';
import type { LiveRecord } from '../emulation/live-record.js';

/** The shape every platform emulator shares (structural, so each platform keeps its own types). */
export interface EmulatorOptions {
  readonly economy: Economy;
  readonly faults?: FaultInjector;
  readonly port?: number;
  readonly now?: string;
}
export interface RunningEmulator {
  readonly baseUrl: string;
  credentialsFor(account: string): Record<string, string>;
  /** A connection's base URL when the emulator routes accounts by path (Shopify). */
  shopUrl?(account: string): string;
  setNow(at: string): void;
  stats(): { requests: number; rateLimitViolations: number; faultsInjected: number };
  /** The company's true set of live records at the emulator's `now`, in the platform's own ids. */
  liveRecords(account: string): LiveRecord[];
  close(): Promise<void>;
}
type Start = (opts: EmulatorOptions) => Promise<RunningEmulator>;

/** Platform → lazy import of its emulator. */
export const emulators: Record<ApiPlatform, () => Promise<Start>> = {
  shopify: async () => (await import('../connectors/shopify/emulator/server.js')).startShopifyEmulator,
  quickbooks: async () => (await import('../connectors/quickbooks/emulator/server.js')).startQuickbooksEmulator,
  xero: async () => (await import('../connectors/xero/emulator/server.js')).startXeroEmulator,
  netsuite: async () => (await import('../connectors/netsuite/emulator/server.js')).startNetsuiteEmulator,
};

export interface EmulatorHandle {
  readonly platform: ApiPlatform;
  /** The emulator's process id (for benchmarks reading its memory). */
  readonly pid?: number;
  readonly baseUrl: string;
  readonly credentials: Record<string, Record<string, string>>;
  /** Connection base URL per account. */
  readonly urls: Record<string, string>;
  stats(): Promise<{ requests: number; rateLimitViolations: number; faultsInjected: number }>;
  /** The `live <account>` line of the child protocol: the company's true set of live records. */
  liveRecords(account: string): Promise<LiveRecord[]>;
  close(): Promise<void>;
}

export interface EmulatorProcessOptions {
  readonly platform: ApiPlatform;
  readonly seed: number;
  readonly companies: number;
  readonly platforms: readonly ApiPlatform[];
  readonly faults: string;
  readonly volumeScale: number;
}

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/ledgerpulse.js');

/**
 * Runs an emulator as its own process, so the platform it plays does not share a core with the
 * pipeline being measured. It prints one JSON line when listening, then answers, one JSON line
 * each and in order, `stats` and `live <account>` lines on stdin.
 */
export function startEmulatorProcess(o: EmulatorProcessOptions): Promise<EmulatorHandle> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'emulate',
      '--platform',
      o.platform,
      '--port',
      '0',
      '--seed',
      String(o.seed),
      '--companies',
      String(o.companies),
      '--platforms',
      o.platforms.join(','),
      '--faults',
      o.faults,
      '--volume-scale',
      String(o.volumeScale),
      '--json',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const pending: ((line: string) => void)[] = [];
  return new Promise((resolve, reject) => {
    let ready = false;
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`${o.platform} emulator exited with code ${code} before listening`));
    });
    lines.on('line', (line) => {
      if (!ready) {
        ready = true;
        const info = JSON.parse(line) as {
          baseUrl: string;
          credentials: Record<string, Record<string, string>>;
          urls: Record<string, string>;
        };
        resolve({
          platform: o.platform,
          ...(child.pid ? { pid: child.pid } : {}),
          baseUrl: info.baseUrl,
          credentials: info.credentials,
          urls: info.urls,
          stats: () =>
            new Promise((res) => {
              pending.push((l) => res(JSON.parse(l)));
              child.stdin.write('stats\n');
            }),
          liveRecords: (account) =>
            new Promise((res, rej) => {
              pending.push((l) => {
                const answer = JSON.parse(l) as { records?: LiveRecord[]; error?: string };
                if (answer.records) res(answer.records);
                else rej(new Error(`${o.platform} emulator: ${answer.error ?? 'no answer'}`));
              });
              child.stdin.write(`live ${account}\n`);
            }),
          close: () =>
            new Promise((res) => {
              child.once('exit', () => res());
              child.stdin.end();
            }),
        });
        return;
      }
      pending.shift()?.(line);
    });
  });
}
