import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import type { CanonicalRecord } from '../../../src/canonical/index.js';
import { CanonicalRecord as CanonicalSchema, cmp } from '../../../src/canonical/index.js';
import { createFakeClock, systemClock } from '../../../src/connectors/kit/clock.js';
import type { ConnectorDefinition, PageRecord, StreamContext } from '../../../src/connectors/kit/define.js';
import type { MapContext } from '../../../src/connectors/kit/mapper.js';
import type { RunningEmulator } from '../../../src/connectors/netsuite/emulator/server.js';
import { startNetsuiteEmulator } from '../../../src/connectors/netsuite/emulator/server.js';
import { createNetsuiteConnector } from '../../../src/connectors/netsuite/index.js';
import type { CompanySpec, DocumentState, Economy, SynthKind } from '../../../src/emulation/economy/index.js';
import { createEconomy, createFaultInjector, documentAt } from '../../../src/emulation/economy/index.js';
import { isLedgerpulseError, RateLimitError } from '../../../src/errors/index.js';
import { createLogger } from '../../../src/log/logger.js';
import type { SharedState } from '../../../src/ports/shared-state.js';

// Full, then incremental, syncs of every NetSuite stream of six companies over real HTTP against
// the emulator (TBA-signed, concurrency-governed), checked record by record against the economy.
const FIRST_NOW = '2026-06-15T00:00:00.000Z';
const logger = createLogger({ level: 'silent' });

const STREAM_KIND: Record<string, SynthKind> = {
  invoices: 'invoice',
  credit_memos: 'credit_note',
  vendor_bills: 'bill',
  purchase_orders: 'purchase_order',
  sales_orders: 'sales_order',
};

let economy: Economy;
let emu: RunningEmulator;
let shared: SharedState;
let connector: ConnectorDefinition;
const contexts = new Map<string, StreamContext>();

beforeAll(async () => {
  economy = createEconomy({ seed: 9, companies: 6, platforms: ['netsuite'], volumeScale: 0.03 });
  emu = await startNetsuiteEmulator({ economy, now: FIRST_NOW });
  shared = createMemorySharedState();
  // Small pages so every stream of every company crosses page boundaries.
  connector = createNetsuiteConnector({ transactionPageSize: 20, rowPageSize: 15, random: () => 0.5 });
  for (const spec of economy.companiesOn('netsuite')) {
    const credentials = emu.credentialsFor(spec.account);
    contexts.set(spec.id, {
      // A base-URL template as in production (https://{accountHost}.suitetalk.api.netsuite.com).
      connection: {
        id: `conn-${spec.id}`,
        account: spec.account,
        baseUrl: `${emu.baseUrl}/accounts/{accountId}`,
        credentials,
      },
      logger,
      clock: systemClock,
      shared,
      signal: new AbortController().signal,
      loadCredentials: async () => credentials,
      saveCredentials: async () => {},
    });
  }
});
afterAll(async () => {
  await emu?.close();
});

interface Read {
  records: PageRecord[];
  checkpoint: string | null;
  pages: number;
}

async function readStream(spec: CompanySpec, name: string, cursor: string | null): Promise<Read> {
  const def = connector.streams.find((s) => s.name === name);
  const ctx = contexts.get(spec.id);
  if (!def || !ctx) throw new Error(`no stream ${name}`);
  const out: Read = { records: [], checkpoint: cursor, pages: 0 };
  for await (const page of def.read(ctx, cursor)) {
    out.records.push(...page.records);
    if (page.checkpoint !== null) out.checkpoint = page.checkpoint;
    out.pages++;
  }
  return out;
}

function mapAll(spec: CompanySpec, object: string, records: readonly PageRecord[]): CanonicalRecord[] {
  const ctx: MapContext = {
    platform: 'netsuite',
    connectionId: `conn-${spec.id}`,
    envelopeId: 'env_sync',
    mappingVersion: connector.mappingVersion,
    timeZone: spec.timeZone,
    baseCurrency: spec.currency,
  };
  const mapper = connector.mappers[object];
  if (!mapper) throw new Error(`no mapper ${object}`);
  return records.map((r) => {
    const result = mapper(r.payload, ctx);
    if (!('ok' in result)) throw new Error(`${object} ${r.externalId}: ${JSON.stringify(result.review)}`);
    return CanonicalSchema.parse(result.ok[0]);
  });
}

function states(spec: CompanySpec, kind: SynthKind, at: string): Map<string, DocumentState> {
  const out = new Map<string, DocumentState>();
  for (const doc of economy.company(spec.id).documents) {
    if (doc.kind !== kind) continue;
    const s = documentAt(doc, at);
    if (s) out.set(doc.id, s);
  }
  return out;
}

