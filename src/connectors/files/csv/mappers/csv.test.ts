import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Invoice, Party, PurchaseOrder, SalesOrder } from '../../../../canonical/index.js';
import { CanonicalRecord } from '../../../../canonical/index.js';
import type { MapContext, MapResult } from '../../../kit/mapper.js';
import { mapperFor } from '../../mappers.js';
import { splitFile } from '../../split.js';
import type { FileDocument } from '../../types.js';
import { parseProfile } from '../builtin-profiles.js';
import type { CsvPayload } from '../payload.js';
import type { CsvProfile } from '../profile.js';
import { csvMapper } from './csv.js';

const FIXTURES = fileURLToPath(new URL('../../../../../../shared/fixtures/files/', import.meta.url));
const SHOPIFY = readFileSync(`${FIXTURES}shopify_orders_export_sample.csv`, 'utf8');

const ctx: MapContext = {
  platform: 'files',
  connectionId: 'conn-1',
  envelopeId: 'env_test',
  mappingVersion: 'files-2026.1',
  timeZone: 'Europe/Paris',
  baseCurrency: 'EUR',
};

function ok(result: MapResult) {
  if ('review' in result) throw new Error(`unexpected review: ${result.review.message}`);
  for (const r of result.ok) CanonicalRecord.parse(r);
  return result.ok;
}

function split(text: string | Buffer, fileName: string, profile?: CsvProfile) {
  return splitFile(text, { fileName, format: 'csv', ...(profile ? { profile } : {}) });
}

function mapAll(docs: readonly FileDocument[], context: MapContext = ctx) {
  return docs.map((d) => ({ doc: d, result: (mapperFor(d.object) ?? csvMapper)(d.payload, context) }));
}

function only<T>(text: string | Buffer, fileName: string, profile?: CsvProfile): T[] {
  const s = split(text, fileName, profile);
  expect(s.errors).toEqual([]);
  return mapAll(s.documents).map((m) => ok(m.result)[0] as T);
}

describe('Shopify orders export sample', () => {
  it('is recognized without a profile and maps to the printed values', () => {
    const s = splitFile(SHOPIFY, { fileName: 'orders_export.csv' });
    expect(s.format).toBe('csv');
    expect(s.errors).toEqual([]);
    expect(s.documents).toHaveLength(1);
    expect(s.documents[0]).toMatchObject({
      externalId: 'csv:shopify-orders:#128520',
      object: 'csv:shopify-orders',
      contentType: 'application/vnd.ledgerpulse.csv-document+json',
      sourceUpdatedAt: '2025-10-07T07:50:26.000Z',
      label: 'CSV shopify-orders order #128520 (line 2) in orders_export.csv',
    });
    const [order] = ok(csvMapper(s.documents[0]?.payload, ctx)) as [SalesOrder];
    expect(order).toMatchObject({
      kind: 'sales_order',
      id: 'sales_order:conn-1:7410991464714',
      number: '#128520',
      orderDate: '2025-10-07',
      orderedAt: '2025-10-07T07:50:26.000Z',
      customer: { sourceId: null, name: 'EXAMPLE COMPANY' },
      currency: 'EUR',
      subtotal: '53.91',
      discountTotal: '110.59',
      taxTotal: '0.00',
      total: '53.91',
      currentTotal: '53.91',
      refundedTotal: '0.00',
      cancelledAt: null,
      status: { value: 'open', original: 'fulfilled' },
      financialStatus: { value: 'paid', original: 'paid' },
      source: { sourceId: '7410991464714', sourceUpdatedAt: '2025-10-07T07:50:26.000Z', sourceOffset: '+02:00' },
    });
    expect(order.lines).toEqual([
      {
        lineNumber: 1,
        description: 'Masque au Bio-Collagène',
        sku: null,
        productSourceId: null,
        quantity: '3',
        unitPrice: '34.90',
        discount: '0.00',
        tax: '0.00',
        total: '104.70',
      },
    ]);
  });

  it('groups an order over its line rows (order columns only on the first) and keeps orders apart', () => {
    const [headerLine, row] = SHOPIFY.trimEnd().split('\n') as [string, string];
    const header = headerLine.split(',');
    const col = (name: string) => header.indexOf(name);
    // A line row as Shopify writes it: the order name, e-mail and line columns; the rest blank.
    const lineRow = header.map(() => '');
    lineRow[col('Name')] = '#128520';
    lineRow[col('Email')] = 'customer@example.com';
    lineRow[col('Lineitem quantity')] = '1';
    lineRow[col('Lineitem name')] = 'Sérum Éclat';
    lineRow[col('Lineitem price')] = '19.00';
    lineRow[col('Lineitem sku')] = 'SER-01';
    lineRow[col('Lineitem discount')] = '5.00';
    const second = row
      .replace('#128520', '#128521')
      .replace('7410991464714', '7410991464715')
      .replace(',paid,', ',refunded,');
    const text = [headerLine, row, lineRow.join(','), second].join('\n');
    const orders = only<SalesOrder>(text, 'orders_export.csv');
    expect(orders.map((o) => o.number)).toEqual(['#128520', '#128521']);
    expect(orders[0]?.lines.map((l) => [l.description, l.sku, l.quantity, l.unitPrice, l.discount, l.total])).toEqual([
      ['Masque au Bio-Collagène', null, '3', '34.90', '0.00', '104.70'],
      ['Sérum Éclat', 'SER-01', '1', '19.00', '5.00', '14.00'],
    ]);
    expect(orders[0]?.total).toBe('53.91');
    expect(orders[1]?.financialStatus).toEqual({ value: 'refunded', original: 'refunded' });
  });
});

