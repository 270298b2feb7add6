import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

const BIN = join(REPO_ROOT, 'bin/ledgerpulse.js');
const ARGS = ['--companies', '8', '--seed', '11', '--volume-scale', '0.1', '--drop-dir', 'none', '--json'];

/**
 * Every API response body the connectors stored (the raw store keeps each page by hash), hashed,
 * with the emulator's own address taken out: each run listens on a free port, and NetSuite echoes
 * its base URL in `links`. Sorted, because syncs run concurrently.
 */
function responseHashes(): { hashes: string[]; platforms: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'lp-determinism-'));
  const r = spawnSync(process.execPath, [BIN, 'demo', '--data-dir', dir, ...ARGS], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`demo failed (${r.status}): ${r.stderr}`);
  const db = new Database(join(dir, 'store.db'), { readonly: true });
  try {
    const rows = db.prepare("select body, source from raw_pages where source like 'http%'").all() as {
      body: string;
      source: string;
    }[];
    const platforms = new Set<string>();
    for (const row of rows) {
      if (row.source.includes('/services/rest/')) platforms.add('netsuite');
      else if (row.source.includes('/admin/api/')) platforms.add('shopify');
      else if (row.source.includes('/api.xro/')) platforms.add('xero');
      else if (row.source.includes('/v3/company/')) platforms.add('quickbooks');
    }
    const hashes = rows
      .map((row) => row.body.replace(/127\.0\.0\.1:\d+/g, 'EMULATOR'))
      .map((body) => createHash('sha256').update(body).digest('hex'))
      .sort();
    return { hashes, platforms: [...platforms].sort() };
  } finally {
    db.close();
  }
}

describe('emulators driven by one seed', () => {
  it('answer every request of a full sync of all four platforms with byte-identical bodies, run after run', () => {
    const first = responseHashes();
    const second = responseHashes();
    expect(first.platforms).toEqual(['netsuite', 'quickbooks', 'shopify', 'xero']);
    expect(first.hashes.length).toBeGreaterThan(40);
    expect(second.hashes).toEqual(first.hashes);
  });
});
