import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Invoice, Party, PurchaseOrder } from '../../../../canonical/index.js';
import { CanonicalRecord } from '../../../../canonical/index.js';
import type { MapContext, MapResult } from '../../../kit/mapper.js';
import { splitFile } from '../../split.js';
import { x12Mapper } from './x12.js';

const FIXTURES = fileURLToPath(new URL('../../../../../../shared/fixtures/files/', import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');

const ctx: MapContext = {
  platform: 'files',
  connectionId: 'conn-1',
  envelopeId: 'env_test',
  mappingVersion: 'files-2026.1',
  timeZone: 'America/Chicago',
  baseCurrency: 'USD',
};

function ok(result: MapResult) {
  if ('review' in result) throw new Error(`unexpected review: ${result.review.message}`);
  for (const r of result.ok) CanonicalRecord.parse(r);
  return result.ok;
}

function mapOnly(text: string, fileName = 'test.edi') {
  const split = splitFile(text, { fileName });
  expect(split.errors).toEqual([]);
  return split.documents.map((d) => ({ doc: d, result: x12Mapper(d.payload, ctx) }));
}

function one(text: string, fileName = 'test.edi', context: MapContext = ctx) {
  const [doc, ...rest] = splitFile(text, { fileName }).documents;
  expect(rest).toEqual([]);
  if (!doc) throw new Error('no document');
  return { doc, result: x12Mapper(doc.payload, context) };
}

describe('X12 810 invoice sample', () => {
  const text = fixture('x12_810_invoice_sample.edi');

  it('splits into one document keyed by the invoice number', () => {
    const split = splitFile(text, { fileName: 'x12_810_invoice_sample.edi' });
    expect(split.format).toBe('x12');
    expect(split.documents).toHaveLength(1);
    expect(split.documents[0]).toMatchObject({
      externalId: 'x12:810:6463367',
      object: 'x12',
      contentType: 'application/edi-x12',
      sourceUpdatedAt: null,
      label: 'X12 810 ST 0001 (invoice 6463367) in x12_810_invoice_sample.edi',
    });
    expect(split.documents[0]?.payload.startsWith('ISA*00*')).toBe(true);
  });

  it('maps BIG, N1, IT1/PID/SAC and TDS with implied decimals to the printed values', () => {
    const { result } = one(text);
    const [invoice, party] = ok(result) as [Invoice, Party];
    expect(invoice).toMatchObject({
      kind: 'invoice',
      id: 'invoice:conn-1:6463367',
      companyId: 'conn-1',
      documentType: 'invoice',
      number: '6463367',
      issueDate: '2005-02-05',
      // ITD02 15 counts the 45 net days from receipt of goods, which the invoice does not give.
      dueDate: null,
      party: { sourceId: 'UL:0078742000992', name: 'WAL-MART 100' },
      currency: 'USD',
      // 1080 x 3.61 = 3898.80, less the SAC allowance 2350 (N2) = 23.50: TDS 387530 (N2) = 3875.30.
      subtotal: '3875.30',
      discountTotal: '23.50',
      taxTotal: '0.00',
      total: '3875.30',
      amountDue: null,
      status: { value: 'open', original: '' },
      source: { platform: 'files', sourceId: '6463367', sourceUpdatedAt: '2007-12-14T20:06:00.000Z' },
      provenance: { envelopeId: 'env_test', mappingVersion: 'files-2026.1' },
    });
    expect(invoice.lines).toEqual([
      {
        lineNumber: 1,
        description: 'ITEM DESCRIPTION',
        sku: '022108955228',
        productSourceId: null,
        quantity: '1080',
        unitPrice: '3.61',
        discount: '23.50',
        tax: '0.00',
        total: '3875.30',
      },
    ]);
    expect(party).toMatchObject({
      kind: 'party',
      role: 'customer',
      name: 'WAL-MART 100',
      id: 'party:conn-1:UL:0078742000992',
    });
  });

  it('reads the currency from CUR and the company base currency without one', () => {
    const eur = text.replace('ST*810*0001\r\n', 'ST*810*0001\r\nCUR*SE*EUR\r\n').replace('SE*20*0001', 'SE*21*0001');
    const { result } = one(eur);
    expect((ok(result)[0] as Invoice).currency).toBe('EUR');
    const { result: gbp } = one(text, 'test.edi', { ...ctx, baseCurrency: 'GBP' });
    expect((ok(gbp)[0] as Invoice).currency).toBe('GBP');
  });

  it('reads a credit memo (BIG07 CR), a due date from ITD net days, and summary tax', () => {
    const edited = text
      .replace('BIG*20050205*6463367*20050202*3376103367', 'BIG*20050205*6463367*20050202*3376103367***CR')
      .replace('ITD*05*15*****45', 'ITD*05*3*****30')
      .replace('TDS*387530', 'TDS*418530\r\nTXI*ST*310.00*8')
      .replace('SE*20*0001', 'SE*21*0001');
    const { result } = one(edited);
    const [invoice] = ok(result) as [Invoice];
    expect(invoice).toMatchObject({
      documentType: 'credit_note',
      id: 'invoice:conn-1:credit_note:6463367',
      dueDate: '2005-03-07',
      taxTotal: '310.00',
      total: '4185.30',
    });
  });
});

describe('X12 850 purchase order sample', () => {
  it('maps BEG, CUR, AMT, N1*SF, PO1/PID/DTM and checks CTT', () => {
    const { doc, result } = one(fixture('x12_850_purchase_order_sample.edi'), 'po.edi');
    expect(doc.externalId).toBe('x12:850:S41000439');
    expect(doc.label).toBe('X12 850 ST 0001 (purchase order S41000439) in po.edi');
    const [order, vendor] = ok(result) as [PurchaseOrder, Party];
    expect(order).toMatchObject({
      kind: 'purchase_order',
      number: 'S41000439',
      issueDate: '2010-08-10',
      expectedDate: '2010-08-20',
      vendor: { sourceId: '92:S07012345', name: 'GENERAL SUPPLY CO' },
      currency: 'USD',
      subtotal: '884.06',
      discountTotal: '0.00',
      taxTotal: '0.00',
      total: '884.06',
      status: { value: 'open', original: '05' },
    });
    expect(order.lines.map((l) => [l.lineNumber, l.description, l.sku, l.quantity, l.unitPrice, l.total])).toEqual([
      [1, 'FUSE, BUSSMAN FNA-4/10', '0459001004', '5', '5.09', '25.45'],
      [2, 'LAMP, MAXLITE 35873, 200W,', '0650002027', '12', '63.11', '757.32'],
      [3, 'DIN RAIL, 35MM, 3 FT LENGTH,', '0670104514', '2', '8.02', '16.04'],
      [4, 'SWITCH, PROXIMITY,', '0684202074', '1', '85.25', '85.25'],
    ]);
    expect(vendor).toMatchObject({ kind: 'party', role: 'vendor', name: 'GENERAL SUPPLY CO' });
  });

  it('sends an order whose CTT02 hash total is wrong to review', () => {
    const bad = fixture('x12_850_purchase_order_sample.edi').replace('CTT*4*20', 'CTT*4*21');
    const { result } = one(bad);
    expect(result).toEqual({
      review: {
        code: 'LP_INPUT_CONTROL_MISMATCH',
        message:
          'X12 850 ST 0001 (purchase order S41000439): CTT02 hash total 21 does not equal the sum of line quantities 20',
        field: 'CTT',
      },
    });
  });
});

describe('a file with one bad transaction set among good ones', () => {
  // Three 810s in one functional group, built from the sample: the second has a wrong SE01.
  const sample = fixture('x12_810_invoice_sample.edi');
  const lines = sample.split('\r\n');
  const st = lines.findIndex((l) => l.trim().startsWith('ST*'));
  const se = lines.findIndex((l) => l.trim().startsWith('SE*'));
  const set = lines.slice(st, se + 1);
  const copy = (control: string, number: string, seCount = '20') =>
    set.map((l) =>
      l
        .replace('ST*810*0001', `ST*810*${control}`)
        .replace('SE*20*0001', `SE*${seCount}*${control}`)
        .replace('*6463367*', `*${number}*`),
    );
  const text = [
    ...lines.slice(0, st),
    ...copy('0001', '6463367'),
    ...copy('0002', '6463368', '19'),
    ...copy('0003', '6463369'),
    ...lines.slice(se + 1).map((l) => l.replace('GE*1*', 'GE*3*')),
  ].join('\r\n');

  it('maps the good ones and names the bad one and its problem', () => {
    const mapped = mapOnly(text, 'batch.edi');
    expect(mapped.map((m) => m.doc.externalId)).toEqual(['x12:810:6463367', 'x12:810:6463368', 'x12:810:6463369']);
    expect(mapped.map((m) => ('ok' in m.result ? (m.result.ok[0] as Invoice).number : 'review'))).toEqual([
      '6463367',
      'review',
      '6463369',
    ]);
    expect(mapped[1]?.result).toEqual({
      review: {
        code: 'LP_INPUT_CONTROL_MISMATCH',
        message: 'X12 810 ST 0002 (invoice 6463368): SE01 says "19" segments but the transaction set has 20',
        field: 'SE01',
      },
    });
  });

  it('sends a transaction set it does not read (856) to review by name', () => {
    const asn = text.replace('ST*810*0003', 'ST*856*0003');
    const last = mapOnly(asn).at(-1);
    expect(last?.doc.externalId).toMatch(/^x12:856:/);
    expect(last?.result).toMatchObject({
      review: { code: 'LP_INPUT_UNSUPPORTED_DOCUMENT', message: expect.stringContaining('X12 856 ST 0003') },
    });
  });
});