const QBO_US = `InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,ItemTaxCode,ItemTaxAmount,Currency
1001,Acme Hardware LLC,01/15/2026,02/14/2026,Net 30,,Widget,"Widget, large",10,12.50,125.00,TAX,10.31,USD
1001,Acme Hardware LLC,01/15/2026,02/14/2026,Net 30,,Install,Installation labour,2,"1,250.00","2,500.00",NON,0.00,USD
1002,Blue Fin Cafe,01/16/2026,02/15/2026,Net 30,,Widget,Widget,4,12.50,50.00,TAX,4.13,USD
`;

// A French QuickBooks company: UTF-8 BOM, semicolons, decimal comma, blank-grouped thousands, day-first dates.
const QBO_FR = `\ufeffInvoiceNo;Customer;InvoiceDate;DueDate;Item(Product/Service);ItemDescription;ItemQuantity;ItemRate;ItemAmount;ItemTaxAmount;Currency
F-2026-001;Boulangerie Martin SARL;05/03/2026;04/04/2026;Farine;Farine T65 (sac 25 kg);12;18,50;222,00;44,40;EUR
F-2026-001;Boulangerie Martin SARL;05/03/2026;04/04/2026;Livraison;Livraison;1;1 250,00;1 250,00;250,00;EUR
F-2026-002;Café des Arts;17/03/2026;16/04/2026;Farine;Farine T55;3;17,90;53,70;10,74;EUR
`;

