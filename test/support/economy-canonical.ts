import type { FxRateRow } from '../../src/analytics/fx.js';
import {
  CANONICAL_MODEL_VERSION,
  type CanonicalRecord,
  type Company,
  canonicalId,
  type InventoryLevel,
  type Invoice,
  type LineItem,
  type Platform,
  type PurchaseOrder,
  type SalesOrder,
} from '../../src/canonical/index.js';
import { add, sub } from '../../src/canonical/money.js';
import { addDays } from '../../src/emulation/economy/calendar.js';
import type {
  CompanyBook,
  CompanySpec,
  DocumentState,
  Economy,
  SynthDocument,
  SynthLine,
} from '../../src/emulation/economy/index.js';
import { CURRENCIES, documentAt } from '../../src/emulation/economy/index.js';
import type { Connection } from '../../src/ports/connection-store.js';
import type { Store } from '../../src/ports/store.js';

/**
 * Turns the synthetic economy straight into canonical records (the state of every document at
 * `at` via documentAt), bypassing emulators and connectors, so the signals can be checked
 * against the ground truth while the real pipeline is built. The mapping follows the canonical
 * conventions the platform mappers use: credit notes are invoices with documentType credit_note
 * and positive amounts, voided documents keep their totals with status void, deleted documents
 * are kept with deleted = true.
 */
export const ECONOMY_MAPPING_VERSION = 'economy-canonical-1';

function provenance(spec: CompanySpec, id: string, version: number) {
  return {
    envelopeId: `synthetic:${spec.id}:${id}:${version}`,
    mappingVersion: ECONOMY_MAPPING_VERSION,
    modelVersion: CANONICAL_MODEL_VERSION,
  };
}

function source(spec: CompanySpec, sourceId: string, updatedAt: string) {
  return {
    platform: spec.platform as Platform,
    connectionId: spec.id,
    sourceId,
    sourceUpdatedAt: updatedAt,
  };
}

function lines(list: readonly SynthLine[]): LineItem[] {
  return list.map((l, i) => ({
    lineNumber: i + 1,
    description: l.description,
    sku: l.sku,
    productSourceId: l.productId,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discount: l.discount,
    tax: l.tax,
    total: l.total,
  }));
}

function invoiceOf(spec: CompanySpec, doc: SynthDocument, s: DocumentState): Invoice {
  const status =
    s.status === 'paid' ? 'paid' : s.status === 'void' ? 'void' : s.status === 'deleted' ? 'deleted' : 'open';
  return {
    kind: 'invoice',
    id: canonicalId('invoice', spec.id, doc.id),
    companyId: spec.id,
    source: source(spec, doc.id, s.updatedAt),
    provenance: provenance(spec, doc.id, s.version),
    deleted: s.status === 'deleted',
    documentType: doc.kind === 'credit_note' ? 'credit_note' : 'invoice',
    number: doc.number,
    issueDate: doc.date,
    dueDate: doc.dueDate,
    party: { sourceId: doc.partyId, name: null },
    lines: lines(s.lines),
    currency: doc.currency,
    subtotal: s.subtotal,
    discountTotal: s.discountTotal,
    taxTotal: s.taxTotal,
    total: s.total,
    amountDue: s.status === 'paid' ? '0.00' : s.total,
    status: { value: status, original: s.status },
  };
}

function salesOrderOf(spec: CompanySpec, doc: SynthDocument, s: DocumentState): SalesOrder {
  const refunded = add('0', ...s.refunds.map((r) => r.amount));
  const status =
    s.status === 'deleted'
      ? 'deleted'
      : s.status === 'cancelled'
        ? 'cancelled'
        : s.status === 'closed'
          ? 'closed'
          : 'open';
  const paid = doc.events.some((e) => e.type === 'paid' && e.at <= s.updatedAt);
  const financial =
    s.refunds.length > 0
      ? Number(sub(s.total, refunded)) <= 0
        ? 'refunded'
        : 'partially_refunded'
      : paid
        ? 'paid'
        : 'pending';
  return {
    kind: 'sales_order',
    id: canonicalId('sales_order', spec.id, doc.id),
    companyId: spec.id,
    source: source(spec, doc.id, s.updatedAt),
    provenance: provenance(spec, doc.id, s.version),
    deleted: s.status === 'deleted',
    number: doc.number,
    orderDate: doc.date,
    orderedAt: doc.createdAt,
    customer: { sourceId: doc.partyId, name: null },
    lines: lines(s.lines),
    currency: doc.currency,
    subtotal: s.subtotal,
    discountTotal: s.discountTotal,
    taxTotal: s.taxTotal,
    total: s.total,
    presentmentCurrency: null,
    presentmentTotal: null,
    currentTotal: sub(s.total, refunded),
    refunds: s.refunds.map((r) => ({ sourceId: r.id, createdAt: r.at, amount: r.amount, lines: [] })),
    refundedTotal: refunded,
    cancelledAt: s.cancelledAt,
    cancelReason: s.cancelledAt ? 'customer' : null,
    test: false,
    status: { value: status, original: s.status },
    financialStatus: { value: financial, original: financial },
  };
}

