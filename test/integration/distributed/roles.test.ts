import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RoleEvent, type RoleProcess, startRoleProcess } from '../../../src/cli/demo-processes.js';
import { registerDemoConnections } from '../../../src/cli/demo-steps.js';
import { type LeaseEvent, leaseOverlaps } from '../../../src/cli/lease-overlaps.js';
import { type CompanySpec, createEconomy } from '../../../src/emulation/economy/index.js';
import type { OpenRuntime } from '../../../src/main.js';
import { RAW_TOPIC } from '../../../src/pipeline/context.js';
import { SYNC_TOPIC, type SyncJob } from '../../../src/pipeline/jobs.js';
import { waitFor } from '../../support/deadline.js';
import {
  describeDistributed,
  type Emulated,
  expectedCounts,
  newRun,
  openRun,
  PLATFORMS,
  type Run,
  removeRun,
  roleEnv,
  sample,
  scrape,
  sorted,
  startEmulators,
} from './harness.js';

/**
 * The distributed profile with its roles as real processes: PostgreSQL store, RabbitMQ queue, Redis
 * shared state, two connector and two normalizer processes (bin/ledgerpulse.js), emulators here.
 */
describeDistributed('distributed roles as processes', (urls) => {
  const economy = createEconomy({ seed: 7, companies: 6, platforms: PLATFORMS, volumeScale: 0.1 });
  const specs: CompanySpec[] = PLATFORMS.flatMap((p) => [...economy.companiesOn(p)]);
  let run: Run;
  let emulated: Emulated;
  let rt: OpenRuntime;
  const workers: RoleProcess[] = [];

  beforeAll(async () => {
    run = newRun(urls, 'roles');
    emulated = await startEmulators(economy, PLATFORMS);
    rt = await openRun(run);
    await registerDemoConnections(rt, { economy, platforms: PLATFORMS }, emulated.endpoints);
  });

  afterAll(async () => {
    for (const w of workers) if (!w.hasExited()) w.kill();
    await Promise.all(workers.map((w) => w.exited));
    await rt?.close();
    await emulated?.close();
    if (run) await removeRun(run);
  });

  it('syncs every company exactly once across processes: one lease holder at a time, shared rate limits held', async () => {
    // Every job twice, back to back, before any worker runs: the first consumer takes both copies of
    // a connection at once, so the lease has to keep the second turn out.
    const jobs = specs.flatMap((s) => {
      const body: SyncJob = { connectionId: s.id, turn: 0, plan: `${s.id}:p` };
      return [
        { id: `${s.id}:p`, body },
        { id: `${s.id}:dup`, body: { ...body, plan: `${s.id}:dup` } },
      ];
    });
    await rt.queue.publish(SYNC_TOPIC, jobs);

    const events: RoleEvent[] = [];
    // One page per stream per turn, so every connection takes several turns (fair share) and the
    // two job chains of each connection keep meeting at its lease.
    const env = roleEnv(run, { LP_MAX_PAGES_PER_TURN: '1', LP_SYNC_CONCURRENCY: '2', LP_NORMALIZER_PREFETCH: '4' });
    const onEvent = (e: RoleEvent) => void events.push(e);
    workers.push(
      ...(await Promise.all([
        startRoleProcess('connector', { env, onEvent }),
        startRoleProcess('connector', { env, onEvent }),
        startRoleProcess('normalizer', { env }),
        startRoleProcess('normalizer', { env }),
      ])),
    );
    const expected = sorted(expectedCounts(economy, specs));
    expect(expected['sales_order']?.live).toBeGreaterThan(300);

    await waitFor(
      async () => {
        const crashed = workers.find((w) => w.hasExited());
        if (crashed) throw new Error(`${crashed.role} exited: ${crashed.stderrTail()}`);
        const raw = await rt.queue.stats(RAW_TOPIC);
        const sync = await rt.queue.stats(SYNC_TOPIC);
        if (raw.ready + raw.delayed + sync.ready + sync.delayed > 0) return false;
        return JSON.stringify(sorted(await rt.store.canonical.counts())) === JSON.stringify(expected);
      },
      { timeoutMs: 50_000, intervalMs: 200, what: 'every company synced and normalized' },
    );

    // Each role serves its metrics and health while it runs.
    const [connector, , normalizer] = workers;
    const c = await scrape(connector?.metricsUrl ?? null);
    expect(sample(c.text, 'ledgerpulse_pages_fetched_total')).toBeGreaterThan(0);
    expect(sample(c.text, 'ledgerpulse_envelopes_published_total')).toBeGreaterThan(0);
    expect(sample(c.text, 'ledgerpulse_sync_turns_total')).toBeGreaterThan(0);
    expect(c.text).toContain('ledgerpulse_queue_messages{topic="raw",state="ready",role="connector"}');
    const n = await scrape(normalizer?.metricsUrl ?? null);
    expect(sample(n.text, 'ledgerpulse_records_normalized_total')).toBeGreaterThan(0);
    expect(
      sample(n.text, 'ledgerpulse_queue_messages_settled_total', { topic: 'raw', outcome: 'ack' }),
    ).toBeGreaterThan(0);
    const health = await scrape(normalizer?.metricsUrl ?? null, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({
      status: 'ok',
      role: 'normalizer',
      checks: { store: 'ok', queue: 'ok', shared: 'ok' },
    });

    // Graceful stop: each finishes what it holds; nothing is redone or doubled afterwards.
    expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0, 0, 0]);
    expect(sorted(await rt.store.canonical.counts())).toEqual(expected);
    expect(await rt.store.review.list({ status: 'open' })).toEqual([]);
    expect((await rt.queue.stats(RAW_TOPIC)).dead).toBe(0);
    expect((await rt.queue.stats(SYNC_TOPIC)).dead).toBe(0);

    const turns = events.filter((e) => e.event === 'turn');
    const leases = events.filter((e) => e.event === 'lease') as unknown as LeaseEvent[];
    expect(new Set(turns.map((t) => t.pid)).size).toBe(2);
    expect(turns.filter((t) => t['skipped']).length).toBeGreaterThan(0);
    expect(leases.length).toBeGreaterThan(specs.length * 2);
    expect(leaseOverlaps(leases)).toEqual([]);
    // Both processes took turns of the same connections, so leases moved between them.
    const holders = new Map<string, Set<number>>();
    for (const l of leases) holders.set(l.connectionId, (holders.get(l.connectionId) ?? new Set()).add(l.pid));
    expect([...holders.values()].some((pids) => pids.size === 2)).toBe(true);
    expect(emulated.violations()).toBe(0);
  });
});
