import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Invoice, Party } from '../../../../canonical/index.js';
import { CanonicalRecord } from '../../../../canonical/index.js';
import type { MapContext, MapResult } from '../../../kit/mapper.js';
import { splitFile } from '../../split.js';
import { CAC, CBC, UBL_CREDIT_NOTE, UBL_INVOICE } from '../namespaces.js';
import { ublMapper } from './ubl.js';

const FIXTURES = fileURLToPath(new URL('../../../../../../shared/fixtures/files/', import.meta.url));
const SAMPLE = readFileSync(`${FIXTURES}peppol_bis3_base_invoice.xml`, 'utf8');

const ctx: MapContext = {
  platform: 'files',
  connectionId: 'conn-1',
  envelopeId: 'env_test',
  mappingVersion: 'files-2026.1',
  timeZone: 'Europe/Stockholm',
  baseCurrency: 'SEK',
};

function ok(result: MapResult) {
  if ('review' in result) throw new Error(`unexpected review: ${result.review.message}`);
  for (const r of result.ok) CanonicalRecord.parse(r);
  return result.ok;
}

function mapXml(xml: string, fileName = 'invoice.xml') {
  const split = splitFile(xml, { fileName });
  expect(split.errors).toEqual([]);
  const [doc] = split.documents;
  if (!doc) throw new Error('no document');
  return { doc, result: ublMapper(doc.payload, ctx) };
}

const replaceAll = (s: string, pairs: readonly (readonly [string, string])[]) =>
  pairs.reduce((acc, [a, b]) => acc.split(a).join(b), s);

describe('Peppol BIS 3 base example invoice', () => {
  it('splits into one document whose payload is the file', () => {
    const split = splitFile(Buffer.from(SAMPLE), { fileName: 'peppol_bis3_base_invoice.xml' });
    expect(split.format).toBe('ubl');
    expect(split.documents).toHaveLength(1);
    expect(split.documents[0]).toMatchObject({
      externalId: 'ubl:invoice:Snippet1',
      object: 'ubl',
      contentType: 'application/xml',
      sourceUpdatedAt: null,
      payload: SAMPLE,
      label: 'UBL Invoice Snippet1 in peppol_bis3_base_invoice.xml',
    });
  });

  it('maps totals, tax, currency, dates, buyer and lines to the printed values', () => {
    const [invoice, party] = ok(mapXml(SAMPLE).result) as [Invoice, Party];
    expect(invoice).toMatchObject({
      kind: 'invoice',
      id: 'invoice:conn-1:Snippet1',
      documentType: 'invoice',
      number: 'Snippet1',
      issueDate: '2017-11-13',
      dueDate: '2017-12-01',
      currency: 'EUR',
      party: { sourceId: '0002:FR23342', name: 'BuyerTradingName AS' },
      // TaxExclusiveAmount 1325 = LineExtensionAmount 1300 + the Insurance charge 25.
      subtotal: '1325.00',
      discountTotal: '0.00',
      taxTotal: '331.25',
      total: '1656.25',
      amountDue: '1656.25',
      status: { value: 'open', original: '' },
      source: { platform: 'files', sourceId: 'Snippet1', sourceUpdatedAt: '2017-11-12T23:00:00.000Z' },
      // The one TaxSubtotal as printed: standard-rated VAT at 25% on 1325.
      taxes: [{ category: 'S', scheme: 'VAT', percent: '25', taxableAmount: '1325.00', taxAmount: '331.25' }],
      taxCurrency: null,
    });
    expect(invoice.lines).toEqual([
      {
        lineNumber: 1,
        description: 'item name',
        sku: '21382183120983',
        productSourceId: null,
        quantity: '7',
        unitPrice: '400.00',
        discount: '0.00',
        tax: '700.00',
        total: '2800.00',
      },
      {
        lineNumber: 2,
        description: 'item name 2',
        sku: '21382183120983',
        productSourceId: null,
        quantity: '-3',
        unitPrice: '500.00',
        discount: '0.00',
        tax: '-375.00',
        total: '-1500.00',
      },
      {
        lineNumber: 3,
        description: 'Charge: Insurance',
        sku: null,
        productSourceId: null,
        quantity: '1',
        unitPrice: '25.00',
        discount: '0.00',
        tax: '6.25',
        total: '25.00',
      },
    ]);
    expect(party).toMatchObject({
      kind: 'party',
      id: 'party:conn-1:0002:FR23342',
      role: 'customer',
      name: 'BuyerTradingName AS',
      email: 'buyer@example.com',
      country: 'SE',
    });
  });
});