const canonicalStatus: Record<string, string> = {
  open: 'open',
  paid: 'paid',
  void: 'void',
  closed: 'closed',
  cancelled: 'cancelled',
};

function expectMatchesState(rec: CanonicalRecord, state: DocumentState): void {
  if (rec.kind === 'company' || rec.kind === 'party' || rec.kind === 'product' || rec.kind === 'inventory_level') {
    throw new Error(`unexpected ${rec.kind}`);
  }
  expect(rec.deleted).toBe(false);
  expect(rec.number).toBe(state.doc.number);
  expect(cmp(rec.total, state.total)).toBe(0);
  expect(cmp(rec.subtotal, state.subtotal)).toBe(0);
  expect(cmp(rec.discountTotal, state.discountTotal)).toBe(0);
  expect(cmp(rec.taxTotal, state.taxTotal)).toBe(0);
  expect(rec.currency).toBe(state.doc.currency);
  expect(rec.lines.length).toBe(state.lines.length);
  const status = rec.status.value;
  if (rec.kind === 'sales_order') {
    expect(status).toBe(state.status === 'paid' ? 'closed' : canonicalStatus[state.status]);
  } else if (rec.kind === 'purchase_order') {
    expect(status).toBe(state.status === 'paid' ? 'closed' : canonicalStatus[state.status]);
  } else {
    expect(status).toBe(
      state.status === 'closed' ? 'paid' : state.status === 'cancelled' ? 'void' : canonicalStatus[state.status],
    );
  }
  expect(rec.source.sourceUpdatedAt).toBe(
    new Date(Math.floor(Date.parse(state.updatedAt) / 1000) * 1000).toISOString(),
  );
}

