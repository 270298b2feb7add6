import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isoNow } from '../../pipeline/context.js';
import { buildServer } from '../../server/app.js';
import type { SignalsReader } from '../../server/signals.js';
import { bootstrapAdmin } from '../../server/tokens.js';
import { openCliRuntime } from '../runtime.js';
import { openServingReader } from './signals.js';

export interface ServeFlags {
  readonly dataDir?: string;
  readonly config?: string;
  readonly host: string;
  readonly port: string;
  readonly adminTokenFile?: string;
}

export interface ServeExtras {
  /** The analytics serving table (default: the data dir's, written by `signals run`). */
  readonly signals?: SignalsReader;
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  readonly until?: Promise<void>;
  readonly onListening?: (url: string) => void;
}

const signalled = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

/**
 * Starts the API. A store without users gets an admin whose token is printed once (or written to
 * --admin-token-file, mode 0600); more users and tokens come from POST /users.
 */
export async function runServe(flags: ServeFlags, extras: ServeExtras = {}): Promise<void> {
  const rt = await openCliRuntime({
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.config ? { config: flags.config } : {}),
  });
  const serving = extras.signals
    ? null
    : await openServingReader(rt.config.dataDir, { logger: rt.logger, clock: rt.clock });
  const app = buildServer({ rt, signals: extras.signals ?? (serving as SignalsReader) });
  try {
    const token = await bootstrapAdmin(rt.store.workflow, { by: 'serve:bootstrap', at: isoNow(rt.clock) });
    if (token && flags.adminTokenFile) {
      writeFileSync(flags.adminTokenFile, `${token}\n`, { mode: 0o600 });
      process.stderr.write(`Created user "admin"; its API token is in ${flags.adminTokenFile}\n`);
    } else if (token) {
      process.stderr.write(`Created user "admin". Its API token (shown once): ${token}\n`);
    }
    const url = await app.listen({ host: flags.host, port: Number(flags.port) });
    process.stderr.write(`Ledgerpulse API on ${url} (OpenAPI at ${url}/openapi.json)\n`);
    extras.onListening?.(url);
    await (extras.until ?? signalled());
  } finally {
    await app.close();
    await serving?.close();
    await rt.close();
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API (review, mappings, corrections, replay, drift, connections, signals)')
    .option('--data-dir <dir>', 'where the store lives (default: LP_DATA_DIR or ./.data)')
    .option('--config <file>', 'a JSON config file')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0: any free port)', '8080')
    .option('--admin-token-file <file>', 'write the first admin token here instead of printing it')
    .action(async (o: ServeFlags) => {
      await runServe(o);
    });
}
