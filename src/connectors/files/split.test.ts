import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RawEnvelope } from '../../canonical/index.js';
import { sha256 } from '../kit/envelope.js';
import { detectFormat } from './detect.js';
import { fileHash } from './hash.js';
import { prepareFile } from './ingest.js';
import { splitFile } from './split.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/files/', import.meta.url));
const read = (name: string) => readFileSync(`${FIXTURES}${name}`);

describe('detectFormat', () => {
  it('reads the content first, the extension second', () => {
    expect(detectFormat(read('x12_810_invoice_sample.edi'))).toBe('x12');
    expect(detectFormat(read('peppol_bis3_base_invoice.xml'))).toBe('ubl');
    expect(detectFormat(read('shopify_orders_export_sample.csv'), 'orders.csv')).toBe('csv');
    expect(detectFormat(Buffer.from('\ufeff  ISA*00*'), 'x.txt')).toBe('x12');
    expect(detectFormat('a;b;c\n1;2;3', 'export')).toBe('csv');
    expect(detectFormat('hello', 'notes')).toBeNull();
  });
});

describe('splitFile', () => {
  it('refuses what it cannot recognize, and an unknown built-in profile name', () => {
    const unknown = splitFile('hello', { fileName: 'notes' });
    expect(unknown.format).toBeNull();
    expect(unknown.errors[0]?.code).toBe('LP_INPUT_FILE');
    const badProfile = splitFile(read('shopify_orders_export_sample.csv'), { fileName: 'o.csv', profileName: 'nope' });
    expect(badProfile.errors[0]).toMatchObject({ code: 'LP_INPUT_USAGE' });
    expect(badProfile.errors[0]?.message).toContain('shopify-orders, quickbooks-invoices, xero-invoices');
  });

  it('accepts a built-in profile by name (the CLI passes --profile this way)', () => {
    const s = splitFile(read('shopify_orders_export_sample.csv'), { fileName: 'o.csv', profileName: 'shopify-orders' });
    expect(s.documents.map((d) => d.object)).toEqual(['csv:shopify-orders']);
  });

  it('gives a document the same id and version however often it is split', () => {
    const a = splitFile(read('x12_850_purchase_order_sample.edi'), { fileName: 'a.edi' });
    const b = splitFile(read('x12_850_purchase_order_sample.edi'), { fileName: 'a.edi' });
    expect(a.documents[0]?.sourceVersion).toBe(sha256(a.documents[0]?.payload ?? ''));
    expect(b.documents).toEqual(a.documents);
  });

  it('reports an interchange without transaction sets', () => {
    const text = read('x12_810_invoice_sample.edi').toString('utf8');
    const empty = `${text.slice(0, text.indexOf('  GS*'))}IEA*0*810000263`;
    expect(splitFile(empty, { fileName: 'e.edi' }).errors[0]?.message).toContain('holds no transaction set');
  });
});

describe('prepareFile', () => {
  const at = '2026-02-01T10:00:00.000Z';

  it('makes one envelope per document, all pointing at the file page by its hash', () => {
    const bytes = read('peppol_bis3_base_invoice.xml');
    const prepared = prepareFile(bytes, { connectionId: 'conn-1', fileName: 'inv.xml', fetchedAt: at, runId: 'run-1' });
    expect(prepared.fileHash).toBe(fileHash(bytes));
    expect(prepared.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.page).toEqual({
      hash: prepared.fileHash,
      connectionId: 'conn-1',
      contentType: 'application/xml',
      body: bytes.toString('utf8'),
      source: 'file:inv.xml',
      fetchedAt: at,
    });
    expect(prepared.envelopes).toHaveLength(1);
    const env = RawEnvelope.parse(prepared.envelopes[0]);
    expect(env).toMatchObject({
      platform: 'files',
      connectionId: 'conn-1',
      object: 'ubl',
      externalId: 'ubl:invoice:Snippet1',
      pageHash: prepared.fileHash,
      runId: 'run-1',
      fetchedAt: at,
    });
    expect(prepared.labels[env.id]).toBe('UBL Invoice Snippet1 in inv.xml');
    // Re-ingesting the same bytes gives the same envelope ids: nothing is counted twice.
    const again = prepareFile(bytes, {
      connectionId: 'conn-1',
      fileName: 'copy.xml',
      fetchedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(again.envelopes.map((e) => e.id)).toEqual(prepared.envelopes.map((e) => e.id));
  });

  it('keeps bytes that are not UTF-8 as base64, so the page is byte-faithful', () => {
    const latin1 = Buffer.from('Name,Created at\n#1,2026-01-01 10:00:00 +0100\nCaf\xe9', 'latin1');
    const prepared = prepareFile(latin1, { connectionId: 'c', fileName: 'x.csv', fetchedAt: at, format: 'csv' });
    expect(prepared.page.contentType).toBe('text/csv; encoding=base64');
    expect(Buffer.from(prepared.page.body, 'base64').equals(latin1)).toBe(true);
  });
});