function purchaseOrderOf(spec: CompanySpec, doc: SynthDocument, s: DocumentState): PurchaseOrder {
  const status =
    s.status === 'deleted'
      ? 'deleted'
      : s.status === 'cancelled'
        ? 'cancelled'
        : s.status === 'closed'
          ? 'closed'
          : 'open';
  return {
    kind: 'purchase_order',
    id: canonicalId('purchase_order', spec.id, doc.id),
    companyId: spec.id,
    source: source(spec, doc.id, s.updatedAt),
    provenance: provenance(spec, doc.id, s.version),
    deleted: s.status === 'deleted',
    number: doc.number,
    issueDate: doc.date,
    expectedDate: doc.dueDate,
    vendor: { sourceId: doc.partyId, name: null },
    lines: lines(s.lines),
    currency: doc.currency,
    subtotal: s.subtotal,
    discountTotal: s.discountTotal,
    taxTotal: s.taxTotal,
    total: s.total,
    status: { value: status, original: s.status },
  };
}

export function inventoryRecords(spec: CompanySpec, book: CompanyBook, at: string): InventoryLevel[] {
  const costs = new Map(book.products.map((p) => [p.id, p]));
  return book.inventoryAt(at).map((l) => {
    const sourceId = `${l.productId}:${l.locationId}`;
    return {
      kind: 'inventory_level',
      id: canonicalId('inventory_level', spec.id, sourceId),
      companyId: spec.id,
      source: source(spec, sourceId, l.updatedAt),
      provenance: provenance(spec, sourceId, 1),
      deleted: false,
      itemSourceId: l.productId,
      sku: costs.get(l.productId)?.sku ?? null,
      locationId: l.locationId,
      quantity: l.quantity,
      asOf: l.updatedAt,
      unitCost: costs.get(l.productId)?.cost ?? null,
      currency: spec.currency,
    };
  });
}

export function companyRecord(spec: CompanySpec): Company {
  return {
    kind: 'company',
    id: canonicalId('company', spec.id, spec.id),
    companyId: spec.id,
    source: source(spec, spec.id, '2024-01-01T00:00:00.000Z'),
    provenance: provenance(spec, spec.id, 1),
    deleted: false,
    legalName: spec.legalName,
    naics: spec.naics,
    country: spec.country,
    baseCurrency: spec.currency,
    timeZone: spec.timeZone,
    sizeBand: spec.sizeBand,
  };
}

/** The canonical records of one company as its books stand at `at` (bills are not needed by the signals). */
export function companyCanonical(economy: Economy, spec: CompanySpec, at: string = economy.endAt): CanonicalRecord[] {
  const book = economy.company(spec.id);
  const out: CanonicalRecord[] = [companyRecord(spec)];
  for (const doc of book.documents) {
    if (doc.createdAt > at) break;
    const s = documentAt(doc, at);
    if (!s) continue;
    switch (doc.kind) {
      case 'invoice':
      case 'credit_note':
        out.push(invoiceOf(spec, doc, s));
        break;
      case 'sales_order':
        out.push(salesOrderOf(spec, doc, s));
        break;
      case 'purchase_order':
        out.push(purchaseOrderOf(spec, doc, s));
        break;
      default:
        break;
    }
  }
  out.push(...inventoryRecords(spec, book, at));
  return out;
}

export function connectionOf(spec: CompanySpec): Connection {
  return {
    id: spec.id,
    platform: spec.platform,
    account: spec.account,
    baseUrl: `http://127.0.0.1:9/${spec.platform}`,
    company: {
      legalName: spec.legalName,
      naics: spec.naics,
      country: spec.country,
      baseCurrency: spec.currency,
      timeZone: spec.timeZone,
      sizeBand: spec.sizeBand,
    },
    sealedCredentials: null,
    schedule: null,
    createdAt: '2024-01-01T00:00:00.000Z',
  };
}

/** Writes every company's connection and canonical records into the store; returns the record count. */
export async function loadEconomyIntoStore(
  economy: Economy,
  store: Store,
  opts: { at?: string; companies?: readonly CompanySpec[]; afterCompany?: (spec: CompanySpec) => void } = {},
): Promise<number> {
  const at = opts.at ?? economy.endAt;
  let written = 0;
  for (const spec of opts.companies ?? economy.companies) {
    await store.connections.upsert(connectionOf(spec));
    const records = companyCanonical(economy, spec, at);
    for (let i = 0; i < records.length; i += 2000) {
      written += (await store.canonical.upsert(records.slice(i, i + 2000))).written;
    }
    opts.afterCompany?.(spec);
  }
  return written;
}

/** The economy's daily FX table as `fx_rates(date, currency, rate_to_usd)` rows, over its period. */
export function economyFxRows(economy: Economy): FxRateRow[] {
  const rows: FxRateRow[] = [];
  for (let day = 0; day < economy.config.days; day++) {
    const date = addDays(economy.config.startDate, day);
    for (const currency of CURRENCIES) rows.push({ date, currency, rateToUsd: economy.fxRate(date, currency, 'USD') });
  }
  return rows;
}
