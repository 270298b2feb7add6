import { add } from '../../../canonical/money.js';
import type { CompanySpec, DocumentState, Economy, SynthKind } from '../../../emulation/economy/index.js';
import { documentAt } from '../../../emulation/economy/index.js';
import type { CompanyView, ItemState, Json, Touch } from './render.js';
import { lastUpdated, renderDeletion, renderItem, renderParty, renderTransaction } from './render.js';

/** The entities the emulator serves, by their QBO names. */
export const ENTITIES = ['Invoice', 'CreditMemo', 'Bill', 'PurchaseOrder', 'Item', 'Customer', 'Vendor'] as const;
export type Entity = (typeof ENTITIES)[number];

type TxnEntity = 'Invoice' | 'CreditMemo' | 'Bill' | 'PurchaseOrder';

const KIND_OF: Record<TxnEntity, SynthKind> = {
  Invoice: 'invoice',
  CreditMemo: 'credit_note',
  Bill: 'bill',
  PurchaseOrder: 'purchase_order',
};

function isTxnEntity(entity: Entity): entity is TxnEntity {
  return Object.hasOwn(KIND_OF, entity);
}

export function entityNamed(name: string): Entity | undefined {
  return ENTITIES.find((e) => e.toLowerCase() === name.toLowerCase());
}

/** One live entity at the emulator's `now`, with what queries filter and sort on. */
export interface Row {
  readonly id: string;
  readonly idNumber: number;
  /** LastUpdatedTime as served (whole seconds), epoch ms. */
  readonly updatedMs: number;
  readonly createdMs: number;
  readonly active: boolean;
  readonly txnDate: string | null;
  readonly docNumber: string | null;
  readonly name: string | null;
  readonly type: string | null;
  render(): Json;
}

export interface Deletion {
  readonly id: string;
  readonly updatedMs: number;
  render(): Json;
}

interface EntityView {
  readonly rows: readonly Row[];
  readonly deletions: readonly Deletion[];
}

const wholeSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

/**
 * Company data as QBO would serve it at the emulator's `now`: documents in their state at `now`
 * (created later: invisible; deleted: gone from queries, visible to CDC as deletions), sorted by
 * LastUpdatedTime then Id. Views are cached per (company, entity) for the current `now`.
 */
/** Corrupts a rendered record the way the fault injector says (or returns it untouched). */
export type RecordDecorator = (companyId: string, docId: string, date: string, json: Json) => Json;

