import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { createRuntime, type OpenRuntime } from '../main.js';

export interface RuntimeFlags {
  readonly dataDir?: string;
  readonly config?: string;
  readonly logLevel?: string;
}

/**
 * Opens the runtime for a CLI command. The demo may create its own master key in the data dir
 * (mode 0600) so it runs with zero set-up; every other command needs one configured.
 */
export async function openCliRuntime(
  flags: RuntimeFlags,
  opts: { createKey?: boolean; tempDir?: boolean } = {},
): Promise<OpenRuntime> {
  const dataDir = flags.dataDir ?? (opts.tempDir ? mkdtempSync(join(tmpdir(), 'ledgerpulse-')) : undefined);
  if (dataDir && opts.createKey) {
    mkdirSync(dataDir, { recursive: true });
    const keyFile = join(dataDir, 'master.key');
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  const config: Config = loadConfig({
    ...(dataDir ? { dataDir } : {}),
    ...(flags.config ? { file: flags.config } : {}),
    ...(flags.logLevel ? { overrides: { logLevel: flags.logLevel as Config['logLevel'] } } : {}),
  });
  return createRuntime(config);
}
