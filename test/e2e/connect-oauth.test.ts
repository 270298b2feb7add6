import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMULATOR_CLIENT,
  type RunningEmulator,
  startQuickbooksEmulator,
} from '../../src/connectors/quickbooks/emulator/server.js';
import { createEconomy } from '../../src/emulation/economy/index.js';
import { waitFor } from '../support/deadline.js';
import { REPO_ROOT } from '../support/paths.js';

const BIN = join(REPO_ROOT, 'bin/ledgerpulse.js');
const economy = createEconomy({ seed: 3, companies: 8, platforms: ['quickbooks'], volumeScale: 0.05 });
const [company] = economy.companiesOn('quickbooks');
const env = {
  ...process.env,
  LEDGERPULSE_MASTER_KEY: randomBytes(32).toString('hex'),
  LEDGERPULSE_MASTER_KEY_FILE: '',
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startQuickbooksEmulator({ economy });
});
afterAll(async () => {
  await emu?.close();
});

describe('connections connect', () => {
  it('prints the consent URL, takes the callback, stores sealed tokens, and the connection syncs', async () => {
    if (!company) throw new Error('no QuickBooks company');
    const dataDir = mkdtempSync(join(tmpdir(), 'lp-connect-'));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        ...[BIN, 'connections', 'connect', '--data-dir', dataDir, '--id', 'qb1', '--platform', 'quickbooks'],
        ...['--base-url', emu.baseUrl, '--client-id', EMULATOR_CLIENT.clientId],
        ...['--client-secret', EMULATOR_CLIENT.clientSecret, '--authorize-url', `${emu.baseUrl}/connect/oauth2`],
        ...['--token-url', `${emu.baseUrl}/oauth2/v1/tokens/bearer`, '--port', String(port), '--timeout', '60'],
        ...['--name', 'Acme Ltd', '--naics', '42', '--country', 'US', '--currency', 'USD', '--time-zone', 'UTC'],
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const consent = await waitFor(() => /^(http\S+)$/m.exec(stdout)?.[1] ?? null, {
      timeoutMs: 30_000,
      what: 'the consent URL',
    });
    expect(new URL(consent).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`);
    // The "browser": the user picks the company on the consent page, which redirects to the CLI.
    await waitFor(() => stderr.includes('Waiting for the redirect'), { timeoutMs: 10_000, what: 'the listener' });
    const granted = await fetch(`${consent}&realmId=${company.account}`, { redirect: 'manual' });
    const landing = await fetch(granted.headers.get('location') ?? '');
    expect(landing.status).toBe(200);
    expect(await exited).toBe(0);
    expect(stdout).toContain(`connection qb1 added: quickbooks account ${company.account}`);

    const list = spawnSync(process.execPath, [BIN, 'connections', 'list', '--data-dir', dataDir, '--json'], {
      env,
      encoding: 'utf8',
    });
    const [row] = JSON.parse(list.stdout) as { id: string; account: string; hasCredentials: boolean }[];
    expect(row).toMatchObject({ id: 'qb1', account: company.account, hasCredentials: true });
    // The stored tokens work: the connection test reads through the connector. (Not spawnSync: the
    // emulator answering it runs in this process.)
    const test = await run(['connections', 'test', 'qb1', '--data-dir', dataDir]);
    expect({ status: test.status, stderr: test.stderr.slice(-600) }).toEqual({ status: 0, stderr: '' });
    expect(test.stdout).toMatch(/^ok: /m);
  });
});