describe('QuickBooks invoice export', () => {
  it('maps a US export (month-first dates settled by 01/15/2026, quoted thousands)', () => {
    const s = splitFile(QBO_US, { fileName: 'qbo.csv' });
    expect(s.documents.map((d) => d.object)).toEqual(['csv:quickbooks-invoices', 'csv:quickbooks-invoices']);
    const [a, b] = mapAll(s.documents).map((m) => ok(m.result)[0] as Invoice);
    expect(a).toMatchObject({
      kind: 'invoice',
      id: 'invoice:conn-1:1001',
      number: '1001',
      documentType: 'invoice',
      issueDate: '2026-01-15',
      dueDate: '2026-02-14',
      party: { sourceId: null, name: 'Acme Hardware LLC' },
      currency: 'USD',
      subtotal: '2625.00',
      discountTotal: '0.00',
      taxTotal: '10.31',
      total: '2635.31',
      amountDue: null,
      status: { value: 'open', original: '' },
      source: { sourceUpdatedAt: '2026-01-14T23:00:00.000Z' },
    });
    expect(a?.lines.map((l) => [l.sku, l.description, l.quantity, l.unitPrice, l.tax, l.total])).toEqual([
      ['Widget', 'Widget, large', '10', '12.50', '10.31', '125.00'],
      ['Install', 'Installation labour', '2', '1250.00', '0.00', '2500.00'],
    ]);
    expect(b).toMatchObject({
      number: '1002',
      issueDate: '2026-01-16',
      subtotal: '50.00',
      taxTotal: '4.13',
      total: '54.13',
    });
  });

  it('reads a BOM + semicolon + decimal-comma export with day-first dates', () => {
    const bytes = Buffer.from(QBO_FR, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const s = splitFile(bytes, { fileName: 'factures.csv' });
    expect(s.errors).toEqual([]);
    const payload = JSON.parse(s.documents[0]?.payload ?? '{}') as CsvPayload;
    expect(payload.header[0]).toBe('InvoiceNo');
    expect(payload.resolved).toEqual({ delimiter: ';', decimalSeparator: ',', dateOrder: 'dmy' });
    const [a, b] = mapAll(s.documents).map((m) => ok(m.result)[0] as Invoice);
    expect(a).toMatchObject({
      number: 'F-2026-001',
      issueDate: '2026-03-05',
      dueDate: '2026-04-04',
      party: { name: 'Boulangerie Martin SARL' },
      currency: 'EUR',
      subtotal: '1472.00',
      taxTotal: '294.40',
      total: '1766.40',
    });
    expect(a?.lines.map((l) => [l.quantity, l.unitPrice, l.total])).toEqual([
      ['12', '18.50', '222.00'],
      ['1', '1250.00', '1250.00'],
    ]);
    expect(b).toMatchObject({
      number: 'F-2026-002',
      issueDate: '2026-03-17',
      party: { name: 'Café des Arts' },
      total: '64.44',
    });
  });

  it('refuses to guess between day-first and month-first when no date settles it', () => {
    const ambiguous = `InvoiceNo,Customer,InvoiceDate,DueDate,ItemDescription,ItemQuantity,ItemRate,ItemAmount
2001,Acme Hardware LLC,03/04/2026,04/05/2026,Widget,1,10.00,10.00
2002,Blue Fin Cafe,04/04/2026,05/05/2026,Widget,2,10.00,20.00
`;
    const s = splitFile(ambiguous, { fileName: 'ambiguous.csv' });
    expect(s.documents).toEqual([]);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]?.code).toBe('LP_INPUT_AMBIGUOUS');
    expect(s.errors[0]?.message).toBe(
      'ambiguous.csv: dates such as "03/04/2026" (column InvoiceDate, line 2) could be day-first or month-first and no date in the file settles it; set dateFormat in the profile (e.g. "DD/MM/YYYY" or "MM/DD/YYYY")',
    );

    const uk = parseProfile({ extends: 'quickbooks-invoices', name: 'qbo-uk', dateFormat: 'DD/MM/YYYY' });
    const us = parseProfile({ extends: 'quickbooks-invoices', name: 'qbo-us', dateFormat: 'MM/DD/YYYY' });
    expect(only<Invoice>(ambiguous, 'ambiguous.csv', uk).map((i) => [i.issueDate, i.dueDate])).toEqual([
      ['2026-04-03', '2026-05-04'],
      ['2026-04-04', '2026-05-05'],
    ]);
    expect(only<Invoice>(ambiguous, 'ambiguous.csv', us).map((i) => i.issueDate)).toEqual(['2026-03-04', '2026-04-04']);
  });

  it('refuses a file that mixes day-first and month-first dates', () => {
    const mixed = QBO_US.replace('01/16/2026', '16/01/2026');
    const s = splitFile(mixed, { fileName: 'mixed.csv' });
    expect(s.errors[0]?.code).toBe('LP_INPUT_AMBIGUOUS');
    expect(s.errors[0]?.message).toContain('day-first "16/01/2026"');
  });

  it('refuses numbers that do not settle the decimal separator, and files that mix them', () => {
    const unsure = `InvoiceNo,Customer,InvoiceDate,ItemQuantity,ItemAmount
3001,Acme,2026-01-15,1,"1,500"
`;
    expect(splitFile(unsure, { fileName: 'u.csv' }).errors[0]?.message).toContain(
      'numbers such as "1,500" (column ItemAmount, line 2) could use "," or "." as the decimal separator',
    );
    const mixed = `InvoiceNo;Customer;InvoiceDate;ItemQuantity;ItemAmount
3001;Acme;2026-01-15;1;12.50
3002;Acme;2026-01-15;1;3,75
`;
    expect(splitFile(mixed, { fileName: 'm.csv' }).errors[0]?.message).toContain('mixes decimal points');
  });

  it('lands the good invoices and sends the bad one to review, naming it and the problem', () => {
    const bad = QBO_US.replace(
      '1002,Blue Fin Cafe,01/16/2026,02/15/2026,Net 30,,Widget,Widget,4,',
      '1002,Blue Fin Cafe,01/16/2026,02/15/2026,Net 30,,Widget,Widget,four,',
    )
      .concat('1003,Corner Books,01/20/2026,02/19/2026,Net 30,,Book,Atlas,1,30.00,30.00,TAX,2.48,USD\n')
      .concat(',Dangling row,01/21/2026,,,,,,1,1.00,1.00,,,USD\n');
    const s = splitFile(bad, { fileName: 'qbo.csv' });
    expect(s.errors).toEqual([]);
    const mapped = mapAll(s.documents);
    expect(mapped.map((m) => m.doc.externalId)).toEqual([
      'csv:quickbooks-invoices:1001',
      'csv:quickbooks-invoices:1002',
      'csv:quickbooks-invoices:1003',
      'csv:quickbooks-invoices:line 6',
    ]);
    expect(mapped.map((m) => ('ok' in m.result ? (m.result.ok[0] as Invoice).total : 'review'))).toEqual([
      '2635.31',
      'review',
      '32.48',
      'review',
    ]);
    expect(mapped[1]?.result).toEqual({
      review: {
        code: 'LP_INPUT_MAPPING',
        message:
          'CSV quickbooks-invoices invoice 1002 (line 4 of qbo.csv): ItemQuantity "four" on line 4 is not a number',
        field: 'ItemQuantity',
      },
    });
    expect(mapped[3]?.result).toMatchObject({
      review: {
        code: 'LP_INPUT_SCHEMA',
        message: 'CSV quickbooks-invoices invoice (line 6 of qbo.csv): InvoiceNo (document number) is empty',
      },
    });
  });
});

