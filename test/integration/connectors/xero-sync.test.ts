import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import { CanonicalRecord } from '../../../src/canonical/index.js';
import { createFakeClock, type FakeClock } from '../../../src/connectors/kit/clock.js';
import type { ConnectorDefinition, PageRecord, StreamContext } from '../../../src/connectors/kit/define.js';
import type { MapContext } from '../../../src/connectors/kit/mapper.js';
import { type RunningEmulator, startXeroEmulator } from '../../../src/connectors/xero/emulator/server.js';
import { createXeroConnector } from '../../../src/connectors/xero/index.js';
import {
  type CompanySpec,
  createEconomy,
  createFaultInjector,
  documentAt,
  type Economy,
  type SynthKind,
} from '../../../src/emulation/economy/index.js';
import { LedgerpulseError, RateLimitError } from '../../../src/errors/index.js';
import { createLogger } from '../../../src/log/logger.js';
import type { SharedState } from '../../../src/ports/shared-state.js';

// Full and incremental syncs of every Xero stream over real HTTP against the emulator, with Xero's
// real allowances: the fake clock makes the connector's pacing (and the emulator's rolling windows)
// cost no wall time, and the emulator counts any request over the allowance.
const FIRST_NOW = '2025-10-01T00:00:00.000Z';
const logger = createLogger({ level: 'silent' });

interface Harness {
  economy: Economy;
  emulator: RunningEmulator;
  clock: FakeClock;
  shared: SharedState;
  connector: ConnectorDefinition;
  contexts: Map<string, StreamContext>;
}

let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function harness(faults = 'none', now = FIRST_NOW): Promise<Harness> {
  const economy = createEconomy({ seed: 11, companies: 6, platforms: ['xero'], volumeScale: 0.05 });
  const clock = createFakeClock(Date.UTC(2026, 0, 5));
  const emulator = await startXeroEmulator({
    economy,
    now,
    clock: () => clock.now(),
    slowMs: 5,
    ...(faults === 'none' ? {} : { faults: createFaultInjector(5, faults) }),
  });
  running = emulator;
  const shared = createMemorySharedState(clock);
  // Small pages so every stream of every company crosses page boundaries.
  const connector = createXeroConnector({ pageSize: 25, retryBaseMs: 10, random: () => 0.5 });
  const contexts = new Map<string, StreamContext>();
  for (const spec of economy.companiesOn('xero')) {
    let stored = emulator.credentialsFor(spec.account);
    contexts.set(spec.account, {
      connection: { id: `conn-${spec.id}`, account: spec.account, baseUrl: emulator.baseUrl, credentials: stored },
      logger,
      clock,
      shared,
      signal: new AbortController().signal,
      loadCredentials: async () => ({ ...stored }),
      saveCredentials: async (c) => {
        stored = { ...c };
      },
    });
  }
  return { economy, emulator, clock, shared, connector, contexts };
}

type Read = { records: PageRecord[]; checkpoint: string | null; pages: number };

async function readStream(h: Harness, spec: CompanySpec, stream: string, cursor: string | null): Promise<Read> {
  const def = h.connector.streams.find((s) => s.name === stream);
  const ctx = h.contexts.get(spec.account);
  if (!def || !ctx) throw new Error(`no stream ${stream}`);
  const out: Read = { records: [], checkpoint: cursor, pages: 0 };
  // Like the runner: a run that fails with a retryable error resumes later from the last checkpoint.
  for (let run = 1; ; run++) {
    try {
      for await (const page of def.read(ctx, out.checkpoint)) {
        out.pages += 1;
        out.records.push(...page.records);
        if (page.checkpoint !== null) out.checkpoint = page.checkpoint;
      }
      return out;
    } catch (e) {
      const retryable = e instanceof LedgerpulseError && (e.disposition === 'retry_at' || e.disposition === 'retry');
      if (!retryable || run >= 20) throw e;
      h.clock.advance(e instanceof RateLimitError ? Math.max(0, e.retryAt - h.clock.now()) : 1_000);
    }
  }
}