describe('NetSuite sync against the emulator', () => {
  const cursors = new Map<string, string | null>();
  const firstRecords = new Map<string, PageRecord[]>();

  it('reads every stream of every company in full: live records equal the economy at now', async () => {
    let totalRecords = 0;
    // Companies sync side by side (separate accounts, one shared state), as a runner would.
    const reads = new Map<string, Read>();
    await Promise.all(
      economy.companiesOn('netsuite').map(async (spec) => {
        for (const stream of connector.streams)
          reads.set(`${spec.id}|${stream.name}`, await readStream(spec, stream.name, null));
      }),
    );
    for (const spec of economy.companiesOn('netsuite')) {
      for (const stream of connector.streams) {
        const read = reads.get(`${spec.id}|${stream.name}`) as Read;
        cursors.set(`${spec.id}|${stream.name}`, read.checkpoint);
        firstRecords.set(`${spec.id}|${stream.name}`, read.records);
        totalRecords += read.records.length;
        const kind = STREAM_KIND[stream.name];
        if (kind) {
          const expected = states(spec, kind, FIRST_NOW);
          const live = [...expected].filter(([, s]) => s.status !== 'deleted');
          const gone = [...expected].filter(([, s]) => s.status === 'deleted');
          const liveRead = read.records.filter((r) => !r.deleted);
          expect(liveRead.length).toBe(live.length);
          expect(new Set(liveRead.map((r) => r.externalId))).toEqual(new Set(live.map(([id]) => id)));
          expect(new Set(read.records.filter((r) => r.deleted).map((r) => r.externalId))).toEqual(
            new Set(gone.map(([id]) => id)),
          );
          const canonical = mapAll(spec, stream.object, read.records);
          for (const rec of canonical) {
            const state = expected.get(rec.source.sourceId);
            if (!state) throw new Error(`unknown ${rec.source.sourceId}`);
            if (state.status === 'deleted') {
              expect(rec.deleted).toBe(true);
              expect(rec.source.sourceUpdatedAt).toBe(
                new Date(Math.floor(Date.parse(state.deletedAt ?? '') / 1000) * 1000).toISOString(),
              );
            } else {
              expectMatchesState(rec, state);
            }
          }
          if (live.length > 20) expect(read.pages).toBeGreaterThan(1);
        } else if (stream.name === 'items') {
          const products = economy.company(spec.id).products;
          expect(read.records.length).toBe(products.length);
          const canonical = mapAll(spec, stream.object, read.records);
          const bySku = new Map(products.map((p) => [p.sku, p]));
          for (const p of canonical) {
            if (p.kind !== 'product') throw new Error(p.kind);
            const truth = bySku.get(p.sku ?? '');
            expect(p.name).toBe(truth?.name);
            expect(p.tracked).toBe(truth?.tracked);
            expect(cmp(p.unitCost ?? '0', truth?.cost ?? '1')).toBe(0);
            expect(p.source.sourceUpdatedAt).toBe(
              new Date(Math.floor(Date.parse(truth?.updatedAt ?? '') / 1000) * 1000).toISOString(),
            );
          }
        } else {
          const levels = economy.company(spec.id).inventoryAt(FIRST_NOW);
          expect(read.records.length).toBe(levels.length);
          const canonical = mapAll(spec, stream.object, read.records);
          const truth = new Map(levels.map((l) => [`${l.productId}:${l.locationId}`, l.quantity]));
          for (const level of canonical) {
            if (level.kind !== 'inventory_level') throw new Error(level.kind);
            expect(cmp(level.quantity, truth.get(level.source.sourceId) ?? '-1')).toBe(0);
            // The server's Date header: the emulator's now.
            expect(level.asOf).toBe(FIRST_NOW);
          }
        }
      }
    }
    expect(totalRecords).toBeGreaterThan(500);
    expect(emu.stats().rateLimitViolations).toBe(0);
  });

  it('reads incrementally from the checkpoints after now moves: changes, voids and deletions come through', async () => {
    const later = economy.endAt;
    emu.setNow(later);
    let changedSeen = 0;
    let voidsSeen = 0;
    let deletionsSeen = 0;
    for (const spec of economy.companiesOn('netsuite')) {
      for (const stream of connector.streams) {
        const key = `${spec.id}|${stream.name}`;
        const read = await readStream(spec, stream.name, cursors.get(key) ?? null);
        const kind = STREAM_KIND[stream.name];
        if (!kind) {
          if (stream.name === 'inventory_levels') {
            const canonical = mapAll(spec, stream.object, read.records);
            const truth = new Map(
              economy
                .company(spec.id)
                .inventoryAt(later)
                .map((l) => [`${l.productId}:${l.locationId}`, l.quantity]),
            );
            expect(canonical.length).toBe(truth.size);
            for (const level of canonical) {
              if (level.kind !== 'inventory_level') throw new Error(level.kind);
              expect(cmp(level.quantity, truth.get(level.source.sourceId) ?? '-1')).toBe(0);
              expect(level.asOf).toBe(later);
            }
          } else {
            // Items never change after creation: only the overlap window before the cursor (the
            // newest item's last-modified) is read again.
            const products = economy.company(spec.id).products;
            const newest = Math.max(...products.map((p) => Math.floor(Date.parse(p.updatedAt) / 1000) * 1000));
            const inWindow = products.filter((p) => Date.parse(p.updatedAt) >= newest - 10 * 60_000).map((p) => p.id);
            expect(new Set(read.records.map((r) => r.externalId))).toEqual(new Set(inWindow));
          }
          continue;
        }
        const before = states(spec, kind, FIRST_NOW);
        const after = states(spec, kind, later);
        const changed = [...after].filter(([id, s]) => before.get(id)?.updatedAt !== s.updatedAt);
        const readIds = new Map(read.records.map((r) => [r.externalId, r]));
        for (const [id, s] of changed) {
          const rec = readIds.get(id);
          expect(rec, `${stream.name} ${id} changed at ${s.updatedAt} but was not read`).toBeDefined();
          expect(rec?.deleted === true).toBe(s.status === 'deleted');
          changedSeen++;
          if (s.status === 'deleted') deletionsSeen++;
        }
        // Nothing read that did not change, beyond the 10-minute overlap before each cursor (the
        // last modification and the last deletion the first sync saw).
        const floor = (deleted: boolean) => {
          const times = [...before.values()]
            .filter((s) => (s.status === 'deleted') === deleted)
            .map((s) => Math.floor(Date.parse(s.updatedAt) / 1000) * 1000);
          return Math.max(0, ...times) - 10 * 60_000 - 1;
        };
        const floors = { live: floor(false), deleted: floor(true) };
        for (const r of read.records) {
          const s = after.get(r.externalId);
          expect(s).toBeDefined();
          expect(Date.parse(s?.updatedAt ?? '')).toBeGreaterThan(r.deleted ? floors.deleted : floors.live);
        }
        const canonical = mapAll(spec, stream.object, read.records);
        for (const rec of canonical) {
          const s = after.get(rec.source.sourceId) as DocumentState;
          if (s.status === 'deleted') expect(rec.deleted).toBe(true);
          else expectMatchesState(rec, s);
          if (!rec.deleted && 'status' in rec && rec.status.value === 'void') {
            if (before.get(rec.source.sourceId)?.status !== 'void') voidsSeen++;
          }
        }

        // First sync merged with the incremental one equals the economy at the later now.
        const merged = new Map<string, PageRecord>();
        for (const r of [...(firstRecords.get(key) ?? []), ...read.records]) merged.set(r.externalId, r);
        const liveMerged = [...merged.values()].filter((r) => !r.deleted).map((r) => r.externalId);
        const liveTruth = [...after].filter(([, s]) => s.status !== 'deleted').map(([id]) => id);
        expect(new Set(liveMerged)).toEqual(new Set(liveTruth));
      }
    }
    expect(changedSeen).toBeGreaterThan(100);
    expect(voidsSeen).toBeGreaterThan(0);
    expect(deletionsSeen).toBeGreaterThan(0);
    expect(emu.stats().rateLimitViolations).toBe(0);
  });

  it('reads nothing new when nothing changed, and keeps the checkpoint', async () => {
    const spec = economy.companiesOn('netsuite')[0] as CompanySpec;
    const first = await readStream(spec, 'invoices', null);
    const again = await readStream(spec, 'invoices', first.checkpoint);
    // Only the overlap window (10 minutes before the cursor) is read again.
    expect(again.records.length).toBeLessThan(5);
    expect(again.checkpoint).toBe(first.checkpoint);
  });
});

