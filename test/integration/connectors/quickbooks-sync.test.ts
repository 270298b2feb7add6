import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import type {
  Bill,
  CanonicalRecord,
  InventoryLevel,
  Invoice,
  Product,
  PurchaseOrder,
} from '../../../src/canonical/index.js';
import { add, CanonicalRecord as CanonicalSchema } from '../../../src/canonical/index.js';
import { systemClock } from '../../../src/connectors/kit/clock.js';
import type { PageRecord, StreamContext } from '../../../src/connectors/kit/define.js';
import type { MapContext } from '../../../src/connectors/kit/mapper.js';
import { type RunningEmulator, startQuickbooksEmulator } from '../../../src/connectors/quickbooks/emulator/server.js';
import { createQuickbooksConnector } from '../../../src/connectors/quickbooks/index.js';
import type { CompanySpec, DocumentState, SynthKind } from '../../../src/emulation/economy/index.js';
import { createEconomy, documentAt } from '../../../src/emulation/economy/index.js';
import { silentLogger } from '../../../src/log/logger.js';

/** Seed 11 has deletions and voids inside the incremental window, so both paths are exercised. */
const economy = createEconomy({ seed: 11, companies: 6, platforms: ['quickbooks'], volumeScale: 0.05 });
const companies = economy.companiesOn('quickbooks');
const DAY = 86_400_000;
/** First sync 25 days before the period end, the incremental one at the end (inside CDC's 30 days). */
const now0 = new Date(Date.parse(economy.endAt) - 25 * DAY).toISOString();
const now1 = economy.endAt;
const OVERLAP_MS = 5 * 60_000;

const connector = createQuickbooksConnector();
const shared = createMemorySharedState();
let emu: RunningEmulator;

type StreamName = 'invoices' | 'credit_memos' | 'bills' | 'purchase_orders' | 'items' | 'customers' | 'vendors';
type Reads = Partial<Record<StreamName, StreamRead>>;

const DOC_STREAMS: Partial<Record<StreamName, SynthKind>> = {
  invoices: 'invoice',
  credit_memos: 'credit_note',
  bills: 'bill',
  purchase_orders: 'purchase_order',
};

interface StreamRead {
  readonly records: PageRecord[];
  readonly checkpoint: string | null;
}

function contextFor(spec: CompanySpec): StreamContext {
  let credentials: Record<string, string> = emu.credentialsFor(spec.account);
  return {
    connection: { id: `qbo-${spec.id}`, account: spec.account, baseUrl: emu.baseUrl, credentials },
    logger: silentLogger(),
    clock: systemClock,
    shared,
    signal: new AbortController().signal,
    loadCredentials: async () => ({ ...credentials }),
    saveCredentials: async (c) => {
      credentials = { ...c };
    },
  };
}

function mapContext(spec: CompanySpec): MapContext {
  return {
    platform: 'quickbooks',
    connectionId: `qbo-${spec.id}`,
    envelopeId: 'env',
    mappingVersion: connector.mappingVersion,
    timeZone: spec.timeZone,
    baseCurrency: spec.currency,
  };
}

async function readAll(
  ctx: StreamContext,
  cursors: Record<string, string | null>,
): Promise<Record<string, StreamRead>> {
  const out: Record<string, StreamRead> = {};
  for (const stream of connector.streams) {
    const records: PageRecord[] = [];
    let checkpoint = cursors[stream.name] ?? null;
    for await (const page of stream.read(ctx, checkpoint)) {
      records.push(...page.records);
      if (page.checkpoint !== null) checkpoint = page.checkpoint;
    }
    out[stream.name as StreamName] = { records, checkpoint };
  }
  return out;
}

function mapAll(spec: CompanySpec, object: string, records: readonly PageRecord[]): CanonicalRecord[] {
  const mapper = connector.mappers[object];
  if (!mapper) throw new Error(`no mapper for ${object}`);
  return records.flatMap((r) => {
    const result = mapper(JSON.parse(r.payload), mapContext(spec));
    if (!('ok' in result))
      throw new Error(`${object} ${r.externalId} went to review: ${JSON.stringify(result.review)}`);
    for (const record of result.ok) CanonicalSchema.parse(record);
    return [...result.ok];
  });
}

function states(spec: CompanySpec, kind: SynthKind, at: string): DocumentState[] {
  return economy
    .company(spec.id)
    .documents.filter((d) => d.kind === kind)
    .map((d) => documentAt(d, at))
    .filter((s): s is DocumentState => s !== undefined);
}