describe('namespaces are resolved by URI, not by prefix', () => {
  it('maps the same invoice written with other prefixes', () => {
    const renamed = replaceAll(SAMPLE, [
      ['xmlns:cac=', 'xmlns:agg='],
      ['xmlns:cbc=', 'xmlns:basic='],
      ['<cac:', '<agg:'],
      ['</cac:', '</agg:'],
      ['<cbc:', '<basic:'],
      ['</cbc:', '</basic:'],
      ['<Invoice ', '<inv:Invoice '],
      ['</Invoice>', '</inv:Invoice>'],
      [`xmlns="${UBL_INVOICE}"`, `xmlns:inv="${UBL_INVOICE}"`],
    ]);
    expect(renamed).not.toContain('<cbc:');
    expect(mapXml(renamed).result).toEqual(mapXml(SAMPLE).result);
  });

  it('does not read cbc:ID when the "cbc" prefix is bound to another namespace', () => {
    const swapped = replaceAll(SAMPLE, [
      [`xmlns:cbc="${CBC}"`, 'xmlns:cbc="TMP"'],
      [`xmlns:cac="${CAC}"`, `xmlns:cac="${CBC}"`],
      ['xmlns:cbc="TMP"', `xmlns:cbc="${CAC}"`],
    ]);
    const split = splitFile(swapped, { fileName: 'swapped.xml' });
    expect(split.documents[0]?.externalId).toMatch(/^ubl:invoice:sha256-/);
    expect(ublMapper(split.documents[0]?.payload, ctx)).toMatchObject({
      review: { code: 'LP_INPUT_SCHEMA', message: 'UBL Invoice (no ID): cbc:ID (document number) is missing' },
    });
  });

  it('refuses a file whose document element is not a UBL Invoice or CreditNote', () => {
    const order = SAMPLE.replace(UBL_INVOICE, 'urn:oasis:names:specification:ubl:schema:xsd:Order-2');
    const split = splitFile(order, { fileName: 'order.xml' });
    expect(split.documents).toEqual([]);
    expect(split.errors[0]?.code).toBe('LP_INPUT_FILE');
    expect(split.errors[0]?.message).toContain('holds no UBL 2.1 Invoice or CreditNote');
  });

  it('finds the invoice inside a Peppol SBDH envelope', () => {
    const body = SAMPLE.replace(/^<\?xml[^>]*\?>\s*/, '');
    const sbd = `<?xml version="1.0"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader">
  <StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>
  ${body}
</StandardBusinessDocument>`;
    const { doc, result } = mapXml(sbd);
    expect(doc.externalId).toBe('ubl:invoice:Snippet1');
    expect((ok(result)[0] as Invoice).total).toBe('1656.25');
  });
});

