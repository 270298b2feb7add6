import type {
  CompanyBook,
  DocumentState,
  Economy,
  SynthDocument,
  SynthKind,
} from '../../../emulation/economy/index.js';
import { documentAt } from '../../../emulation/economy/index.js';
import { currencyRecord, KINDS, statusOf } from './catalog.js';
import type { Table, TableRow } from './suiteql/evaluate.js';
import { toSecond } from './zone.js';

/** A document as the emulator shows it at `now`: its state and its last-modified second. */
export interface VisibleDocument {
  readonly doc: SynthDocument;
  readonly state: DocumentState;
  readonly lastModifiedMs: number;
}

/** One company's data at one emulator `now`: the SuiteQL tables and the records by id. */
export interface CompanyView {
  readonly book: CompanyBook;
  readonly now: string;
  readonly live: ReadonlyMap<string, VisibleDocument>;
  readonly tables: Readonly<Record<string, Table>>;
}

const num = (v: number) => ({ type: 'num', v }) as const;
const str = (v: string) => ({ type: 'str', v }) as const;
const ts = (v: number) => ({ type: 'ts', v }) as const;
const date = (v: string) => ({ type: 'date', v }) as const;

/**
 * Builds the view. `touched` holds documents re-saved without a change (the emulator's
 * updated-between-pages fault): their last-modified moves to the touch time.
 */
export function buildView(
  economy: Economy,
  companyId: string,
  now: string,
  touched: ReadonlyMap<string, number>,
): CompanyView {
  const book = economy.company(companyId);
  const nowMs = Date.parse(now);
  const live = new Map<string, VisibleDocument>();
  const transactionRows: TableRow[] = [];
  const deletedRows: TableRow[] = [];
  const parties = new Map<string, string>();
  for (const p of book.customers) parties.set(p.id, p.name);
  for (const p of book.vendors) parties.set(p.id, p.name);

  for (const doc of book.documents) {
    if (Date.parse(doc.createdAt) > nowMs) break;
    const state = documentAt(doc, now);
    if (!state) continue;
    const info = KINDS[doc.kind];
    if (state.status === 'deleted') {
      deletedRows.push({
        cells: {
          recordid: num(Number(doc.id)),
          type: str(info.recordType),
          name: str(doc.number),
          deleteddate: ts(toSecond(state.deletedAt ?? state.updatedAt)),
        },
      });
      continue;
    }
    const touch = touched.get(doc.id);
    const lastModifiedMs = Math.max(toSecond(state.updatedAt), touch !== undefined && touch <= nowMs ? touch : 0);
    live.set(doc.id, { doc, state, lastModifiedMs });
    const [letter, text] = statusOf(doc.kind, state.status);
    const currency = currencyRecord(doc.currency);
    transactionRows.push({
      cells: {
        id: num(Number(doc.id)),
        tranid: str(doc.number),
        trandate: date(doc.date),
        type: str(info.code),
        status: str(`${info.code}:${letter}`),
        entity: num(Number(doc.partyId)),
        currency: num(Number(currency.id)),
        foreigntotal: str(state.total),
        createddate: ts(toSecond(doc.createdAt)),
        lastmodifieddate: ts(lastModifiedMs),
      },
      display: { status: text, entity: parties.get(doc.partyId) ?? '', currency: currency.name },
    });
  }

  const itemRows: TableRow[] = book.products
    .filter((p) => Date.parse(p.createdAt) <= nowMs)
    .map((p) => ({
      cells: {
        id: num(Number(p.id)),
        itemid: str(p.sku),
        displayname: str(p.name),
        itemtype: str(p.tracked ? 'InvtPart' : 'NonInvtPart'),
        cost: str(p.cost),
        isinactive: str('F'),
        createddate: ts(toSecond(p.createdAt)),
        lastmodifieddate: ts(toSecond(p.updatedAt)),
      },
    }));

  const products = new Map(book.products.map((p) => [p.id, p]));
  const locations = new Map(book.locations.map((l) => [l.id, l.name]));
  const inventoryRows: TableRow[] = book.inventoryAt(now).map((level) => {
    const product = products.get(level.productId);
    return {
      cells: {
        item: num(Number(level.productId)),
        location: num(Number(level.locationId)),
        quantityonhand: num(Number(level.quantity)),
        quantityavailable: num(Number(level.quantity)),
        averagecostmli: product ? str(product.cost) : null,
      },
      display: { item: product?.sku ?? '', location: locations.get(level.locationId) ?? '' },
    };
  });

  const tables: Record<string, Table> = {
    transaction: {
      name: 'transaction',
      columns: {
        id: 'num',
        tranid: 'str',
        trandate: 'date',
        type: 'str',
        status: 'str',
        entity: 'num',
        currency: 'num',
        foreigntotal: 'str',
        createddate: 'ts',
        lastmodifieddate: 'ts',
      },
      rows: transactionRows,
    },
    item: {
      name: 'item',
      columns: {
        id: 'num',
        itemid: 'str',
        displayname: 'str',
        itemtype: 'str',
        cost: 'str',
        isinactive: 'str',
        createddate: 'ts',
        lastmodifieddate: 'ts',
      },
      rows: itemRows,
    },
    inventoryitemlocations: {
      name: 'inventoryitemlocations',
      columns: { item: 'num', location: 'num', quantityonhand: 'num', quantityavailable: 'num', averagecostmli: 'str' },
      rows: inventoryRows,
    },
    deletedrecord: {
      name: 'deletedrecord',
      columns: { recordid: 'num', type: 'str', name: 'str', deleteddate: 'ts' },
      rows: deletedRows,
    },
  };
  return { book, now, live, tables };
}

/** Live records of one kind at the view's `now` (for tests and ground truth). */
export function liveOfKind(view: CompanyView, kind: SynthKind): VisibleDocument[] {
  return [...view.live.values()].filter((d) => d.doc.kind === kind);
}
