import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerCorrect } from '../../../src/cli/commands/correct.js';
import { registerDrift } from '../../../src/cli/commands/drift.js';
import { registerMappings } from '../../../src/cli/commands/mappings.js';
import { registerReplay } from '../../../src/cli/commands/replay.js';
import { registerReview } from '../../../src/cli/commands/review.js';
import { runServe } from '../../../src/cli/commands/serve.js';
import { openCliRuntime } from '../../../src/cli/runtime.js';
import { makeEnvelope } from '../../../src/connectors/kit/envelope.js';
import { replay } from '../../../src/pipeline/replay.js';
import { FIXTURES_DIR } from '../../support/paths.js';

// The workflow commands, run in-process against a data dir as `ledgerpulse <command>` would.
const dir = mkdtempSync(join(tmpdir(), 'lp-review-cli-'));
const order = (
  JSON.parse(readFileSync(join(FIXTURES_DIR, 'shopify/orders_list.json'), 'utf8')) as {
    orders: Record<string, unknown>[];
  }
).orders[0] as Record<string, unknown>;

async function cli(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerReview(program);
  registerMappings(program);
  registerReplay(program);
  registerCorrect(program);
  registerDrift(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'ledgerpulse', ...args, '--data-dir', dir]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

const json = async <T>(...args: string[]) => JSON.parse(await cli(...args, '--json')) as T;

beforeAll(async () => {
  writeFileSync(join(dir, 'master.key'), randomBytes(32).toString('hex'), { mode: 0o600 });
  const rt = await openCliRuntime({ dataDir: dir });
  try {
    await rt.store.connections.upsert({
      id: 'c1',
      platform: 'shopify',
      account: 'cli.myshopify.com',
      baseUrl: 'http://127.0.0.1:9/shops/cli',
      company: {
        legalName: 'CLI Shop',
        naics: '44',
        country: 'US',
        baseCurrency: 'USD',
        timeZone: 'UTC',
        sizeBand: 'micro',
      },
      sealedCredentials: null,
      schedule: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const envelopes = [
      { ...order, id: 1 },
      { ...order, id: 2, total_price: '598,94' },
    ].map((p) =>
      makeEnvelope({
        platform: 'shopify',
        connectionId: 'c1',
        account: 'cli.myshopify.com',
        object: 'orders',
        externalId: String(p.id),
        sourceVersion: '1',
        sourceUpdatedAt: '2026-05-01T00:00:00.000Z',
        fetchedAt: '2026-06-01T00:00:00.000Z',
        contentType: 'application/json',
        payload: JSON.stringify(p),
        pageHash: null,
        runId: 'r1',
      }),
    );
    await rt.store.raw.put(envelopes);
    await replay(rt, { connectionId: 'c1' }, { dryRun: false, by: 'setup' });
  } finally {
    await rt.close();
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('review CLI', () => {
  it('lists, groups and shows review items', async () => {
    const items = await json<{ id: string; field: string }[]>('review', 'list');
    expect(items.map((i) => i.field)).toEqual(['total_price']);
    const groups = await json<{ open: number }[]>('review', 'list', '--groups');
    expect(groups).toEqual([expect.objectContaining({ reason: 'LP_INPUT_SCHEMA', open: 1 })]);
    const text = await cli('review', 'show', items[0]?.id ?? '');
    expect(text).toContain('"total_price": "598,94"');
    expect(await cli('review', 'list', '--groups')).toMatch(/LP_INPUT_SCHEMA\s+shopify\s+orders\s+total_price\s+1\s+1/);
  });

  it('previews a rule, saves it only with --yes, replays with a dry run first, and resolves', async () => {
    const rule = ['--platform', 'shopify', '--object', 'orders', '--source', 'total_price', '--target', 'total_price'];
    const unsaved = await json<{ saved: boolean }>('mappings', 'add', ...rule, '--transform', 'decimal_comma');
    expect(unsaved.saved).toBe(false);
    expect(await json<unknown[]>('mappings', 'list')).toEqual([]);
    const saved = await json<{ saved: boolean; rule: { version: number } }>(
      'mappings',
      'add',
      ...rule,
      '--transform',
      'decimal_comma',
      '--yes',
      '--by',
      'alice',
    );
    expect(saved).toMatchObject({ saved: true, rule: { version: 1 } });

    const dry = await cli('replay', '--reason', 'LP_INPUT_SCHEMA', '--dry-run');
    expect(dry).toMatch(/Dry run: nothing written/);
    expect(dry).toMatch(/records added\s+1/);
    const applied = await json<{ counts: { added: number; resolved: number } }>(
      'replay',
      '--reason',
      'LP_INPUT_SCHEMA',
    );
    expect(applied.counts).toMatchObject({ added: 1, resolved: 1 });
    expect(await json<unknown[]>('review', 'list')).toEqual([]);
    const noop = await json<{ counts: Record<string, number> }>('replay', '--connection', 'c1', '--dry-run');
    expect(Object.values(noop.counts)).toEqual([0, 0, 0, 0, 0]);
  });

  it('corrects a record with an audited overlay, and reverts it', async () => {
    const id = 'sales_order:c1:1';
    const r = await json<{ correction: { id: string; oldValue: unknown }; record: { number: string } }>(
      'correct',
      id,
      'number',
      '#A-1',
      '--reason',
      'renumbered in the ledger',
    );
    expect(r.correction.oldValue).toBe('#1001');
    expect(r.record.number).toBe('#A-1');
    expect(await cli('correct', id, '--list')).toContain('renumbered in the ledger');
    const back = await json<{ record: { number: string } }>('correct', '--revert', r.correction.id);
    expect(back.record.number).toBe('#1001');
    await expect(cli('correct', id, 'number', 'x')).rejects.toThrow(/--reason is required/);
  });

  it('lists drift alerts (none here) and serves the API with a bootstrap admin token', async () => {
    expect(await json<unknown[]>('drift', 'list')).toEqual([]);
    let stop = () => {};
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const tokenFile = join(dir, 'admin.token');
    let url = '';
    const listening = new Promise<void>((resolve) => {
      void runServe(
        { dataDir: dir, host: '127.0.0.1', port: '0', adminTokenFile: tokenFile },
        {
          until,
          onListening: (u) => {
            url = u;
            resolve();
          },
        },
      );
    });
    await listening;
    try {
      const token = readFileSync(tokenFile, 'utf8').trim();
      const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(await me.json()).toMatchObject({ name: 'admin', role: 'admin' });
      const audit = await fetch(`${url}/audit?action=rule.add`, { headers: { authorization: `Bearer ${token}` } });
      expect(await audit.json()).toEqual([expect.objectContaining({ actor: 'alice', action: 'rule.add' })]);
      expect((await fetch(`${url}/review/groups`)).status).toBe(401);
    } finally {
      stop();
    }
  });
});