const expectedStatus = (s: DocumentState) => (s.status === 'void' ? 'void' : s.status === 'paid' ? 'paid' : 'open');

const first: Record<string, Reads> = {};
const second: Record<string, Reads> = {};
const docStreams = Object.entries(DOC_STREAMS) as [StreamName, SynthKind][];

beforeAll(async () => {
  emu = await startQuickbooksEmulator({ economy, now: now0 });
  // Companies are separate realms with separate allowances: sync them side by side.
  await Promise.all(
    companies.map(async (spec) => {
      first[spec.id] = await readAll(contextFor(spec), {});
    }),
  );
  emu.setNow(now1);
  await Promise.all(
    companies.map(async (spec) => {
      const cursors = Object.fromEntries(Object.entries(first[spec.id] ?? {}).map(([k, v]) => [k, v.checkpoint]));
      second[spec.id] = await readAll(contextFor(spec), cursors);
    }),
  );
});

afterAll(async () => {
  await emu.close();
});

describe('full sync at now0', () => {
  it('reads every live record of every stream, once', () => {
    for (const spec of companies) {
      const read = first[spec.id] ?? {};
      for (const [stream, kind] of docStreams) {
        const live = states(spec, kind, now0).filter((s) => s.status !== 'deleted');
        const ids = (read[stream]?.records ?? []).map((r) => r.externalId);
        expect(new Set(ids).size, `${spec.id} ${stream}`).toBe(ids.length);
        expect([...ids].sort(), `${spec.id} ${stream}`).toEqual(live.map((s) => s.doc.id).sort());
        expect(read[stream]?.records.some((r) => r.deleted)).toBe(false);
      }
      const book = economy.company(spec.id);
      expect(read.items?.records.map((r) => r.externalId).sort()).toEqual(book.products.map((p) => p.id).sort());
      expect(read.customers?.records).toHaveLength(book.customers.length);
      expect(read.vendors?.records).toHaveLength(book.vendors.length);
    }
  });

  it('maps documents to their true totals, dates, parties and statuses (voids as void)', () => {
    let voids = 0;
    for (const spec of companies) {
      const read = first[spec.id] ?? {};
      const truth = new Map(
        Object.values(DOC_STREAMS).flatMap((kind) =>
          states(spec, kind, now0).map((s) => [`${kind}:${s.doc.id}`, s] as const),
        ),
      );
      const check = (kind: SynthKind, record: Invoice | Bill) => {
        const s = truth.get(`${kind}:${record.source.sourceId}`);
        if (!s) throw new Error(`unknown ${kind} ${record.source.sourceId}`);
        expect(record.total).toBe(s.status === 'void' ? '0.00' : s.total);
        expect(record.taxTotal).toBe(s.status === 'void' ? '0.00' : s.taxTotal);
        expect(record.issueDate).toBe(s.doc.date);
        expect(record.number).toBe(s.doc.number);
        expect(record.party.sourceId).toBe(s.doc.partyId);
        expect(record.currency).toBe(s.doc.currency);
        expect(record.status.value).toBe(expectedStatus(s));
        if (s.status === 'void') voids += 1;
      };
      for (const r of mapAll(spec, 'Invoice', read.invoices?.records ?? [])) check('invoice', r as Invoice);
      for (const r of mapAll(spec, 'CreditMemo', read.credit_memos?.records ?? [])) {
        expect((r as Invoice).documentType).toBe('credit_note');
        check('credit_note', r as Invoice);
      }
      for (const r of mapAll(spec, 'Bill', read.bills?.records ?? [])) check('bill', r as Bill);
      for (const r of mapAll(spec, 'PurchaseOrder', read.purchase_orders?.records ?? []) as PurchaseOrder[]) {
        const s = truth.get(`purchase_order:${r.source.sourceId}`);
        expect(r.total).toBe(s?.total);
        expect(r.status.value).toBe(s?.status === 'open' ? 'open' : 'closed');
      }
    }
    expect(voids).toBeGreaterThan(0);
  });

  it('maps items to products and tracked ones to inventory levels with the company-wide quantity', () => {
    for (const spec of companies) {
      const book = economy.company(spec.id);
      const mapped = mapAll(spec, 'Item', first[spec.id]?.items?.records ?? []);
      const products = mapped.filter((r): r is Product => r.kind === 'product');
      const levels = mapped.filter((r): r is InventoryLevel => r.kind === 'inventory_level');
      expect(products).toHaveLength(book.products.length);
      expect(levels).toHaveLength(book.products.filter((p) => p.tracked).length);
      const onHand = new Map<string, string>();
      for (const l of book.inventoryAt(now0)) onHand.set(l.productId, add(onHand.get(l.productId) ?? '0', l.quantity));
      for (const level of levels) expect(level.quantity).toBe(onHand.get(level.itemSourceId));
    }
  });
});

