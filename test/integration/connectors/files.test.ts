import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CanonicalRecord } from '../../../src/canonical/index.js';
import { CanonicalRecord as CanonicalRecordSchema, RawEnvelope } from '../../../src/canonical/index.js';
import { connector, mapperFor, normalizeFile, prepareFile } from '../../../src/connectors/files/index.js';
import type { MapContext } from '../../../src/connectors/kit/mapper.js';

// <repo root>/../shared/fixtures/files (CI clones the repo beside shared/).
const DIR = fileURLToPath(new URL('../../../../shared/fixtures/files/', import.meta.url));

/** What each sample prints, summarized; every file in the folder must be listed here. */
const EXPECTED: Readonly<Record<string, Record<string, unknown>>> = {
  'peppol_bis3_base_invoice.xml': {
    kind: 'invoice',
    number: 'Snippet1',
    issueDate: '2017-11-13',
    currency: 'EUR',
    party: 'BuyerTradingName AS',
    taxTotal: '331.25',
    total: '1656.25',
    lines: 3,
  },
  'shopify_orders_export_sample.csv': {
    kind: 'sales_order',
    number: '#128520',
    issueDate: '2025-10-07',
    currency: 'EUR',
    party: 'EXAMPLE COMPANY',
    taxTotal: '0.00',
    total: '53.91',
    lines: 1,
  },
  'x12_810_invoice_sample.edi': {
    kind: 'invoice',
    number: '6463367',
    issueDate: '2005-02-05',
    currency: 'USD',
    party: 'WAL-MART 100',
    taxTotal: '0.00',
    total: '3875.30',
    lines: 1,
  },
  'x12_850_purchase_order_sample.edi': {
    kind: 'purchase_order',
    number: 'S41000439',
    issueDate: '2010-08-10',
    currency: 'USD',
    party: 'GENERAL SUPPLY CO',
    taxTotal: '0.00',
    total: '884.06',
    lines: 4,
  },
};

function summary(r: CanonicalRecord): Record<string, unknown> {
  switch (r.kind) {
    case 'invoice':
    case 'bill':
      return {
        kind: r.kind,
        number: r.number,
        issueDate: r.issueDate,
        currency: r.currency,
        party: r.party.name,
        taxTotal: r.taxTotal,
        total: r.total,
        lines: r.lines.length,
      };
    case 'purchase_order':
      return {
        kind: r.kind,
        number: r.number,
        issueDate: r.issueDate,
        currency: r.currency,
        party: r.vendor.name,
        taxTotal: r.taxTotal,
        total: r.total,
        lines: r.lines.length,
      };
    case 'sales_order':
      return {
        kind: r.kind,
        number: r.number,
        issueDate: r.orderDate,
        currency: r.currency,
        party: r.customer.name,
        taxTotal: r.taxTotal,
        total: r.total,
        lines: r.lines.length,
      };
    default:
      return { kind: r.kind };
  }
}

const files = readdirSync(DIR).sort();

describe('files connector over every sample in shared/fixtures/files', () => {
  it('has an expectation for every sample', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of files) {
    it(`${name}: envelopes, mapping through the connector, replay`, () => {
      const bytes = readFileSync(`${DIR}${name}`);
      const prepared = prepareFile(bytes, {
        connectionId: 'conn-it',
        fileName: name,
        fetchedAt: '2026-02-01T00:00:00.000Z',
      });
      expect(prepared.errors).toEqual([]);
      expect(prepared.envelopes).toHaveLength(1);
      const records: CanonicalRecord[] = [];
      for (const envelope of prepared.envelopes) {
        RawEnvelope.parse(envelope);
        expect(envelope.pageHash).toBe(prepared.fileHash);
        const mapper = connector.mappers[envelope.object] ?? mapperFor(envelope.object);
        expect(mapper).toBeTypeOf('function');
        const ctx: MapContext = {
          platform: 'files',
          connectionId: 'conn-it',
          envelopeId: envelope.id,
          mappingVersion: connector.mappingVersion,
          timeZone: 'America/New_York',
          baseCurrency: 'USD',
        };
        const first = mapper?.(envelope.payload, ctx);
        // Replay maps the stored payload again: same mapping version, same records.
        const replay = mapper?.(JSON.parse(JSON.stringify(envelope)).payload, ctx);
        expect(replay).toEqual(first);
        if (!first || 'review' in first) throw new Error(`review: ${JSON.stringify(first)}`);
        for (const r of first.ok) {
          CanonicalRecordSchema.parse(r);
          expect(r.provenance).toEqual({
            envelopeId: envelope.id,
            mappingVersion: 'files-2026.1',
            modelVersion: '1.0.0',
          });
          expect(r.companyId).toBe('conn-it');
        }
        records.push(...first.ok);
      }
      const main = records.find((r) => r.kind !== 'party');
      expect(main && summary(main)).toEqual(EXPECTED[name]);
    });
  }

  it('lands the good transaction sets of a batch and names the bad one', () => {
    const text = readFileSync(`${DIR}x12_810_invoice_sample.edi`, 'utf8');
    const st = text.indexOf('    ST*810');
    const ge = text.indexOf('  GE*');
    const set = text.slice(st, ge);
    const bad = set
      .replace('ST*810*0001', 'ST*810*0002')
      .replace('SE*20*0001', 'SE*20*0003')
      .replace('*6463367*', '*6463368*');
    const batch = text.slice(0, ge) + bad + text.slice(ge);
    const result = normalizeFile(batch, {
      connectionId: 'conn-it',
      fileName: 'batch.edi',
      fetchedAt: '2026-02-01T00:00:00.000Z',
      timeZone: 'UTC',
      baseCurrency: 'USD',
    });
    expect(result.errors).toEqual([]);
    expect(
      result.records.filter((r) => r.kind === 'invoice').map((r) => (r.kind === 'invoice' ? r.number : '')),
    ).toEqual(['6463367']);
    expect(result.reviews).toHaveLength(1);
    expect(result.reviews[0]?.label).toBe('X12 810 ST 0002 (invoice 6463368) in batch.edi');
    expect(result.reviews[0]?.reason).toEqual({
      code: 'LP_INPUT_CONTROL_MISMATCH',
      message: 'X12 810 ST 0002 (invoice 6463368): SE02 0003 does not match ST02 0002',
      field: 'SE02',
    });
  });
});
