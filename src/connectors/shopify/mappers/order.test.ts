import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, CanonicalRecord, cmp, mul, type SalesOrder, sub } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { formatShopTimestamp } from '../shop-time.js';
import { mapOrder } from './order.js';

// Fixtures live beside the repository: <repo root>/../shared/fixtures.
const fixtures = new URL('../../../../../shared/fixtures/shopify/', import.meta.url);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown[]>;

const ctx: MapContext = {
  platform: 'shopify',
  connectionId: 'conn-shop',
  envelopeId: 'env_test',
  mappingVersion: 'shopify-2026.1',
  timeZone: 'America/New_York',
  baseCurrency: 'USD',
};

function one(result: MapResult): SalesOrder {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  const record = CanonicalRecord.parse(result.ok[0]);
  if (record.kind !== 'sales_order') throw new Error(`expected a sales order, got ${record.kind}`);
  return record;
}

function reviewOf(result: MapResult) {
  if (!('review' in result)) throw new Error('expected a review');
  return result.review;
}

const orders = fixture('orders_list.json')['orders'] ?? [];
const order1001 = orders[0] as Record<string, unknown>;
const clone = (): Record<string, unknown> => structuredClone(order1001);

describe('mapOrder on fixtures/shopify/orders_list.json', () => {
  it('maps every order in the fixture and each passes the canonical schema', () => {
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) one(mapOrder(o, ctx));
  });

  it('maps order #1001: ids, source, dates in the shop offset', () => {
    const o = one(mapOrder(order1001, ctx));
    expect(o.id).toBe('sales_order:conn-shop:450789469');
    expect(o.companyId).toBe('conn-shop');
    expect(o.number).toBe('#1001');
    expect(o.source).toEqual({
      platform: 'shopify',
      connectionId: 'conn-shop',
      sourceId: '450789469',
      sourceUpdatedAt: '2008-01-10T16:00:00.000Z',
      sourceOffset: '-05:00',
    });
    expect(o.provenance).toEqual({ envelopeId: 'env_test', mappingVersion: 'shopify-2026.1', modelVersion: '1.0.0' });
    expect(o.orderDate).toBe('2008-01-10');
    expect(o.orderedAt).toBe('2008-01-10T16:00:00.000Z');
    expect(o.customer).toEqual({ sourceId: '207119551', name: 'Test Customer' });
    expect(o.deleted).toBe(false);
  });

  it('keeps checkout totals apart from current totals, in shop and presentment currency', () => {
    const o = one(mapOrder(order1001, ctx));
    expect(o.currency).toBe('USD');
    expect(o.subtotal).toBe('597.00');
    expect(o.discountTotal).toBe('10.00');
    expect(o.taxTotal).toBe('11.94');
    expect(o.total).toBe('598.94');
    expect(o.currentTotal).toBe('199.65');
    expect(o.presentmentCurrency).toBe('USD');
    expect(o.presentmentTotal).toBe('598.94');
    // total_price = lines − discounts + tax (+ free shipping) in this order.
    expect(add(sub(o.subtotal, o.discountTotal), o.taxTotal)).toBe('598.94');
  });

  it('maps line items with allocated discounts, taxes and net totals', () => {
    const o = one(mapOrder(order1001, ctx));
    expect(o.lines).toEqual([
      {
        lineNumber: 1,
        description: 'IPod Nano - 8gb - green',
        sku: 'IPOD2008GREEN',
        productSourceId: '632910392',
        quantity: '1',
        unitPrice: '199.00',
        discount: '3.34',
        tax: '3.98',
        total: '195.66',
      },
      {
        lineNumber: 2,
        description: 'IPod Nano - 8gb - red',
        sku: 'IPOD2008RED',
        productSourceId: '632910392',
        quantity: '1',
        unitPrice: '199.00',
        discount: '3.33',
        tax: '3.98',
        total: '195.67',
      },
      {
        lineNumber: 3,
        description: 'IPod Nano - 8gb - black',
        sku: 'IPOD2008BLACK',
        productSourceId: '632910392',
        quantity: '1',
        unitPrice: '199.00',
        discount: '3.33',
        tax: '3.98',
        total: '195.67',
      },
    ]);
    expect(add(...o.lines.map((l) => l.discount))).toBe(add(o.discountTotal));
    expect(add(...o.lines.map((l) => l.tax))).toBe(add(o.taxTotal));
  });

  it('sums refunds from successful refund transactions and keeps refund lines', () => {
    const o = one(mapOrder(order1001, ctx));
    expect(o.refunds).toEqual([
      {
        sourceId: '509562969',
        createdAt: '2025-07-02T16:29:59.000Z',
        amount: '209.00',
        lines: [
          { lineSourceId: '703073504', quantity: '1', amount: '199.64' },
          { lineSourceId: '466157049', quantity: '1', amount: '199.65' },
        ],
      },
    ]);
    expect(o.refundedTotal).toBe('209.00');
  });

  it('maps status, financial status and test flag', () => {
    const o = one(mapOrder(order1001, ctx));
    expect(o.status).toEqual({ value: 'open', original: 'open' });
    expect(o.financialStatus).toEqual({ value: 'partially_refunded', original: 'partially_refunded' });
    expect(o.test).toBe(false);
    expect(o.cancelledAt).toBeNull();
    expect(o.cancelReason).toBeNull();
  });
});

