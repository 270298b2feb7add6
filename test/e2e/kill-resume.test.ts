import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/deadline.js';
import { REPO_ROOT } from '../support/paths.js';

const BIN = join(REPO_ROOT, 'bin/ledgerpulse.js');
const ARGS = ['--platforms', 'shopify', '--companies', '16', '--seed', '7', '--volume-scale', '0.2', '--json'];

function demo(dataDir: string) {
  const r = spawnSync(process.execPath, [BIN, 'demo', '--data-dir', dataDir, ...ARGS], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (r.status !== 0) throw new Error(`demo failed (${r.status}): ${r.stderr}`);
  return JSON.parse(readFileSync(join(dataDir, 'report.json'), 'utf8')) as {
    canonical: Record<string, { live: number; deleted: number }>;
    rawEnvelopes: number;
  };
}

function rawCount(dataDir: string): number {
  const file = join(dataDir, 'store.db');
  if (!existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from raw_envelopes').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the schema may not exist yet
  }
}

function canonicalRows(dataDir: string): { kind: string; n: number }[] {
  const db = new Database(join(dataDir, 'store.db'), { readonly: true });
  try {
    return db.prepare('select kind, count(*) as n from canonical_records group by kind order by kind').all() as {
      kind: string;
      n: number;
    }[];
  } finally {
    db.close();
  }
}

describe('crash safety of the embedded pipeline', () => {
  it('a demo killed with SIGKILL mid-sync and re-run ends with the same canonical records as an uninterrupted run', async () => {
    const clean = mkdtempSync(join(tmpdir(), 'lp-clean-'));
    const expected = demo(clean);
    const total = expected.rawEnvelopes;
    expect(total).toBeGreaterThan(500);

    const crashed = mkdtempSync(join(tmpdir(), 'lp-crash-'));
    const child = spawn(process.execPath, [BIN, 'demo', '--data-dir', crashed, ...ARGS], { stdio: 'ignore' });
    // Kill once part of the history is stored, well before the end.
    await waitFor(() => rawCount(crashed) > total / 4, {
      timeoutMs: 120_000,
      intervalMs: 20,
      what: 'a quarter of the sync',
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const atKill = rawCount(crashed);
    expect(atKill).toBeLessThan(total);

    const resumed = demo(crashed);
    expect(resumed.canonical).toEqual(expected.canonical);
    expect(canonicalRows(crashed)).toEqual(canonicalRows(clean));
    expect(resumed.rawEnvelopes).toBe(total);

    // Running again on the same data dir adds nothing.
    const again = demo(crashed);
    expect(again.canonical).toEqual(expected.canonical);
    expect(canonicalRows(crashed)).toEqual(canonicalRows(clean));
  });
});