const XERO_HEADER =
  'ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,SAAddressLine1,SAAddressLine2,SAAddressLine3,SAAddressLine4,SACity,SARegion,SAPostalCode,SACountry,InvoiceNumber,Reference,InvoiceDate,DueDate,PlannedDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,AccountCode,TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,Type,Sent,Status';
const XERO = `${XERO_HEADER}
Kiwi Kitchens Ltd,accounts@example.com,,,,,Exampleville,,00000,NZ,,,,,,,,,INV-0042,PO 7781,28/02/2026,30/03/2026,,834.90,108.90,200.00,634.90,BEAN-1KG,Espresso beans 1kg,20.0000,32.00,10.00,576.00,200,15% GST on Income,86.40,,,,,NZD,Sales invoice,Sent,Awaiting Payment
Kiwi Kitchens Ltd,accounts@example.com,,,,,Exampleville,,00000,NZ,,,,,,,,,INV-0042,PO 7781,28/02/2026,30/03/2026,,834.90,108.90,200.00,634.90,,Grinder service,1.0000,150.00,,150.00,200,15% GST on Income,22.50,,,,,NZD,Sales invoice,Sent,Awaiting Payment
Kiwi Kitchens Ltd,accounts@example.com,,,,,Exampleville,,00000,NZ,,,,,,,,,CN-0007,,03/03/2026,03/03/2026,,73.60,9.60,0.00,73.60,BEAN-1KG,Returned beans,2.0000,32.00,,64.00,200,15% GST on Income,9.60,,,,,NZD,Sales credit note,Sent,Awaiting Payment
`;