describe('UBL variants derived from the sample', () => {
  it('reads a CreditNote: its own root, line and quantity names', () => {
    const credit = replaceAll(SAMPLE, [
      [UBL_INVOICE, UBL_CREDIT_NOTE],
      ['<Invoice ', '<CreditNote '],
      ['</Invoice>', '</CreditNote>'],
      ['InvoiceTypeCode>380<', 'CreditNoteTypeCode>381<'],
      ['cbc:InvoiceTypeCode', 'cbc:CreditNoteTypeCode'],
      ['cac:InvoiceLine', 'cac:CreditNoteLine'],
      ['cbc:InvoicedQuantity', 'cbc:CreditedQuantity'],
    ]);
    const { doc, result } = mapXml(credit);
    expect(doc.externalId).toBe('ubl:credit_note:Snippet1');
    const [note] = ok(result) as [Invoice];
    expect(note).toMatchObject({
      id: 'invoice:conn-1:credit_note:Snippet1',
      documentType: 'credit_note',
      total: '1656.25',
      taxTotal: '331.25',
    });
    expect(note.lines.map((l) => l.quantity)).toEqual(['7', '-3', '1']);
  });

  it('takes the tax total in the document currency when a tax currency adds a second TaxTotal', () => {
    const withTaxCurrency = SAMPLE.replace(
      '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
      '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n    <cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>',
    ).replace(
      '<cac:TaxTotal>',
      '<cac:TaxTotal><cbc:TaxAmount currencyID="SEK">3780.25</cbc:TaxAmount></cac:TaxTotal>\n    <cac:TaxTotal>',
    );
    const [invoice] = ok(mapXml(withTaxCurrency).result) as [Invoice];
    expect(invoice).toMatchObject({
      currency: 'EUR',
      taxTotal: '331.25',
      taxCurrency: { currency: 'SEK', taxTotal: '3780.25' },
    });
  });

  it('counts a document allowance in discountTotal and reads paid status from PayableAmount', () => {
    const allowance = `<cac:AllowanceCharge>
            <cbc:ChargeIndicator>false</cbc:ChargeIndicator>
            <cbc:AllowanceChargeReason>Loyal customer</cbc:AllowanceChargeReason>
            <cbc:Amount currencyID="EUR">100</cbc:Amount>
        </cac:AllowanceCharge>
    <cac:TaxTotal>`;
    const edited = SAMPLE.replace('<cac:TaxTotal>', allowance)
      .replace('<cbc:TaxExclusiveAmount currencyID="EUR">1325<', '<cbc:TaxExclusiveAmount currencyID="EUR">1225<')
      .replace(
        '<cbc:ChargeTotalAmount currencyID="EUR">25</cbc:ChargeTotalAmount>',
        '<cbc:AllowanceTotalAmount currencyID="EUR">100</cbc:AllowanceTotalAmount><cbc:ChargeTotalAmount currencyID="EUR">25</cbc:ChargeTotalAmount><cbc:PrepaidAmount currencyID="EUR">1556.25</cbc:PrepaidAmount>',
      )
      .replace('<cbc:PayableAmount currencyID="EUR">1656.25<', '<cbc:PayableAmount currencyID="EUR">0.00<');
    const [invoice] = ok(mapXml(edited).result) as [Invoice];
    expect(invoice).toMatchObject({
      subtotal: '1225.00',
      discountTotal: '100.00',
      amountDue: '0.00',
      status: { value: 'paid', original: '' },
    });
  });

  it('keeps the offset of an IssueTime that has one', () => {
    const timed = SAMPLE.replace(
      '<cbc:IssueDate>2017-11-13</cbc:IssueDate>',
      '<cbc:IssueDate>2017-11-13</cbc:IssueDate><cbc:IssueTime>10:30:00+01:00</cbc:IssueTime>',
    );
    const { doc, result } = mapXml(timed);
    expect(doc.sourceUpdatedAt).toBe('2017-11-13T09:30:00.000Z');
    expect((ok(result)[0] as Invoice).source).toMatchObject({
      sourceUpdatedAt: '2017-11-13T09:30:00.000Z',
      sourceOffset: '+01:00',
    });
  });

  it('sends lines that do not add up to LineExtensionAmount to review, naming the invoice', () => {
    const broken = SAMPLE.replace('currencyID= "EUR">2800<', 'currencyID="EUR">2900<');
    expect(mapXml(broken).result).toEqual({
      review: {
        code: 'LP_INPUT_CONTROL_MISMATCH',
        message: 'UBL Invoice Snippet1: the lines add up to 1400.00 but LineExtensionAmount is 1300.00',
        field: 'LineExtensionAmount',
      },
    });
  });

  it('sends an amount in another currency to review', () => {
    const usd = SAMPLE.replace('<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="USD">');
    expect(mapXml(usd).result).toMatchObject({
      review: {
        code: 'LP_INPUT_MAPPING',
        message: 'UBL Invoice Snippet1: PayableAmount is in USD but the document currency is EUR',
      },
    });
  });
});
