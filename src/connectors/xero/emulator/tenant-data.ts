import { add } from '../../../canonical/index.js';
import type { CompanySpec, Economy, FaultInjector } from '../../../emulation/economy/index.js';
import { documentAt } from '../../../emulation/economy/index.js';
import { applyRecordFault } from './record-faults.js';
import { type RenderedRecord, renderContact, renderDocument, renderItem, type XeroCollection } from './render.js';

export type TenantData = Readonly<Record<XeroCollection, readonly RenderedRecord[]>>;

/** Rendered tenants kept in memory; each is one company's data at one `now`. */
const CACHE_SIZE = 16;

export interface TenantDataSource {
  /** Every record of the tenant at the emulator's `now`, per collection, oldest UpdatedDateUTC first. */
  get(spec: CompanySpec, now: string): TenantData;
  /** Marks a record as modified at `atMs` (fault: updated between pages); it moves to the end of its list. */
  touch(spec: CompanySpec, collection: XeroCollection, id: string, atMs: number): void;
  /** Distinct documents corrupted by record faults so far. */
  faultsInjected(): number;
}

export function createTenantDataSource(economy: Economy, faults: FaultInjector | undefined): TenantDataSource {
  const cache = new Map<string, TenantData>();
  const touched = new Map<string, number>();
  const faulted = new Set<string>();

  function build(spec: CompanySpec, now: string): TenantData {
    const book = economy.company(spec.id);
    const lists: Record<XeroCollection, RenderedRecord[]> = {
      Invoices: [],
      CreditNotes: [],
      PurchaseOrders: [],
      Contacts: [],
      Items: [],
    };
    for (const party of [...book.customers, ...book.vendors]) {
      if (party.createdAt <= now) lists.Contacts.push(renderContact(spec, party, now));
    }
    const stock = new Map<string, { quantity: string; updatedAt: string }>();
    for (const level of book.inventoryAt(now)) {
      const prev = stock.get(level.productId);
      stock.set(level.productId, {
        quantity: prev ? add(prev.quantity, level.quantity) : level.quantity,
        updatedAt: prev && prev.updatedAt > level.updatedAt ? prev.updatedAt : level.updatedAt,
      });
    }
    for (const product of book.products) {
      if (product.createdAt <= now) lists.Items.push(renderItem(spec, product, stock.get(product.id) ?? null));
    }
    for (const doc of book.documents) {
      if (doc.createdAt > now) break;
      const state = documentAt(doc, now);
      if (!state) continue;
      const out = renderDocument(economy, book, state, now);
      if (!out) continue;
      const fault = faults?.record(spec.id, doc.id, doc.date) ?? null;
      let rendered = out.rendered;
      if (fault) {
        faulted.add(`${spec.account}|${doc.id}`);
        rendered = { ...rendered, record: applyRecordFault(rendered.record, fault) };
      }
      lists[out.collection].push(rendered);
    }
    for (const [collection, list] of Object.entries(lists) as [XeroCollection, RenderedRecord[]][]) {
      lists[collection] = list.map((r) => withTouch(spec, collection, r)).sort(byUpdated);
    }
    return lists;
  }

  function withTouch(spec: CompanySpec, collection: XeroCollection, r: RenderedRecord): RenderedRecord {
    const at = touched.get(`${spec.account}|${collection}|${r.id}`);
    if (at === undefined || at <= r.updatedMs) return r;
    return { ...r, updatedMs: at, record: { ...r.record, UpdatedDateUTC: `/Date(${at}+0000)/` } };
  }

  return {
    get(spec, now) {
      const key = `${spec.account}|${now}`;
      let data = cache.get(key);
      if (data) {
        cache.delete(key);
        cache.set(key, data);
        return data;
      }
      data = build(spec, now);
      cache.set(key, data);
      if (cache.size > CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return data;
    },
    touch(spec, collection, id, atMs) {
      touched.set(`${spec.account}|${collection}|${id}`, atMs);
      for (const key of [...cache.keys()]) if (key.startsWith(`${spec.account}|`)) cache.delete(key);
    },
    faultsInjected: () => faulted.size,
  };
}

function byUpdated(a: RenderedRecord, b: RenderedRecord): number {
  return a.updatedMs - b.updatedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