describe('Xero sales invoice export', () => {
  it('maps invoices and credit notes: percent discounts, repeated totals, amount paid and due', () => {
    const s = splitFile(XERO, { fileName: 'xero.csv' });
    expect(s.documents.map((d) => d.externalId)).toEqual(['csv:xero-invoices:INV-0042', 'csv:xero-invoices:CN-0007']);
    const [invoice, credit] = mapAll(s.documents, { ...ctx, timeZone: 'Pacific/Auckland' }).map(
      (m) => ok(m.result)[0] as Invoice,
    );
    expect(invoice).toMatchObject({
      number: 'INV-0042',
      documentType: 'invoice',
      issueDate: '2026-02-28',
      dueDate: '2026-03-30',
      party: { name: 'Kiwi Kitchens Ltd' },
      currency: 'NZD',
      subtotal: '726.00',
      discountTotal: '64.00',
      taxTotal: '108.90',
      total: '834.90',
      amountDue: '634.90',
      status: { value: 'open', original: 'Awaiting Payment' },
      source: { sourceUpdatedAt: '2026-02-27T11:00:00.000Z' },
    });
    expect(invoice?.lines).toEqual([
      {
        lineNumber: 1,
        description: 'Espresso beans 1kg',
        sku: 'BEAN-1KG',
        productSourceId: null,
        quantity: '20',
        unitPrice: '32.00',
        discount: '64.00',
        tax: '86.40',
        total: '576.00',
      },
      {
        lineNumber: 2,
        description: 'Grinder service',
        sku: null,
        productSourceId: null,
        quantity: '1',
        unitPrice: '150.00',
        discount: '0.00',
        tax: '22.50',
        total: '150.00',
      },
    ]);
    expect(credit).toMatchObject({
      id: 'invoice:conn-1:credit_note:CN-0007',
      documentType: 'credit_note',
      issueDate: '2026-03-03',
      total: '73.60',
      taxTotal: '9.60',
    });
  });

  it('reads the same export written with semicolons and decimal commas', () => {
    const european = XERO.split('\n')
      .map((line) =>
        line
          .split(',')
          .map((c) => c.replace(/^(\d+)\.(\d+)$/, '$1,$2'))
          .join(';'),
      )
      .join('\n');
    const [invoice] = only<Invoice>(european, 'xero-eu.csv');
    expect(invoice).toMatchObject({ subtotal: '726.00', discountTotal: '64.00', total: '834.90', amountDue: '634.90' });
  });

  it('sends an invoice whose rows disagree on a document column to review', () => {
    const disagree = XERO.replace('634.90,,Grinder service', '600.00,,Grinder service');
    const [first] = mapAll(splitFile(disagree, { fileName: 'xero.csv' }).documents);
    expect(first?.result).toMatchObject({
      review: {
        code: 'LP_INPUT_MAPPING',
        message:
          'CSV xero-invoices invoice INV-0042 (lines 2-3 of xero.csv): rows disagree on InvoiceAmountDue: "634.90" (line 2) vs "600.00" (line 3)',
      },
    });
  });
});