/** Latest version of each record read (a keyset read may see a record twice). */
function latest(records: readonly PageRecord[]): Map<string, PageRecord> {
  const byId = new Map<string, PageRecord>();
  for (const r of records) {
    const prev = byId.get(r.externalId);
    if (!prev || (r.sourceUpdatedAt ?? '') >= (prev.sourceUpdatedAt ?? '')) byId.set(r.externalId, r);
  }
  return byId;
}

function truth(economy: Economy, spec: CompanySpec, at: string) {
  const book = economy.company(spec.id);
  const states = book.documents.map((d) => documentAt(d, at)).filter((s) => s !== undefined);
  const live = (kinds: SynthKind[], gone: string[]) =>
    states.filter((s) => kinds.includes(s.doc.kind) && !gone.includes(s.status));
  return {
    // Xero keeps deleted documents visible as DELETED; purchase orders have no cancelled status (→ DELETED).
    invoices: live(['invoice', 'bill'], ['deleted']),
    credit_notes: live(['credit_note'], ['deleted']),
    purchase_orders: live(['purchase_order'], ['deleted', 'cancelled']),
    items: book.products.filter((p) => p.createdAt <= at),
    contacts: [...book.customers, ...book.vendors].filter((p) => p.createdAt <= at),
    states,
  };
}

const STREAMS = ['contacts', 'items', 'invoices', 'credit_notes', 'purchase_orders'] as const;

function mapContext(spec: CompanySpec, h: Harness): MapContext {
  return {
    platform: 'xero',
    connectionId: `conn-${spec.id}`,
    envelopeId: 'env_sync',
    mappingVersion: h.connector.mappingVersion,
    timeZone: spec.timeZone,
    baseCurrency: spec.currency,
  };
}

