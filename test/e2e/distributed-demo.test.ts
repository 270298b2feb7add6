import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { DemoReport } from '../../src/cli/commands/demo-report.js';
import { API_PLATFORMS, createEconomy } from '../../src/emulation/economy/index.js';
import { describeDistributed, expectedCounts, removeRun, sorted } from '../integration/distributed/harness.js';
import { REPO_ROOT } from '../support/paths.js';

const BIN = join(REPO_ROOT, 'bin/ledgerpulse.js');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `ledgerpulse demo --profile distributed` as a user runs it after `scripts/services`: role
 * processes on PostgreSQL, RabbitMQ and Redis, and the same report as the embedded demo.
 */
describeDistributed('distributed demo (CLI)', (urls) => {
  const runId = `lp_t_demo_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const cleanup = [runId];
  afterAll(async () => {
    for (const id of cleanup) await removeRun({ id, urls });
  });

  it('syncs every company through connector, normalizer and scheduler processes and prints the demo report', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lp-distributed-demo-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LP_CONFIG: '',
      LP_STORE_URL: urls.postgres,
      LP_QUEUE_URL: urls.amqp,
      LP_SHARED_URL: urls.redis,
      LEDGERPULSE_MASTER_KEY: '',
    };
    const args = ['--platforms', 'shopify', '--companies', '8', '--seed', '42', '--volume-scale', '0.1'];
    const r = await run(
      ['demo', '--profile', 'distributed', ...args, '--run-id', runId, '--data-dir', dataDir, '--json'],
      env,
    );
    if (r.code !== 0) throw new Error(`demo failed (${r.code}): ${r.stderr}`);
    const report = JSON.parse(r.stdout) as DemoReport;
    expect(JSON.parse(readFileSync(join(dataDir, 'report.json'), 'utf8'))).toEqual(report);

    const economy = createEconomy({ seed: 42, companies: 8, platforms: [...API_PLATFORMS], volumeScale: 0.1 });
    const specs = economy.companiesOn('shopify');
    expect(report.companies).toBe(specs.length);
    expect(sorted(report.canonical)).toEqual(sorted(expectedCounts(economy, specs)));
    expect(report.syncErrors).toEqual([]);
    expect(report.reviewItems.open).toBe(0);
    expect(report.rawEnvelopes).toBe(report.recordsFetched + specs.length);
    expect(report.weeklyOrders.length).toBeGreaterThan(0);
    expect(report.emulators['shopify']).toMatchObject({ rateLimitViolations: 0 });
    expect(report.extra).toMatchObject({
      profile: 'distributed',
      runId,
      processes: { connector: 2, normalizer: 2, scheduler: 1 },
    });
    expect(String(report.extra['store'])).toContain(`schema=${runId}`);
    expect(String(report.extra['store'])).not.toContain(':ledgerpulse@');
    expect(r.stderr).toContain(`run ${runId}`);
  });

  it('50 companies of all four platforms with default faults: reconcile clean, one lease holder at a time, no rate limit broken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lp-distributed-demo-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LP_CONFIG: '',
      LP_STORE_URL: urls.postgres,
      LP_QUEUE_URL: urls.amqp,
      LP_SHARED_URL: urls.redis,
      LEDGERPULSE_MASTER_KEY: '',
    };
    const id = `${runId}_50`;
    cleanup.push(id);
    const args = ['--companies', '50', '--seed', '7', '--volume-scale', '0.02', '--faults', 'default'];
    const r = await run(
      ['demo', '--profile', 'distributed', ...args, '--run-id', id, '--data-dir', dataDir, '--json'],
      env,
    );
    if (r.code !== 0) throw new Error(`demo failed (${r.code}): ${r.stderr.slice(-3000)}`);
    const report = JSON.parse(r.stdout) as DemoReport;
    expect(report.platforms).toEqual([...API_PLATFORMS]);
    expect(report.companies).toBe(50);
    expect(report.syncErrors).toEqual([]);
    expect(report.reconcile?.ok).toBe(true);
    const t = report.reconcile?.totals;
    expect(
      t && { missing: t.missing, extra: t.extra, stale: t.stale, duplicate: t.duplicate, status: t.status },
    ).toEqual({
      missing: 0,
      extra: 0,
      stale: 0,
      duplicate: 0,
      status: 0,
    });
    expect(t?.truth).toBeGreaterThan(1000);
    for (const p of API_PLATFORMS) expect(report.emulators[p], p).toMatchObject({ rateLimitViolations: 0 });
    expect(report.extra).toMatchObject({ processes: { connector: 2, normalizer: 2, scheduler: 1 }, leaseOverlaps: [] });
    expect(Number(report.extra['leaseHolds'])).toBeGreaterThanOrEqual(50);
  }, 600_000);
});
