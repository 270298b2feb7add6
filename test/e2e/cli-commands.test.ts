import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, REPO_ROOT } from '../support/paths.js';

const BIN = join(REPO_ROOT, 'bin/ledgerpulse.js');

/** The shipped bin, from a directory outside the repository (as after `npm link`). */
function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: tmpdir(),
    timeout: 60_000,
    // No master key: commands that never touch credentials must not need one.
    env: { ...process.env, LEDGERPULSE_MASTER_KEY: '', LEDGERPULSE_MASTER_KEY_FILE: '' },
  });
}

describe('the ledgerpulse bin', () => {
  it('registers every documented command', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    for (const c of [
      'schema',
      'normalize',
      'demo',
      'emulate',
      'economy',
      'connections',
      'sync',
      'ingest',
      'scheduler',
      'connector',
      'normalizer',
      'reconcile',
      'signals',
      'review',
      'mappings',
      'correct',
      'replay',
      'drift',
      'serve',
    ]) {
      expect(commands).toContain(c);
    }
  });

  it('runs the workflow commands on a fresh data dir, and names a missing serving table plainly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-cli-'));
    const review = cli('review', 'list', '--data-dir', dir, '--json');
    expect({ status: review.status, stderr: review.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(review.stdout)).toEqual([]);
    const drift = cli('drift', 'list', '--data-dir', dir, '--json');
    expect(drift.status).toBe(0);
    expect(JSON.parse(drift.stdout)).toEqual([]);
    const signals = cli('signals', 'show', '--data-dir', dir);
    expect(signals.status).toBe(1);
    expect(signals.stderr).toMatch(/run `ledgerpulse signals run` first/);
  });

  it('needs the master key only to seal or open credentials, and says so plainly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-cli-'));
    const add = cli(
      ...['connections', 'add', '--data-dir', dir, '--id', 'c1', '--platform', 'shopify'],
      ...['--account', 'a.myshopify.com', '--base-url', 'http://127.0.0.1:9', '--credentials', '{"access_token":"x"}'],
      ...['--name', 'A Ltd', '--naics', '44', '--country', 'US', '--currency', 'USD', '--time-zone', 'UTC'],
    );
    expect(add.status).toBe(1);
    expect(add.stderr.trim()).toMatch(/^error LP_CONFIG_MASTER_KEY: no master key: set LEDGERPULSE_MASTER_KEY/);
    const list = cli('connections', 'list', '--data-dir', dir, '--json');
    expect(list.status).toBe(0);
  });

  it('normalize prints canonical records for a fixture, and one error line with exit 1 for a truncated one', () => {
    const fixture = join(FIXTURES_DIR, 'shopify', 'orders_list.json');
    const ok = cli('normalize', '--platform', 'shopify', '--object', 'order', fixture);
    expect(ok.status).toBe(0);
    const source = JSON.parse(readFileSync(fixture, 'utf8')) as { orders: { total_price: string; currency: string }[] };
    const printed = JSON.parse(ok.stdout) as { kind: string; total: string; currency: string }[];
    expect(printed.map((r) => [r.kind, r.total, r.currency])).toEqual(
      source.orders.map((o) => ['sales_order', o.total_price, o.currency]),
    );
    const truncated = join(mkdtempSync(join(tmpdir(), 'lp-cli-')), 'truncated.json');
    writeFileSync(truncated, readFileSync(fixture, 'utf8').slice(0, 300));
    const bad = cli('normalize', '--platform', 'shopify', '--object', 'order', truncated);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^error LP_INPUT_NOT_JSON: .*is it truncated\?/);
    const usage = cli('normalize', '--platform', 'shopify', truncated);
    expect(usage.status).toBe(2);
  });
});