export function createCompanyData(economy: Economy, initialNow: string, decorate?: RecordDecorator) {
  let now = initialNow;
  const views = new Map<string, EntityView>();
  const touches = new Map<string, Touch>();
  const companyViews = new Map<string, CompanyView>();
  const MAX_VIEWS = 64;

  function companyView(spec: CompanySpec): CompanyView {
    let v = companyViews.get(spec.id);
    if (!v) {
      const book = economy.company(spec.id);
      v = {
        spec,
        parties: new Map([...book.customers, ...book.vendors].map((p) => [p.id, p])),
        products: new Map(book.products.map((p) => [p.id, p])),
      };
      companyViews.set(spec.id, v);
      // Keep the lookup maps of recently used companies only (books themselves are LRU'd by the economy).
      if (companyViews.size > MAX_VIEWS) {
        const oldest = companyViews.keys().next().value;
        if (oldest !== undefined) companyViews.delete(oldest);
      }
    }
    return v;
  }

  function build(spec: CompanySpec, entity: Entity): EntityView {
    const view = companyView(spec);
    const book = economy.company(spec.id);
    const rows: Row[] = [];
    const deletions: Deletion[] = [];
    if (isTxnEntity(entity)) {
      const kind = KIND_OF[entity];
      for (const doc of book.documents) {
        if (doc.kind !== kind) continue;
        if (doc.createdAt > now) break;
        const state = documentAt(doc, now);
        if (!state) continue;
        if (state.status === 'deleted') {
          const at = state.deletedAt ?? state.updatedAt;
          deletions.push({
            id: doc.id,
            updatedMs: wholeSeconds(at),
            render: () => renderDeletion(doc.id, at, spec.timeZone),
          });
          continue;
        }
        const touch = touches.get(`${spec.id}|${entity}|${doc.id}`);
        rows.push(transactionRow(entity, state, view, touch, decorate));
      }
    } else if (entity === 'Item') {
      // QBO keeps one company-wide quantity: the sum over the economy's locations.
      const levels = new Map<string, { quantity: string; updatedAt: string }>();
      for (const level of book.inventoryAt(now)) {
        const prev = levels.get(level.productId);
        if (!prev) levels.set(level.productId, { quantity: level.quantity, updatedAt: level.updatedAt });
        else {
          prev.quantity = add(prev.quantity, level.quantity);
          if (level.updatedAt > prev.updatedAt) prev.updatedAt = level.updatedAt;
        }
      }
      for (const product of book.products) {
        if (product.createdAt > now) continue;
        const level = product.tracked ? levels.get(product.id) : undefined;
        const updatedAt = level && level.updatedAt > product.updatedAt ? level.updatedAt : product.updatedAt;
        // SyncToken grows with every change: minutes between creation and the last update.
        const version = Math.max(0, Math.floor((Date.parse(updatedAt) - Date.parse(product.createdAt)) / 60_000));
        const item: ItemState = { product, quantity: level ? String(level.quantity) : null, updatedAt, version };
        rows.push({
          id: product.id,
          idNumber: Number(product.id),
          updatedMs: wholeSeconds(updatedAt),
          createdMs: Date.parse(product.createdAt),
          active: true,
          txnDate: null,
          docNumber: null,
          name: product.name,
          type: product.tracked ? 'Inventory' : 'NonInventory',
          render: () => renderItem(item, view),
        });
      }
    } else {
      const parties = entity === 'Customer' ? book.customers : book.vendors;
      for (const party of parties) {
        if (party.createdAt > now) continue;
        rows.push({
          id: party.id,
          idNumber: Number(party.id),
          updatedMs: wholeSeconds(party.updatedAt),
          createdMs: Date.parse(party.createdAt),
          active: true,
          txnDate: null,
          docNumber: null,
          name: party.name,
          type: null,
          render: () => renderParty(party, view),
        });
      }
    }
    rows.sort((a, b) => a.updatedMs - b.updatedMs || a.idNumber - b.idNumber);
    deletions.sort((a, b) => a.updatedMs - b.updatedMs || Number(a.id) - Number(b.id));
    return { rows, deletions };
  }

  function viewOf(spec: CompanySpec, entity: Entity): EntityView {
    const key = `${spec.id}|${entity}`;
    let v = views.get(key);
    if (v) {
      views.delete(key);
      views.set(key, v);
      return v;
    }
    v = build(spec, entity);
    views.set(key, v);
    if (views.size > MAX_VIEWS) {
      const oldest = views.keys().next().value;
      if (oldest !== undefined) views.delete(oldest);
    }
    return v;
  }

  return {
    now: () => now,
    setNow(at: string) {
      now = new Date(Date.parse(at)).toISOString();
      views.clear();
    },
    rows: (spec: CompanySpec, entity: Entity) => viewOf(spec, entity).rows,
    deletions: (spec: CompanySpec, entity: Entity) => viewOf(spec, entity).deletions,
    /** The record was updated again at `now` (nothing changed but its time and SyncToken). */
    touch(spec: CompanySpec, entity: Entity, id: string) {
      const key = `${spec.id}|${entity}|${id}`;
      const prev = touches.get(key);
      touches.set(key, { at: now, count: (prev?.count ?? 0) + 1 });
      views.delete(`${spec.id}|${entity}`);
    },
  };
}

function transactionRow(
  entity: TxnEntity,
  state: DocumentState,
  view: CompanyView,
  touch: Touch | undefined,
  decorate: RecordDecorator | undefined,
): Row {
  const doc = state.doc;
  const render = () => renderTransaction(entity, state, view, touch);
  return {
    id: doc.id,
    idNumber: Number(doc.id),
    updatedMs: wholeSeconds(lastUpdated(state, touch)),
    createdMs: Date.parse(doc.createdAt),
    active: true,
    txnDate: doc.date,
    docNumber: doc.number,
    name: null,
    type: null,
    render: decorate ? () => decorate(view.spec.id, doc.id, doc.date, render()) : render,
  };
}

export type CompanyData = ReturnType<typeof createCompanyData>;