describe('Xero sync against the emulator', () => {
  it('reads every live record of every stream, then only the changes, within the allowance', async () => {
    const h = await harness();
    const companies = h.economy.companiesOn('xero');
    expect(companies).toHaveLength(6);
    const cursors = new Map<string, string | null>();
    const seen = new Map<string, Map<string, PageRecord>>();
    let multiPage = 0;

    for (const spec of companies) {
      const t = truth(h.economy, spec, FIRST_NOW);
      for (const stream of STREAMS) {
        const read = await readStream(h, spec, stream, null);
        if (read.pages > 1) multiPage += 1;
        const byId = latest(read.records);
        const live = [...byId.values()].filter((r) => !r.deleted);
        expect(live.length, `${spec.id} ${stream}`).toBe(t[stream].length);
        cursors.set(`${spec.id}|${stream}`, read.checkpoint);
        seen.set(`${spec.id}|${stream}`, byId);

        // Every record maps cleanly (no faults) to canonical records that pass their schemas.
        const mapper = h.connector.mappers[h.connector.streams.find((s) => s.name === stream)?.object ?? ''];
        for (const r of byId.values()) {
          const result = mapper?.(r.payload, mapContext(spec, h));
          if (!result || !('ok' in result)) throw new Error(`${stream} ${r.externalId}: ${JSON.stringify(result)}`);
          for (const rec of result.ok) CanonicalRecord.parse(rec);
        }
      }
      // Money checks on real values: canonical totals equal the economy's totals per document number.
      const mapper = h.connector.mappers['invoices'];
      const byNumber = new Map(t.invoices.map((s) => [s.doc.number, s]));
      for (const r of seen.get(`${spec.id}|invoices`)?.values() ?? []) {
        const result = mapper?.(r.payload, mapContext(spec, h));
        const doc = result && 'ok' in result ? result.ok[0] : undefined;
        if (!doc || (doc.kind !== 'invoice' && doc.kind !== 'bill')) throw new Error('no document');
        const synth = byNumber.get(doc.number ?? '');
        if (!synth) continue; // a DELETED one
        expect(doc.total).toBe(synth.total);
        expect(doc.taxTotal).toBe(synth.taxTotal);
        expect(doc.subtotal).toBe(synth.subtotal);
        expect(doc.discountTotal).toBe(synth.discountTotal);
        expect(doc.issueDate).toBe(synth.doc.date);
        expect(doc.kind).toBe(synth.doc.kind === 'bill' ? 'bill' : 'invoice');
      }
    }
    expect(multiPage).toBeGreaterThan(5);
    expect(h.emulator.stats().rateLimitViolations).toBe(0);

    // Time passes: documents are paid, edited, voided, deleted; new ones appear.
    const secondNow = h.economy.endAt;
    h.emulator.setNow(secondNow);
    let changedDocs = 0;
    let voidsOrDeletes = 0;
    for (const spec of companies) {
      const t = truth(h.economy, spec, secondNow);
      for (const stream of STREAMS) {
        const key = `${spec.id}|${stream}`;
        const read = await readStream(h, spec, stream, cursors.get(key) ?? null);
        const merged = new Map(seen.get(key));
        for (const [id, r] of latest(read.records)) merged.set(id, r);
        const live = [...merged.values()].filter((r) => !r.deleted);
        expect(live.length, `${spec.id} ${stream} after`).toBe(t[stream].length);
        if (stream === 'items') continue;
        // Every document that changed between the two instants came through the incremental read.
        const changed = t.states.filter((s) => s.updatedAt > FIRST_NOW && streamOf(s.doc.kind) === stream);
        const statuses = new Map(
          read.records.map((r) => [r.externalId, (JSON.parse(r.payload) as { Status?: string }).Status]),
        );
        const numbers = new Set(read.records.map((r) => numberOf(r.payload)));
        for (const s of changed) expect(numbers.has(s.doc.number), `${spec.id} ${s.doc.number}`).toBe(true);
        changedDocs += changed.length;
        voidsOrDeletes += [...statuses.values()].filter((st) => st === 'VOIDED' || st === 'DELETED').length;
        // The incremental read is not a full re-read.
        if (stream !== 'contacts') expect(read.records.length).toBeLessThan(t.states.length + 1);
      }
    }
    expect(changedDocs).toBeGreaterThan(50);
    expect(voidsOrDeletes).toBeGreaterThan(0);
    expect(h.emulator.stats().rateLimitViolations).toBe(0);
  });

  // Fault draws for consecutive attempts of one request are correlated in the injector's hash (reported),
  // so the expired-token rate is kept low: two in a row is a real auth failure and pauses a connection.
  it('gets every record through injected faults (429 storms, 5xx, cut bodies, expired tokens, moving pages)', async () => {
    const h = await harness(
      'rateLimitStorm=0.05,serverError=0.05,dropMidBody=0.03,expiredToken=0.01,slow=0.02,truncatedJson=0.05,updatedBetweenPages=0.1,repeatedAcrossPages=0.1',
    );
    // Three companies keep it quick; the faults are per request, so they still land on every stream.
    for (const spec of h.economy.companiesOn('xero').slice(0, 3)) {
      const t = truth(h.economy, spec, FIRST_NOW);
      for (const stream of STREAMS) {
        const read = await readStream(h, spec, stream, null);
        const live = [...latest(read.records).values()].filter((r) => !r.deleted);
        expect(live.length, `${spec.id} ${stream}`).toBe(t[stream].length);
      }
    }
    const stats = h.emulator.stats();
    expect(stats.faultsInjected).toBeGreaterThan(10);
    expect(stats.rateLimitViolations).toBe(0);
  });

  it('sends malformed and drifted records to review, never losing them', async () => {
    const h = await harness('malformedRecord=0.1,schemaDrift=0.2', h0());
    let reviewed = 0;
    let mapped = 0;
    for (const spec of h.economy.companiesOn('xero')) {
      const read = await readStream(h, spec, 'invoices', null);
      const t = truth(h.economy, spec, h0());
      expect([...latest(read.records).values()].filter((r) => !r.deleted).length).toBe(t.invoices.length);
      for (const r of latest(read.records).values()) {
        const result = h.connector.mappers['invoices']?.(r.payload, mapContext(spec, h));
        if (result && 'review' in result) reviewed += 1;
        else mapped += 1;
      }
    }
    expect(reviewed).toBeGreaterThan(0);
    expect(mapped).toBeGreaterThan(reviewed);
  });
});