describe('mapOrder rules beyond the fixture', () => {
  it('marks cancelled orders with their instant and reason, and flags test orders', () => {
    const raw = clone();
    raw['cancelled_at'] = '2008-01-11T09:30:00-05:00';
    raw['cancel_reason'] = 'customer';
    raw['closed_at'] = '2008-01-11T09:30:00-05:00';
    raw['test'] = true;
    raw['financial_status'] = 'voided';
    const o = one(mapOrder(raw, ctx));
    expect(o.status.value).toBe('cancelled');
    expect(o.cancelledAt).toBe('2008-01-11T14:30:00.000Z');
    expect(o.cancelReason).toBe('customer');
    expect(o.test).toBe(true);
    expect(o.financialStatus.value).toBe('voided');
  });

  it('reads closed orders and unknown financial statuses', () => {
    const raw = clone();
    raw['closed_at'] = '2008-02-01T00:00:00-05:00';
    raw['financial_status'] = 'expired';
    const o = one(mapOrder(raw, ctx));
    expect(o.status).toEqual({ value: 'closed', original: 'closed' });
    expect(o.financialStatus).toEqual({ value: 'unknown', original: 'expired' });
  });

  it('uses processed_at for the order date, in the offset Shopify wrote', () => {
    const raw = clone();
    raw['created_at'] = '2026-03-02T08:00:00+09:00';
    raw['processed_at'] = '2026-03-01T23:30:00+09:00';
    const o = one(mapOrder(raw, ctx));
    expect(o.orderDate).toBe('2026-03-01');
    expect(o.orderedAt).toBe('2026-03-01T14:30:00.000Z');
  });

  it('takes tax out of line totals when prices include tax', () => {
    const raw = clone();
    raw['taxes_included'] = true;
    const o = one(mapOrder(raw, ctx));
    expect(o.lines[0]?.total).toBe('191.68'); // 199.00 − 3.34 − 3.98
  });

  it('falls back to the legacy total_discount when there are no allocations', () => {
    const raw = clone();
    const lines = raw['line_items'] as Record<string, unknown>[];
    for (const l of lines) {
      l['discount_allocations'] = [];
      l['total_discount'] = '5.00';
    }
    const o = one(mapOrder(raw, ctx));
    expect(o.lines.map((l) => l.discount)).toEqual(['5.00', '5.00', '5.00']);
    expect(o.lines[0]?.total).toBe('194.00');
  });

  it('sums refund lines minus order adjustments when a refund has no transactions', () => {
    const raw = clone();
    const refund = (raw['refunds'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    refund['transactions'] = [];
    refund['order_adjustments'] = [{ id: 1, amount: '-5.00', tax_amount: '0.00', kind: 'shipping_refund' }];
    const o = one(mapOrder(raw, ctx));
    expect(o.refunds[0]?.amount).toBe('404.29'); // 199.64 + 199.65 + 5.00 shipping
  });

  it('ignores failed and non-refund transactions', () => {
    const raw = clone();
    const refund = (raw['refunds'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    refund['transactions'] = [
      { id: 1, amount: '50.00', kind: 'refund', status: 'failure' },
      { id: 2, amount: '20.00', kind: 'refund', status: 'success' },
      { id: 3, amount: '99.00', kind: 'sale', status: 'success' },
    ];
    expect(one(mapOrder(raw, ctx)).refundedTotal).toBe('20.00');
  });

  it('reads presentment money that differs from the shop currency', () => {
    const raw = clone();
    raw['presentment_currency'] = 'EUR';
    raw['total_price_set'] = {
      shop_money: { amount: '598.94', currency_code: 'USD' },
      presentment_money: { amount: '551.02', currency_code: 'EUR' },
    };
    const o = one(mapOrder(raw, ctx));
    expect(o.currency).toBe('USD');
    expect(o.total).toBe('598.94');
    expect(o.presentmentCurrency).toBe('EUR');
    expect(o.presentmentTotal).toBe('551.02');
  });
});

describe('mapOrder on bad input: review, never throw', () => {
  const cases: [string, (o: Record<string, unknown>) => void, string, string][] = [
    ['missing id', (o) => delete o['id'], 'LP_INPUT_SCHEMA', 'id'],
    ['id of the wrong type', (o) => (o['id'] = { value: 1 }), 'LP_INPUT_SCHEMA', 'id'],
    ['money as a JSON number', (o) => (o['total_price'] = 598.94), 'LP_INPUT_SCHEMA', 'total_price'],
    ['decimal comma', (o) => (o['total_price'] = '598,94'), 'LP_INPUT_SCHEMA', 'total_price'],
    [
      'decimal comma in a line price',
      (o) => ((o['line_items'] as Record<string, unknown>[])[1] = { id: 2, quantity: 1, price: '199,00' }),
      'LP_INPUT_SCHEMA',
      'line_items.1.price',
    ],
    ['timestamp without offset', (o) => (o['updated_at'] = '2008-01-10 11:00:00'), 'LP_INPUT_SCHEMA', 'updated_at'],
    ['line items not an array', (o) => (o['line_items'] = 'none'), 'LP_INPUT_SCHEMA', 'line_items'],
    [
      'quantity as a string',
      (o) => ((o['line_items'] as Record<string, unknown>[])[0] = { id: 1, quantity: '1', price: '1.00' }),
      'LP_INPUT_SCHEMA',
      'line_items.0.quantity',
    ],
    ['lower-case currency', (o) => (o['currency'] = 'usd'), 'LP_INPUT_SCHEMA', 'currency'],
    [
      'shop money in another currency than the shop',
      (o) =>
        (o['total_price_set'] = {
          shop_money: { amount: '598.94', currency_code: 'CAD' },
          presentment_money: { amount: '598.94', currency_code: 'CAD' },
        }),
      'LP_INPUT_MAPPING',
      'total_price_set.shop_money.currency_code',
    ],
  ];
  for (const [name, corrupt, code, field] of cases) {
    it(`sends ${name} to review naming ${field}`, () => {
      const raw = clone();
      corrupt(raw);
      const r = reviewOf(mapOrder(raw, ctx));
      expect(r.code).toBe(code);
      expect(r.field).toBe(field);
      expect(r.message).toContain(field);
    });
  }

  it('reviews payloads that are not objects at all', () => {
    for (const raw of [null, 42, 'order', [], undefined]) {
      expect(reviewOf(mapOrder(raw, ctx)).code).toBe('LP_INPUT_SCHEMA');
    }
  });
});

// ---------------------------------------------------------------- properties

const cents = fc.bigInt({ min: 0n, max: 10_000_000n });
const money = (c: bigint) => {
  const s = c.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};
const lineArb = fc.record({
  quantity: fc.integer({ min: 0, max: 500 }),
  price: cents.map(money),
  discount: fc.bigInt({ min: 0n, max: 5_000n }).map(money),
  tax: fc.bigInt({ min: 0n, max: 50_000n }).map(money),
});

function orderWith(lines: { quantity: number; price: string; discount: string; tax: string }[], stamp: string) {
  const raw = clone();
  raw['created_at'] = stamp;
  raw['processed_at'] = stamp;
  raw['updated_at'] = stamp;
  delete raw['total_line_items_price'];
  delete raw['total_discounts'];
  delete raw['total_tax'];
  raw['line_items'] = lines.map((l, i) => ({
    id: i + 1,
    quantity: l.quantity,
    price: l.price,
    total_discount: '0.00',
    discount_allocations: [{ amount: l.discount }],
    tax_lines: [{ price: l.tax, rate: 0.1, title: 'Tax' }],
  }));
  return raw;
}

describe('mapOrder properties', () => {
  it('line and order money sums are exact', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), (lines) => {
        const o = one(mapOrder(orderWith(lines, '2026-01-05T10:00:00-05:00'), ctx));
        for (const [i, l] of lines.entries()) {
          const line = o.lines[i];
          expect(cmp(line?.total ?? 'x', sub(mul(l.quantity, l.price), l.discount))).toBe(0);
          expect(line?.tax).toBe(l.tax);
        }
        expect(cmp(o.subtotal, add(...lines.map((l) => mul(l.quantity, l.price))))).toBe(0);
        expect(cmp(o.discountTotal, add(...lines.map((l) => l.discount)))).toBe(0);
        expect(cmp(o.taxTotal, add(...lines.map((l) => l.tax)))).toBe(0);
        // Σ line totals + discounts = subtotal, to the cent.
        expect(cmp(add(...o.lines.map((l) => l.total), o.discountTotal), o.subtotal)).toBe(0);
        for (const v of [o.subtotal, o.discountTotal, o.taxTotal, ...o.lines.map((l) => l.total)]) {
          expect(v).toMatch(/^-?\d+\.\d{2}$/);
        }
      }),
    );
  });

  it('dates round-trip: UTC instant and shop-local calendar date', () => {
    const zones = [
      'America/Los_Angeles',
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Pacific/Auckland',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000),
        fc.constantFrom(...zones),
        (ms, zone) => {
          const stamp = formatShopTimestamp(ms, zone);
          const o = one(
            mapOrder(orderWith([{ quantity: 1, price: '1.00', discount: '0.00', tax: '0.00' }], stamp), ctx),
          );
          expect(o.orderedAt).toBe(new Date(ms).toISOString());
          expect(o.source.sourceUpdatedAt).toBe(new Date(ms).toISOString());
          const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(ms));
          expect(o.orderDate).toBe(local);
        },
      ),
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = mapOrder(v, ctx);
        expect('ok' in r || 'review' in r).toBe(true);
      }),
    );
  });
});
