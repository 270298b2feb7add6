import {
  type CompanyBook,
  type CompanySpec,
  documentAt,
  type Economy,
  type FaultInjector,
} from '../../../emulation/economy/index.js';
import type { Row } from './listing.js';
import { corruptOrder } from './record-faults.js';
import { renderInventoryLevel, renderLocation, renderProduct } from './render-catalog.js';
import { renderOrder } from './render-order.js';

export interface ShopData {
  orders(): readonly Row[];
  products(): readonly Row[];
  locations(): readonly Row[];
  inventoryLevels(): readonly Row[];
}

/** Shopify timestamps have whole seconds; filters and sort keys use what the client can see. */
const seconds = (at: string) => Math.floor(Date.parse(at) / 1000) * 1000;

/**
 * Rendered shops are kept for a few (company, now) pairs, least recently used out: every page of a
 * read reuses them. More than a client's usual concurrency (the demo syncs 8 shops at once), so a
 * shop whose sync is waiting on backpressure is still rendered when it resumes; with 8 and
 * first-in-first-out, the demo rendered every order about twice.
 */
const CACHE_SIZE = 12;

/**
 * Everything one shop shows at the emulator's `now`, rendered once per (shop, now) and per
 * resource on first use. Record faults are drawn here, once per record and render, so the same
 * order is corrupted the same way on every page that lists it.
 */
export function createShopDataCache(economy: Economy, faults: FaultInjector | undefined, onFault: () => void) {
  const cache = new Map<string, ShopData>();
  return {
    at(spec: CompanySpec, now: string): ShopData {
      const key = `${spec.id}|${now}`;
      let data = cache.get(key);
      if (data) {
        cache.delete(key);
        cache.set(key, data);
      } else {
        data = shopData(economy.company(spec.id), now, economy.config.startDate, faults, onFault);
        cache.set(key, data);
        if (cache.size > CACHE_SIZE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      return data;
    },
    clear: () => cache.clear(),
  };
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    if (value === undefined) value = make();
    return value;
  };
}

function shopData(
  book: CompanyBook,
  now: string,
  startDate: string,
  faults: FaultInjector | undefined,
  onFault: () => void,
): ShopData {
  const { spec } = book;
  const products = book.products.filter((p) => p.createdAt <= now);
  const levels = lazy(() => {
    const visible = new Set(products.map((p) => p.id));
    return book.inventoryAt(now).filter((l) => visible.has(l.productId));
  });

  const orders = lazy(() => {
    const ctx = {
      spec,
      now,
      customers: new Map(book.customers.map((c) => [c.id, c])),
      products: new Map(book.products.map((p) => [p.id, p])),
    };
    const rows: Row[] = [];
    for (const doc of book.documents) {
      if (doc.kind !== 'sales_order') continue;
      const state = documentAt(doc, now);
      // Shopify shows no deletions: a deleted order is simply gone from every list.
      if (!state || state.status === 'deleted') continue;
      let json = renderOrder(state, ctx);
      const fault = faults?.record(spec.id, doc.id, doc.date) ?? null;
      if (fault) {
        json = corruptOrder(json, fault);
        onFault();
      }
      rows.push({
        json,
        id: Number(doc.id),
        updatedMs: seconds(state.updatedAt),
        createdMs: seconds(doc.createdAt),
        attrs: {
          status: state.cancelledAt ? 'cancelled' : json['closed_at'] ? 'closed' : 'open',
          financial_status: String(json['financial_status']),
        },
      });
    }
    return rows;
  });

  return {
    orders,
    products: lazy(() => {
      const onHand = new Map<string, number>();
      for (const l of levels()) onHand.set(l.productId, (onHand.get(l.productId) ?? 0) + Number(l.quantity));
      return products.map((p) => ({
        json: renderProduct(p, spec, p.tracked ? (onHand.get(p.id) ?? 0) : 0),
        id: Number(p.id),
        updatedMs: seconds(p.updatedAt),
        createdMs: seconds(p.createdAt),
        attrs: { status: 'active' },
      }));
    }),
    locations: lazy(() => {
      const since = `${startDate}T00:00:00.000Z`;
      return book.locations.map((l) => ({
        json: renderLocation(l, spec, since),
        id: Number(l.id),
        updatedMs: seconds(since),
        createdMs: seconds(since),
      }));
    }),
    inventoryLevels: lazy(() => {
      const itemOf = new Map(products.map((p) => [p.id, p.inventoryItemId]));
      return levels().map((l) => {
        const item = itemOf.get(l.productId) ?? '0';
        return {
          json: renderInventoryLevel(l, item, spec),
          id: Number(item),
          updatedMs: seconds(l.updatedAt),
          createdMs: seconds(l.updatedAt),
          attrs: { location_id: Number(l.locationId), inventory_item_id: Number(item) },
        };
      });
    }),
  };
}
