import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckdbEngine } from '../../../src/adapters/analytics/duckdb/engine.js';
import { createDuckdbParquetFiles } from '../../../src/adapters/analytics/duckdb/parquet-files.js';
import { createSqliteStore } from '../../../src/adapters/store/sqlite/store.js';
import { fxRatesFromRows } from '../../../src/analytics/fx.js';
import { runSignals } from '../../../src/analytics/run-signals.js';
import type { SignalRow } from '../../../src/analytics/signal-row.js';
import {
  CANONICAL_MODEL_VERSION,
  type CanonicalRecord,
  type InventoryLevel,
  type Invoice,
  type PurchaseOrder,
  type SalesOrder,
} from '../../../src/canonical/index.js';
import type { Store } from '../../../src/ports/store.js';
import { silentDeps } from './deps.js';

/**
 * The written rules of 00_facts.sql on a hand-made book: three identical companies (the floor of
 * three companies lets their cells publish), each with documents that must and must not count.
 */
const AT = '2026-06-05T12:00:00.000Z';
const DATE = '2026-06-02';

function base(company: string, kind: CanonicalRecord['kind'], id: string) {
  return {
    id: `${kind}:${company}:${id}`,
    companyId: company,
    source: { platform: 'quickbooks' as const, connectionId: company, sourceId: id, sourceUpdatedAt: AT },
    provenance: { envelopeId: `env-${company}-${id}`, mappingVersion: 'test', modelVersion: CANONICAL_MODEL_VERSION },
    deleted: false,
  };
}

const line = (quantity: string, product: string | null) => ({
  lineNumber: 1,
  description: null,
  sku: null,
  productSourceId: product,
  quantity,
  unitPrice: '1',
  discount: '0',
  tax: '0',
  total: quantity,
});

function invoice(
  company: string,
  id: string,
  total: string,
  status: Invoice['status']['value'],
  extra: Partial<Invoice> = {},
): Invoice {
  return {
    ...base(company, 'invoice', id),
    kind: 'invoice',
    documentType: 'invoice',
    number: id,
    issueDate: DATE,
    dueDate: null,
    party: { sourceId: null, name: null },
    lines: [],
    currency: 'USD',
    subtotal: total,
    discountTotal: '0',
    taxTotal: '0',
    total,
    amountDue: status === 'paid' ? '0' : total,
    status: { value: status, original: status },
    ...extra,
  };
}

function order(company: string, id: string, total: string, extra: Partial<SalesOrder> = {}): SalesOrder {
  return {
    ...base(company, 'sales_order', id),
    kind: 'sales_order',
    number: id,
    orderDate: DATE,
    orderedAt: '2026-06-02T15:00:00.000Z',
    customer: { sourceId: null, name: null },
    lines: [],
    currency: 'USD',
    subtotal: total,
    discountTotal: '0',
    taxTotal: '0',
    total,
    presentmentCurrency: null,
    presentmentTotal: null,
    currentTotal: total,
    refunds: [],
    refundedTotal: '0',
    cancelledAt: null,
    cancelReason: null,
    test: false,
    status: { value: 'open', original: 'open' },
    financialStatus: { value: 'paid', original: 'paid' },
    ...extra,
  };
}

function purchaseOrder(
  company: string,
  id: string,
  total: string,
  status: PurchaseOrder['status']['value'],
): PurchaseOrder {
  return {
    ...base(company, 'purchase_order', id),
    kind: 'purchase_order',
    number: id,
    issueDate: DATE,
    expectedDate: null,
    vendor: { sourceId: null, name: null },
    lines: [],
    currency: 'USD',
    subtotal: total,
    discountTotal: '0',
    taxTotal: '0',
    total,
    status: { value: status, original: status },
  };
}

function level(company: string, item: string, quantity: string): InventoryLevel {
  return {
    ...base(company, 'inventory_level', item),
    kind: 'inventory_level',
    itemSourceId: item,
    sku: null,
    locationId: 'main',
    quantity,
    asOf: '2026-06-03T20:00:00.000Z',
    unitCost: null,
    currency: null,
  };
}

