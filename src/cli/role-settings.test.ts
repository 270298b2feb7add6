import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { UsageError } from './output.js';
import { resolveRoleSettings } from './role-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'lp-roles-'));

describe('role settings', () => {
  it('defaults from the Config', () => {
    const config = loadConfig({ dataDir: dir, env: {} });
    expect(resolveRoleSettings('connector', {}, config, {})).toEqual({
      metricsPort: 0,
      metricsHost: '127.0.0.1',
      shutdownGraceMs: 10_000,
      raw: { maxDepth: 2000, maxAgeMs: 120_000, slowAt: 0.5, pollMs: 100 },
      scheduler: { intervalMs: 900_000, tickMs: 5_000, slowBatch: 1, failureBackoffMs: 30_000 },
      connector: { concurrency: 8, maxPagesPerTurn: 20, leaseMs: 120_000, maxAttempts: 10 },
      normalizer: { prefetch: 4, maxAttempts: 5 },
    });
  });

  it('layers the file, then the environment, then flags', () => {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        metricsPort: 9464,
        raw: { maxDepth: 500, maxAgeMs: 60_000, slowAt: 0.8 },
        concurrency: { syncs: 3, normalizerPrefetch: 6 },
        scheduler: { tickMs: 2000, slowBatch: 4 },
        connector: { maxPagesPerTurn: 5 },
        normalizer: { maxAttempts: 7 },
      }),
    );
    const env = { LP_RAW_MAX_DEPTH: '800', LP_MAX_PAGES_PER_TURN: '9', LP_METRICS_HOST: '0.0.0.0' };
    const config = loadConfig({ dataDir: dir, file, env });
    const connector = resolveRoleSettings(
      'connector',
      { config: file, concurrency: '2', metricsPort: '0' },
      config,
      env,
    );
    expect(connector.metricsPort).toBe(0);
    expect(connector.metricsHost).toBe('0.0.0.0');
    expect(connector.raw).toEqual({ maxDepth: 800, maxAgeMs: 60_000, slowAt: 0.8, pollMs: 100 });
    expect(connector.scheduler).toMatchObject({ tickMs: 2000, slowBatch: 4 });
    expect(connector.connector).toEqual({ concurrency: 2, maxPagesPerTurn: 9, leaseMs: 120_000, maxAttempts: 10 });
    expect(connector.normalizer).toEqual({ prefetch: 6, maxAttempts: 7 });

    const normalizer = resolveRoleSettings(
      'normalizer',
      { config: file, concurrency: '12', metrics: false },
      config,
      env,
    );
    expect(normalizer.metricsPort).toBeNull();
    expect(normalizer.normalizer).toEqual({ prefetch: 12, maxAttempts: 7 });
    expect(normalizer.connector.concurrency).toBe(3);
  });

  it('names the setting that is wrong', () => {
    const config = loadConfig({ dataDir: dir, env: {} });
    expect(() => resolveRoleSettings('scheduler', { interval: 'soon' }, config, {})).toThrow(UsageError);
    expect(() => resolveRoleSettings('scheduler', {}, config, { LP_RAW_SLOW_AT: '2' })).toThrow(
      /role setting raw\.slowAt/,
    );
  });
});
