import { afterEach, describe, expect, it } from 'vitest';
import type { ApiPlatform } from '../../src/emulation/economy/index.js';
import type { ReconcileReport } from '../../src/pipeline/reconcile.js';
import { failures, type Rig, rateLimitViolations, reconcileRig, startRig, syncAll } from './reconcile-rig.js';

// Acceptance of issue 4 under heavy faults: 429 storms, 5xx bursts, dropped connections, expired
// and revoked tokens, malformed and drifted records, pages re-saved mid-read. A round may end with
// streams failed (an open circuit); the next round resumes them from their checkpoints. Re-run until
// reconcile is clean, which must happen within a bounded number of rounds.

/** Stores a fresh grant for a connection, as `connections connect` does after a revoked consent. */
async function reconnect(r: Rig, connectionId: string): Promise<void> {
  const connection = await r.rt.store.connections.get(connectionId);
  const emulator = connection && r.emulators.get(connection.platform as ApiPlatform);
  if (!connection || !emulator) throw new Error(`cannot reconnect ${connectionId}`);
  const credentials = emulator.credentialsFor(connection.account);
  await r.rt.store.connections.upsert({ ...connection, sealedCredentials: r.rt.secrets.seal(credentials) });
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

// Opt-in (LP_TEST_HEAVY=1): a run takes several minutes of mostly idle wall time (the platforms'
// back-off), too long for every CI run; it is the acceptance check of issue 4's heavy-fault clause.
describe.runIf(process.env['LP_TEST_HEAVY'] === '1')('reconciliation under heavy faults', () => {
  it('50 companies: a full then an incremental sync converge once re-run, never break a rate limit, and open circuits on 429 storms', async () => {
    rig = await startRig({
      companies: 50,
      seed: 9,
      volumeScale: 0.01,
      faults: 'heavy',
      now: '2026-11-25T12:00:00.000Z',
    });
    const end = rig.economy.endAt;
    const errors: string[] = [];
    /** Rounds until reconcile is clean; from the third the source stops re-saving records mid-read. */
    const untilClean = async (phase: string): Promise<ReconcileReport> => {
      const r = rig as Rig;
      let report: ReconcileReport | undefined;
      let rounds = 0;
      for (; rounds < 15; rounds++) {
        // The one fault that changes the data itself (a record re-saved between the pages of a
        // read) stops from the third round, so "clean" can be reached; every other fault stays on.
        if (rounds === 2) r.quiet();
        const round = await syncAll(r);
        errors.push(...round.errors);
        // A revoked grant needs a person: the operator reconnects the company (`connections
        // connect`), here a fresh grant from the emulator, and the next round resumes it.
        const revoked = new Set(round.errors.filter((e) => e.includes('LP_AUTH')).map((e) => e.split('/')[0]));
        for (const id of revoked) await reconnect(r, id ?? '');
        const codes = round.errors.map((e) => /: (LP_[A-Z_]+)/.exec(e)?.[1] ?? 'other');
        const byCode = Object.fromEntries([...new Set(codes)].map((c) => [c, codes.filter((x) => x === c).length]));
        process.stdout.write(
          `  ${phase} round ${rounds + 1}: ${round.errors.length} failed streams ${JSON.stringify(byCode)} ${round.errors.map((e) => e.slice(0, e.indexOf(': '))).join(' ')}\n`,
        );
        report = await reconcileRig(r);
        if (report.ok) break;
        const t = report.totals;
        process.stdout.write(
          `    reconcile: missing ${t.missing}, extra ${t.extra}, stale ${t.stale}, duplicate ${t.duplicate}, status ${t.status} ${JSON.stringify(
            Object.values(report.samples)
              .flat()
              .slice(0, 3)
              .map((d) => `${d?.connectionId}/${d?.kind}/${d?.problem}`),
          )}\n`,
        );
      }
      if (!report) throw new Error('no round ran');
      process.stdout.write(
        `heavy faults, ${phase}: clean after ${rounds + 1} round(s); ${errors.length} stream failures so far; ${report.totals.truth} live records, ${report.totals.review} in review\n`,
      );
      return report;
    };

    const full = await untilClean('full sync');
    expect(failures(full)).toEqual({});
    rig.setNow(end);
    const incremental = await untilClean('incremental sync');
    expect(failures(incremental)).toEqual({});
    expect(incremental.totals.matched + incremental.totals.review).toBe(incremental.totals.truth);
    expect(rateLimitViolations(rig)).toEqual(Object.fromEntries(rig.platforms.map((p) => [p, 0])));
    // The storms opened circuits (a stream failed fast with LP_RATE_CIRCUIT_OPEN) instead of the
    // client retrying into them without pause.
    expect(errors.some((e) => e.includes('LP_RATE_CIRCUIT_OPEN'))).toBe(true);
  }, 900_000);
});