describe('Xero connector pacing and paging edge cases', () => {
  it('holds the app-wide minute across connections through the shared xero:app bucket', async () => {
    const economy = createEconomy({ seed: 11, companies: 6, platforms: ['xero'], volumeScale: 0.05 });
    const clock = createFakeClock(Date.UTC(2026, 0, 5));
    const limits = { perMinute: 60, perDay: 5000, appPerMinute: 8, concurrent: 5 };
    const emulator = await startXeroEmulator({ economy, now: FIRST_NOW, clock: () => clock.now(), limits });
    running = emulator;
    const shared = createMemorySharedState(clock);
    const connector = createXeroConnector({ pageSize: 40, limits });
    const stream = connector.streams.find((s) => s.name === 'invoices');
    const reads = economy.companiesOn('xero').map(async (spec) => {
      let stored = emulator.credentialsFor(spec.account);
      const ctx: StreamContext = {
        connection: { id: `conn-${spec.id}`, account: spec.account, baseUrl: emulator.baseUrl, credentials: stored },
        logger,
        clock,
        shared,
        signal: new AbortController().signal,
        loadCredentials: async () => ({ ...stored }),
        saveCredentials: async (c) => {
          stored = { ...c };
        },
      };
      let n = 0;
      for await (const page of stream?.read(ctx, null) ?? []) n += page.records.length;
      return n;
    });
    const counts = await Promise.all(reads);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
    // Far more requests than the app-wide minute allows: only the shared bucket keeps them apart.
    expect(emulator.stats().requests).toBeGreaterThan(16);
    expect(emulator.stats().rateLimitViolations).toBe(0);
  });

  it('pages forward at the same If-Modified-Since when a whole page shares one UpdatedDateUTC', async () => {
    // A stand-in server: 25 invoices stamped in the same millisecond (a bulk import), honouring
    // If-Modified-Since (strictly later), page and pageSize like Xero.
    const stamp = Date.UTC(2025, 5, 1);
    const all = Array.from({ length: 25 }, (_, i) => ({
      Type: 'ACCREC',
      InvoiceID: `inv-${String(i).padStart(2, '0')}`,
      UpdatedDateUTC: `/Date(${stamp}+0000)/`,
    }));
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const since = req.headers['if-modified-since'];
      seen.push(`${since ?? '-'}|${url.searchParams.get('page')}`);
      const list = all.filter(() => since === undefined || stamp > Date.parse(String(since)));
      const size = Number(url.searchParams.get('pageSize'));
      const page = Number(url.searchParams.get('page'));
      const body = JSON.stringify({
        Id: 'x',
        Status: 'OK',
        ProviderName: 'p',
        DateTimeUTC: '/Date(0)/',
        Invoices: list.slice((page - 1) * size, page * size),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const clock = createFakeClock(Date.UTC(2026, 0, 5));
      const ctx: StreamContext = {
        connection: {
          id: 'conn-x',
          account: 'tenant-x',
          baseUrl: `http://127.0.0.1:${port}`,
          credentials: {
            client_id: 'a',
            client_secret: 'b',
            access_token: 't',
            expires_at: String(Date.UTC(2030, 0, 1)),
          },
        },
        logger,
        clock,
        shared: createMemorySharedState(clock),
        signal: new AbortController().signal,
        loadCredentials: async () => ({}),
        saveCredentials: async () => {},
      };
      const stream = createXeroConnector({ pageSize: 10 }).streams.find((s) => s.name === 'invoices');
      const ids = new Set<string>();
      const checkpoints: (string | null)[] = [];
      for await (const page of stream?.read(ctx, null) ?? []) {
        for (const r of page.records) ids.add(r.externalId);
        checkpoints.push(page.checkpoint);
      }
      expect(ids.size).toBe(25);
      const since = new Date(stamp - 1).toISOString();
      expect(seen).toEqual(['-|1', `${since}|1`, `${since}|2`, `${since}|3`]);
      expect(checkpoints).toEqual([since, null, null, null]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

function h0(): string {
  return '2026-06-01T00:00:00.000Z';
}

function streamOf(kind: SynthKind): string {
  return kind === 'invoice' || kind === 'bill'
    ? 'invoices'
    : kind === 'credit_note'
      ? 'credit_notes'
      : kind === 'purchase_order'
        ? 'purchase_orders'
        : 'none';
}

function numberOf(payload: string): string {
  const o = JSON.parse(payload) as Record<string, unknown>;
  return String(o['InvoiceNumber'] ?? o['CreditNoteNumber'] ?? o['PurchaseOrderNumber'] ?? '');
}