describe('incremental sync from the checkpoints at now1', () => {
  it('brings every document changed since now0 in its new state, and nothing older than the overlap', () => {
    let changedTotal = 0;
    for (const spec of companies) {
      const read = second[spec.id] ?? {};
      for (const [stream, kind] of docStreams) {
        const before = new Map(states(spec, kind, now0).map((s) => [s.doc.id, s]));
        const after = states(spec, kind, now1);
        const changedLive = after.filter((s) => s.status !== 'deleted' && s.updatedAt > now0);
        const live = (read[stream]?.records ?? []).filter((r) => !r.deleted);
        const readIds = new Set(live.map((r) => r.externalId));
        for (const s of changedLive) expect(readIds.has(s.doc.id), `${spec.id} ${stream} ${s.doc.id}`).toBe(true);
        // Anything else read is from the overlap window just before the first sync's high-water mark.
        const since = JSON.parse(first[spec.id]?.[stream]?.checkpoint ?? '{}').since as string | null;
        for (const r of live) {
          const s = after.find((x) => x.doc.id === r.externalId);
          expect(s).toBeDefined();
          if (s && s.updatedAt <= now0)
            expect(Date.parse(s.updatedAt)).toBeGreaterThanOrEqual(Date.parse(since ?? '') - OVERLAP_MS - 1000);
        }
        // The new state is what was read: its version is its LastUpdatedTime.
        for (const r of live) {
          const s = after.find((x) => x.doc.id === r.externalId);
          expect(r.sourceUpdatedAt).toBe(
            new Date(Math.floor(Date.parse(s?.updatedAt ?? '') / 1000) * 1000).toISOString(),
          );
          if (s && before.get(s.doc.id)?.version !== s.version) changedTotal += 1;
        }
      }
    }
    expect(changedTotal).toBeGreaterThan(0);
  });

  it('brings deletions through CDC as deleted records that map to deleted tombstones', () => {
    let deletions = 0;
    for (const spec of companies) {
      const read = second[spec.id] ?? {};
      for (const [stream, kind] of docStreams) {
        const deletedSince = states(spec, kind, now1).filter(
          (s) => s.status === 'deleted' && (s.deletedAt ?? '') > now0,
        );
        const got = (read[stream]?.records ?? []).filter((r) => r.deleted);
        expect(got.map((r) => r.externalId).sort(), `${spec.id} ${stream}`).toEqual(
          deletedSince.map((s) => s.doc.id).sort(),
        );
        const object = connector.streams.find((s) => s.name === stream)?.object ?? '';
        for (const record of mapAll(spec, object, got)) {
          expect(record.deleted).toBe(true);
          expect('status' in record && record.status.value).toBe('deleted');
        }
        deletions += got.length;
      }
    }
    expect(deletions).toBeGreaterThan(0);
  });

  it('brings voids as void', () => {
    let voided = 0;
    for (const spec of companies) {
      for (const [stream, kind] of [
        ['invoices', 'invoice'],
        ['bills', 'bill'],
        ['credit_memos', 'credit_note'],
      ] as const) {
        const voidedNow = states(spec, kind, now1).filter((s) => s.status === 'void' && (s.voidedAt ?? '') > now0);
        const object = connector.streams.find((s) => s.name === stream)?.object ?? '';
        const mapped = mapAll(spec, object, second[spec.id]?.[stream]?.records ?? []) as Invoice[];
        for (const s of voidedNow) {
          expect(mapped.find((r) => r.source.sourceId === s.doc.id)?.status.value).toBe('void');
          voided += 1;
        }
      }
    }
    expect(voided).toBeGreaterThan(0);
  });

  it('kept under the allowance and sent minorversion on every call', () => {
    expect(emu.stats()).toMatchObject({ rateLimitViolations: 0, missingMinorVersion: 0 });
  });
});
