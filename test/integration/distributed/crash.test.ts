import { afterEach, expect, it } from 'vitest';
import { type RoleEvent, type RoleProcess, startRoleProcess } from '../../../src/cli/demo-processes.js';
import { registerDemoConnections } from '../../../src/cli/demo-steps.js';
import { type CompanySpec, createEconomy } from '../../../src/emulation/economy/index.js';
import type { OpenRuntime } from '../../../src/main.js';
import { RAW_TOPIC } from '../../../src/pipeline/context.js';
import { planSyncs } from '../../../src/pipeline/jobs.js';
import { waitFor } from '../../support/deadline.js';
import { startTcpRelay, type TcpRelay } from '../../support/tcp-relay.js';
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
 * Crash safety of the distributed profile, with every role a real process: a normalizer killed with
 * SIGKILL while it holds messages, and every broker connection cut mid-run. Either way the canonical
 * store ends exactly as the economy says: nothing lost, nothing doubled.
 */
describeDistributed('distributed crash safety', (urls) => {
  const economy = createEconomy({ seed: 8, companies: 6, platforms: PLATFORMS, volumeScale: 0.1 });
  const specs: CompanySpec[] = PLATFORMS.flatMap((p) => [...economy.companiesOn(p)]);
  const expected = sorted(expectedCounts(economy, specs));
  const total = Object.values(expected).reduce((a, c) => a + c.live, 0);

  let run: Run | undefined;
  let emulated: Emulated | undefined;
  let rt: OpenRuntime | undefined;
  let relay: TcpRelay | undefined;
  const workers: RoleProcess[] = [];

  async function setUp(tag: string): Promise<{ run: Run; rt: OpenRuntime; emulated: Emulated }> {
    run = newRun(urls, tag);
    emulated = await startEmulators(economy, PLATFORMS);
    rt = await openRun(run);
    await registerDemoConnections(rt, { economy, platforms: PLATFORMS }, emulated.endpoints);
    return { run, rt, emulated };
  }

  afterEach(async () => {
    for (const w of workers) if (!w.hasExited()) w.kill();
    await Promise.all(workers.splice(0).map((w) => w.exited));
    await rt?.close();
    await emulated?.close();
    await relay?.close();
    if (run) await removeRun(run);
    run = undefined;
    rt = undefined;
    emulated = undefined;
    relay = undefined;
  });

  const canonicalTotal = async (r: OpenRuntime) =>
    Object.values(await r.store.canonical.counts()).reduce((a, c) => a + c.live + c.deleted, 0);

  /** Every company synced and normalized: the counts are the economy's and the raw queue is empty. */
  async function waitUntilComplete(r: OpenRuntime) {
    await waitFor(
      async () => {
        const crashed = workers.find((w) => w.hasExited() && w.role !== 'normalizer');
        if (crashed) throw new Error(`${crashed.role} exited: ${crashed.stderrTail()}`);
        const raw = await r.queue.stats(RAW_TOPIC);
        if (raw.ready + raw.delayed > 0) return false;
        return JSON.stringify(sorted(await r.store.canonical.counts())) === JSON.stringify(expected);
      },
      { timeoutMs: 45_000, intervalMs: 200, what: 'every company synced and normalized' },
    );
  }

  async function expectExactlyOnce(r: OpenRuntime, e: Emulated) {
    const live = workers.filter((w) => !w.hasExited());
    expect(await Promise.all(live.map((w) => w.stop()))).toEqual(live.map(() => 0));
    expect(sorted(await r.store.canonical.counts())).toEqual(expected);
    expect(await r.store.review.list({ status: 'open' })).toEqual([]);
    expect((await r.queue.stats(RAW_TOPIC)).dead).toBe(0);
    expect(e.violations()).toBe(0);
  }

  it('a normalizer killed with SIGKILL mid-batch loses nothing and doubles nothing', async () => {
    const s = await setUp('kill');
    const env = roleEnv(s.run, { LP_MAX_PAGES_PER_TURN: '2' });
    workers.push(
      ...(await Promise.all([
        startRoleProcess('connector', { env }),
        startRoleProcess('connector', { env }),
        // Small batches in flight, so the victim holds unacknowledged messages while it works.
        startRoleProcess('normalizer', { env: { ...env, LP_NORMALIZER_PREFETCH: '2' } }),
      ])),
    );
    const victim = workers[2] as RoleProcess;
    expect((await planSyncs(s.rt, { minIntervalMs: 3_600_000, drain: true })).planned).toBe(specs.length);

    // Kill it while it reports messages in flight and a good part of the work is still ahead.
    await waitFor(
      async () => {
        const m = await scrape(victim.metricsUrl);
        const inFlight = sample(m.text, 'ledgerpulse_queue_messages', { topic: 'raw', state: 'in_flight' });
        return inFlight > 0 && sample(m.text, 'ledgerpulse_records_normalized_total') > 0;
      },
      { timeoutMs: 30_000, intervalMs: 20, what: 'the normalizer busy with a batch' },
    );
    victim.kill();
    expect(await victim.exited).not.toBe(0);
    const atKill = await canonicalTotal(s.rt);
    expect(atKill).toBeLessThan(total);

    // A replacement takes over the killed worker's unacknowledged messages (the broker redelivers them).
    workers.push(await startRoleProcess('normalizer', { env }));
    await waitUntilComplete(s.rt);
    await expectExactlyOnce(s.rt, s.emulated);
  });

  it('every broker connection cut mid-run (a broker restart, seen through a TCP relay): nothing lost or doubled', async () => {
    const s = await setUp('cut');
    relay = await startTcpRelay(urls.amqp);
    const env = roleEnv(s.run, { LP_MAX_PAGES_PER_TURN: '1' }, relay.url(s.run.queueUrl));
    const events: RoleEvent[] = [];
    const onEvent = (e: RoleEvent) => void events.push(e);
    workers.push(
      ...(await Promise.all([
        startRoleProcess('connector', { env, onEvent }),
        startRoleProcess('connector', { env, onEvent }),
        startRoleProcess('normalizer', { env }),
        startRoleProcess('normalizer', { env }),
      ])),
    );
    const before = relay.connections;
    expect((await planSyncs(s.rt, { minIntervalMs: 3_600_000, drain: true })).planned).toBe(specs.length);

    // First cut: connectors are mid-sync (publishing pages, holding jobs), normalizers mid-batch.
    await waitFor(
      async () => events.filter((e) => e.event === 'turn').length >= 2 && (await canonicalTotal(s.rt)) > 0,
      { timeoutMs: 30_000, intervalMs: 20, what: 'the run under way' },
    );
    relay.cut();
    const atCut = await canonicalTotal(s.rt);
    const finishedAtCut = new Set(events.filter((e) => e.event === 'turn' && !e['more']).map((e) => e['connectionId']));
    expect(finishedAtCut.size).toBeLessThan(specs.length);
    // The workers reconnect through the relay on their own.
    await waitFor(() => relay && relay.connections >= before + 4, { timeoutMs: 20_000, what: 'reconnections' });
    // Second cut, once the run has moved on (unless it already finished).
    const mid = await waitFor(
      async () => {
        const n = await canonicalTotal(s.rt);
        return n > atCut ? n : null;
      },
      { timeoutMs: 30_000, what: 'progress after the cut' },
    );
    if (mid < total) relay.cut();

    await waitUntilComplete(s.rt);
    expect(workers.every((w) => !w.hasExited())).toBe(true);
    await expectExactlyOnce(s.rt, s.emulated);
  });
});