describe('generic saved profile', () => {
  const profile = parseProfile(
    JSON.stringify({
      name: 'acme-po',
      kind: 'purchase_order',
      delimiter: '\t',
      dateFormat: 'DD.MM.YYYY',
      decimalSeparator: ',',
      currency: 'EUR',
      columns: {
        number: 'Bestellnummer',
        issueDate: 'Datum',
        expectedDate: 'Liefertermin',
        partyName: 'Lieferant',
        partyId: 'Lieferantennr',
        lineSku: 'Artikel',
        lineDescription: 'Bezeichnung',
        lineQuantity: 'Menge',
        lineUnitPrice: 'Preis',
        lineTotal: 'Betrag',
      },
    }),
  );
  const tsv = [
    'Bestellungen Export',
    'Erstellt am 02.02.2026',
    '',
    'Bestellnummer\tDatum\tLiefertermin\tLieferant\tLieferantennr\tArtikel\tBezeichnung\tMenge\tPreis\tBetrag',
    'B-100\t02.01.2026\t15.01.2026\tMüller Metall GmbH\tL-77\tSCHR-8\tSchrauben M8\t1.000\t0,12\t120,00',
    'B-100\t02.01.2026\t15.01.2026\tMüller Metall GmbH\tL-77\tBLECH-2\tBlech 2 mm\t4\t1.234,50\t4.938,00',
  ].join('\r\n');

  it('finds the header below a preamble and maps with its column mapping and formats', () => {
    const s = split(tsv, 'bestellungen.tsv', profile);
    expect(s.errors).toEqual([]);
    expect(s.documents.map((d) => [d.object, d.externalId])).toEqual([['csv:acme-po', 'csv:acme-po:B-100']]);
    expect(mapperFor('csv:acme-po')).toBe(csvMapper);
    const [order, vendor] = ok(csvMapper(s.documents[0]?.payload, ctx)) as [PurchaseOrder, Party];
    expect(order).toMatchObject({
      kind: 'purchase_order',
      number: 'B-100',
      issueDate: '2026-01-02',
      expectedDate: '2026-01-15',
      vendor: { sourceId: 'L-77', name: 'Müller Metall GmbH' },
      currency: 'EUR',
      subtotal: '5058.00',
      total: '5058.00',
      status: { value: 'open', original: '' },
    });
    expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.total])).toEqual([
      ['SCHR-8', '1000', '0.12', '120.00'],
      ['BLECH-2', '4', '1234.50', '4938.00'],
    ]);
    expect(vendor).toMatchObject({
      kind: 'party',
      role: 'vendor',
      id: 'party:conn-1:L-77',
      name: 'Müller Metall GmbH',
    });
  });

  it('re-maps from the payload alone: the profile and detected settings travel inside it', () => {
    const s = split(tsv, 'bestellungen.tsv', profile);
    const payload = s.documents[0]?.payload ?? '';
    expect((JSON.parse(payload) as CsvPayload).profile).toEqual(profile);
    expect(csvMapper(payload, ctx)).toEqual(csvMapper(payload, ctx));
  });

  it('reads a row missing trailing cells as empty, and sends a shifted row (extra cells) to review', () => {
    const short = tsv.replace('\tBlech 2 mm\t4\t1.234,50\t4.938,00', '\tBlech 2 mm\t4\t1.234,50');
    const [order] = ok(csvMapper(split(short, 'b.tsv', profile).documents[0]?.payload, ctx)) as [PurchaseOrder];
    expect(order.lines[1]).toMatchObject({ quantity: '4', unitPrice: '1234.50', total: '4938.00' });
    const shifted = tsv.replace('Blech 2 mm', 'Blech\t2 mm');
    expect(csvMapper(split(shifted, 'b.tsv', profile).documents[0]?.payload, ctx)).toMatchObject({
      review: {
        code: 'LP_INPUT_SCHEMA',
        message: 'CSV acme-po purchase order B-100 (lines 5-6 of b.tsv): line 6 has 11 cells but the header has 10',
      },
    });
  });

  it('reports a header the profile cannot find', () => {
    const s = split('a,b,c\n1,2,3\n', 'x.csv', profile);
    expect(s.errors[0]?.message).toContain("no header row with the profile's Bestellnummer and date columns");
  });
});
