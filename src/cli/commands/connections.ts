import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PLATFORMS, type Platform } from '../../canonical/index.js';
import { loadConnector } from '../../connectors/registry.js';
import { parseSchedule } from '../../pipeline/schedule.js';
import type { Connection } from '../../ports/connection-store.js';
import { type CompanyFlags, companyOf } from '../company-flags.js';
import { printJson, UsageError } from '../output.js';
import { openCliRuntime, type RuntimeFlags } from '../runtime.js';
import { registerConnect } from './connect.js';

interface AddOptions extends RuntimeFlags, CompanyFlags {
  id: string;
  platform: string;
  account: string;
  baseUrl: string;
  credentials: string;
  schedule?: string;
}

function readCredentials(text: string): Record<string, string> {
  const raw = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UsageError('--credentials must be a JSON object or @file holding one');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--credentials must be a JSON object');
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** What `list` shows: everything but the sealed credentials. */
export function describeConnection(c: Connection) {
  return {
    id: c.id,
    platform: c.platform,
    account: c.account,
    baseUrl: c.baseUrl,
    company: c.company,
    schedule: c.schedule,
    createdAt: c.createdAt,
    hasCredentials: c.sealedCredentials !== null,
  };
}

export function registerConnections(program: Command): void {
  const cmd = program.command('connections').description('manage the companies Ledgerpulse syncs');
  registerConnect(cmd);
  const common = (c: Command) =>
    c
      .option('--data-dir <dir>', 'data directory (default .data or LP_DATA_DIR)')
      .option('--config <file>', 'JSON config file');

  common(
    cmd
      .command('add')
      .description('add or update a connection; credentials are sealed with AES-256-GCM under LEDGERPULSE_MASTER_KEY')
      .requiredOption('--id <id>', 'connection id (one per company)')
      .requiredOption('--platform <platform>', PLATFORMS.join('|'))
      .requiredOption('--account <account>', 'shop domain, realm id, tenant id or NetSuite account id')
      .requiredOption('--base-url <url>', 'API base URL (e.g. an emulator URL)')
      .option('--credentials <json|@file>', 'credentials as a JSON object', '{}')
      .requiredOption('--name <legalName>', 'company legal name')
      .requiredOption('--naics <code>', 'NAICS industry code')
      .requiredOption('--country <cc>', 'ISO 3166 country code')
      .requiredOption('--currency <code>', 'base currency (ISO 4217)')
      .requiredOption('--time-zone <zone>', 'IANA time zone')
      .option('--size-band <band>', 'micro|small|medium|large', 'small')
      .option(
        '--schedule <schedule>',
        'how often to sync: every 15m, 2h, hourly, daily (default: the scheduler interval)',
      ),
  ).action(async (o: AddOptions) => {
    if (!(PLATFORMS as readonly string[]).includes(o.platform)) throw new UsageError(`unknown platform ${o.platform}`);
    if (o.schedule !== undefined && parseSchedule(o.schedule) === undefined) {
      throw new UsageError(
        `--schedule ${JSON.stringify(o.schedule)} is not a schedule: use every <n>m|h|d (at least 1m), hourly or daily`,
      );
    }
    const rt = await openCliRuntime(o);
    try {
      const existing = await rt.store.connections.get(o.id);
      await rt.store.connections.upsert({
        id: o.id,
        platform: o.platform as Platform,
        account: o.account,
        baseUrl: o.baseUrl,
        company: companyOf(o),
        sealedCredentials: rt.secrets.seal(readCredentials(o.credentials)),
        schedule: o.schedule ?? null,
        createdAt: existing?.createdAt ?? new Date().toISOString(),
      });
      process.stdout.write(`connection ${o.id} ${existing ? 'updated' : 'added'}\n`);
    } finally {
      await rt.close();
    }
  });

  common(
    cmd.command('list').description('list connections (never their credentials)').option('--json', 'print JSON'),
  ).action(async (o: RuntimeFlags & { json?: boolean }) => {
    const rt = await openCliRuntime(o);
    try {
      const list = await rt.store.connections.list();
      const rows = await Promise.all(
        list.map(async (c) => ({ ...describeConnection(c), streams: await rt.store.connections.getState(c.id) })),
      );
      if (o.json) printJson(rows);
      else
        for (const r of rows) {
          const last =
            r.streams
              .map((s) => s.lastSyncAt ?? '')
              .sort()
              .at(-1) || 'never';
          const errors = r.streams.filter((s) => s.lastError).length;
          process.stdout.write(`${r.id}\t${r.platform}\t${r.account}\tlast sync ${last}\t${errors} stream error(s)\n`);
        }
    } finally {
      await rt.close();
    }
  });

  common(cmd.command('remove').description('remove a connection and its sync state').argument('<id>')).action(
    async (id: string, o: RuntimeFlags) => {
      const rt = await openCliRuntime(o);
      try {
        if (!(await rt.store.connections.remove(id))) throw new UsageError(`no connection ${id}`);
        process.stdout.write(`connection ${id} removed (its raw and canonical records are kept)\n`);
      } finally {
        await rt.close();
      }
    },
  );

  common(
    cmd
      .command('test')
      .description('check a connection: read the first page of its first stream, store nothing')
      .argument('<id>'),
  ).action(async (id: string, o: RuntimeFlags) => {
    const rt = await openCliRuntime(o);
    try {
      const c = await rt.store.connections.get(id);
      if (!c) throw new UsageError(`no connection ${id}`);
      const connector = await loadConnector(c.platform);
      const stream = connector.streams[0];
      if (!stream) throw new UsageError(`${c.platform} has no streams`);
      const credentials = c.sealedCredentials ? rt.secrets.open(c.sealedCredentials) : {};
      const ctx = {
        connection: { id: c.id, account: c.account, baseUrl: c.baseUrl, credentials },
        logger: rt.logger,
        clock: rt.clock,
        shared: rt.shared,
        signal: new AbortController().signal,
        loadCredentials: async () => credentials,
        saveCredentials: async (next: Record<string, string>) => {
          await rt.store.connections.upsert({ ...c, sealedCredentials: rt.secrets.seal(next) });
        },
      };
      for await (const page of stream.read(ctx, null)) {
        process.stdout.write(
          `ok: ${c.platform} ${stream.name} answered with ${page.records.length} record(s) on the first page\n`,
        );
        break;
      }
    } finally {
      await rt.close();
    }
  });
}