describe('NetSuite sync with the default fault profile', () => {
  const FAULTS = 'default,truncatedJson=0.02,updatedBetweenPages=0.05,repeatedAcrossPages=0.05';

  it('loses nothing: every live record arrives, corrupted ones go to review, injected 429s are not violations', async () => {
    // Waits (429 backoff, retries) run on a fake clock; leases keep real time so none expires mid-request.
    const clock = createFakeClock(Date.now());
    const faults = createFaultInjector(21, FAULTS);
    const faulty = await startNetsuiteEmulator({
      economy,
      now: economy.endAt,
      faults,
      slowMs: 5,
      authClock: () => clock.now(),
    });
    const sharedState = createMemorySharedState(systemClock);
    const truthFaults = createFaultInjector(21, FAULTS);
    try {
      let reviewed = 0;
      for (const spec of economy.companiesOn('netsuite').slice(0, 2)) {
        const credentials = faulty.credentialsFor(spec.account);
        const ctx: StreamContext = {
          connection: { id: `conn-f-${spec.id}`, account: spec.account, baseUrl: faulty.baseUrl, credentials },
          logger,
          clock,
          shared: sharedState,
          signal: new AbortController().signal,
          loadCredentials: async () => credentials,
          saveCredentials: async () => {},
        };
        for (const stream of connector.streams) {
          const kind = STREAM_KIND[stream.name];
          if (!kind) continue;
          // A runner's view: on an error, the stream is read again from its last durable checkpoint.
          const records = new Map<string, PageRecord>();
          let cursor: string | null = null;
          let failures = 0;
          for (;;) {
            try {
              for await (const page of stream.read(ctx, cursor)) {
                for (const r of page.records) records.set(r.externalId, r);
                if (page.checkpoint !== null) cursor = page.checkpoint;
              }
              break;
            } catch (e) {
              if (!isLedgerpulseError(e) || e.disposition === 'alert' || ++failures > 8) throw e;
              // An open circuit or a long 429 says when to come back, as the scheduler honours it.
              if (e instanceof RateLimitError) await clock.sleep(Math.max(0, e.retryAt - clock.now()));
            }
          }
          const truth = states(spec, kind, economy.endAt);
          const live = [...truth].filter(([, st]) => st.status !== 'deleted').map(([id]) => id);
          const liveRead = [...records.values()].filter((r) => !r.deleted).map((r) => r.externalId);
          expect(new Set(liveRead)).toEqual(new Set(live));

          const mapCtx: MapContext = {
            platform: 'netsuite',
            connectionId: ctx.connection.id,
            envelopeId: 'env_f',
            mappingVersion: connector.mappingVersion,
            timeZone: spec.timeZone,
            baseCurrency: spec.currency,
          };
          const mapper = connector.mappers[stream.object];
          if (!mapper) throw new Error(stream.object);
          for (const r of records.values()) {
            const result = mapper(r.payload, mapCtx);
            const doc = truth.get(r.externalId)?.doc;
            const corrupted = !r.deleted && doc ? truthFaults.record(spec.id, doc.id, doc.date) !== null : false;
            expect('review' in result, `${stream.name} ${r.externalId}`).toBe(corrupted);
            if ('review' in result) reviewed++;
            else CanonicalSchema.parse(result.ok[0]);
          }
        }
      }
      expect(reviewed).toBeGreaterThan(0);
      const stats = faulty.stats();
      expect(stats.faultsInjected).toBeGreaterThan(20);
      expect(faults.log.some((e) => e.kind === 'rate_limit')).toBe(true);
      expect(stats.rateLimitViolations).toBe(0);
    } finally {
      await faulty.close();
    }
  });
});