function book(c: string): CanonicalRecord[] {
  return [
    invoice(c, 'A', '100.00', 'paid', { lines: [line('2', 'p1')] }),
    invoice(c, 'B', '50.00', 'open', { lines: [line('1', 'p2')] }),
    invoice(c, 'C', '1000.00', 'void'),
    { ...invoice(c, 'D', '1000.00', 'deleted'), deleted: true },
    invoice(c, 'E', '1000.00', 'draft'),
    invoice(c, 'F', '20.00', 'open', { documentType: 'credit_note' }),
    order(c, 'S1', '80.00', {
      lines: [line('3', 'p1')],
      refunds: [{ sourceId: 'R1', createdAt: AT, amount: '8.00', lines: [] }],
      refundedTotal: '8.00',
      // Shopify's current_total_price: the order after edits, less refunds.
      currentTotal: '72.00',
      status: { value: 'closed', original: 'closed' },
    }),
    order(c, 'S2', '20.00', { lines: [line('1', null)] }),
    order(c, 'S3', '500.00', { cancelledAt: AT, status: { value: 'cancelled', original: 'cancelled' } }),
    order(c, 'S4', '500.00', { test: true }),
    purchaseOrder(c, 'P1', '300.00', 'open'),
    purchaseOrder(c, 'P2', '999.00', 'draft'),
    purchaseOrder(c, 'P3', '999.00', 'cancelled'),
    level(c, 'p1', '10'),
    level(c, 'p2', '5'),
  ];
}

describe('the written rules of the metric SQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-rules-'));
  let store: Store;
  let rows: SignalRow[];

  beforeAll(async () => {
    store = await createSqliteStore(new URL(`sqlite://${join(dir, 'store.db')}`), silentDeps);
    for (const c of ['c1', 'c2', 'c3']) {
      await store.connections.upsert({
        id: c,
        platform: 'quickbooks',
        account: c,
        baseUrl: 'http://127.0.0.1:9',
        company: {
          legalName: c,
          naics: '722511',
          country: 'US',
          baseCurrency: 'USD',
          timeZone: 'America/New_York',
          sizeBand: 'small',
        },
        sealedCredentials: null,
        schedule: null,
        createdAt: AT,
      });
      await store.canonical.upsert(book(c));
    }
    const engine = await createDuckdbEngine({}, silentDeps);
    const files = await createDuckdbParquetFiles(silentDeps);
    try {
      ({ rows } = await runSignals({
        store,
        lakeDir: join(dir, 'lake'),
        engine,
        files,
        reportingCurrency: 'USD',
        fx: fxRatesFromRows([], 'none needed: all USD'),
        disclosure: { minCompanies: 3 },
      }));
    } finally {
      await engine.close();
      await files.close();
    }
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const value = (metric: string, grain: 'week' | 'month', cell = '72') =>
    rows.find((r) => r.metric === metric && r.grain === grain && r.dimension === 'sector' && r.cell === cell);

  it('counts issued invoices only: not credit notes, drafts, void or deleted ones', () => {
    for (const grain of ['week', 'month'] as const) {
      expect(value('invoice_count', grain)).toMatchObject({ value: '6', companies: 3, status: 'published' });
      expect(value('invoice_value', grain)?.value).toBe('450.00');
      expect(value('avg_invoice_value', grain)?.value).toBe('75.00');
      expect(value('credit_note_count', grain)?.value).toBe('3');
      expect(value('credit_note_value', grain)?.value).toBe('60.00');
    }
    expect(value('invoice_count', 'week')?.period).toBe('2026-W23');
    expect(value('invoice_count', 'week')?.cellLabel).toBe('72 Accommodation and Food Services');
  });

  it('leaves out cancelled and test orders, and keeps refunds with their order', () => {
    expect(value('order_count', 'week')?.value).toBe('6');
    expect(value('order_value', 'week')?.value).toBe('300.00');
    expect(value('avg_order_value', 'week')?.value).toBe('50.00');
    expect(value('refund_rate', 'week')?.value).toBe('0.0800');
  });

  it('counts sent and fulfilled purchase orders, not drafts or cancelled ones', () => {
    expect(value('purchase_order_count', 'month')?.value).toBe('3');
    expect(value('purchase_order_value', 'month')?.value).toBe('900.00');
  });

  it('measures stocks at period end: inventory units, inventory-to-sales and DSO', () => {
    expect(value('inventory_units', 'week')?.value).toBe('45.00');
    // 45 units on hand over 18 product units sold (2 + 1 on invoices, 3 on an order, per company).
    expect(value('inventory_to_sales', 'week')?.value).toBe('2.50');
    // Open receivables 150 over 450 invoiced in the 91 days to 2026-06-05, times 91.
    expect(value('dso_days', 'week')?.value).toBe('30.3');
    expect(value('dso_days', 'week')?.provisional).toBe(true);
  });
});
