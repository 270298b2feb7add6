import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProfile } from '../../../src/connectors/files/index.js';
import { ingestFiles, listDropFiles } from '../../../src/pipeline/ingest-files.js';
import { startNormalizer } from '../../../src/pipeline/normalizer.js';
import type { Connection } from '../../../src/ports/connection-store.js';
import { drained, openTestRuntime, type TestRuntime } from '../review/harness.js';

// <repo root>/../shared/fixtures/files (CI clones the repo beside shared/).
const SAMPLES = fileURLToPath(new URL('../../../../shared/fixtures/files/', import.meta.url));

const filesConnection = (id: string): Connection => ({
  id,
  platform: 'files',
  account: id,
  baseUrl: '',
  company: {
    legalName: `${id} Ltd`,
    naics: '42',
    country: 'US',
    baseCurrency: 'USD',
    timeZone: 'America/Chicago',
    sizeBand: 'small',
  },
  sealedCredentials: null,
  schedule: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

let rt: TestRuntime;
let drop: string;

beforeEach(async () => {
  rt = await openTestRuntime();
  for (const id of ['alpha', 'beta']) await rt.store.connections.upsert(filesConnection(id));
  drop = mkdtempSync(join(tmpdir(), 'lp-drop-'));
  for (const name of ['peppol_bis3_base_invoice.xml', 'x12_850_purchase_order_sample.edi']) {
    copyFileSync(join(SAMPLES, name), join(drop, name));
  }
});
afterEach(async () => {
  await rt.close();
});

const statuses = (r: Awaited<ReturnType<typeof ingestFiles>>) => r.map((f) => `${f.status}:${f.documents}`);

describe('ingesting a drop folder', () => {
  it('picks each file up once per connection; the same bytes for another connection are ingested for it too', async () => {
    const normalizer = startNormalizer(rt);
    try {
      expect(statuses(await ingestFiles(rt, listDropFiles([drop]), { connectionId: 'alpha' }))).toEqual([
        'ingested:1',
        'ingested:1',
      ]);
      expect(statuses(await ingestFiles(rt, listDropFiles([drop]), { connectionId: 'alpha' }))).toEqual([
        'skipped:0',
        'skipped:0',
      ]);
      expect(statuses(await ingestFiles(rt, listDropFiles([drop]), { connectionId: 'beta' }))).toEqual([
        'ingested:1',
        'ingested:1',
      ]);
      await drained(rt);
    } finally {
      await normalizer.stop();
    }
    for (const id of ['alpha', 'beta']) {
      const counts = await rt.store.canonical.counts(id);
      expect({ id, invoice: counts['invoice']?.live, po: counts['purchase_order']?.live }).toEqual({
        id,
        invoice: 1,
        po: 1,
      });
    }
  });

  it('a file that failed is skipped on the next scan, and --force ingests it again once it can be read', async () => {
    // A generic CSV no built-in profile recognises: it fails and lands in review.
    const csv = join(drop, 'ledger.csv');
    writeFileSync(csv, 'Ref;Day;Amount;Cur\nA-1;03/04/2026;1.234,50;EUR\n');
    const first = await ingestFiles(rt, [csv], { connectionId: 'alpha' });
    expect(first.map((f) => f.status)).toEqual(['failed']);
    expect((await rt.store.review.list({ status: 'open', connectionId: 'alpha' })).length).toBeGreaterThan(0);
    expect(statuses(await ingestFiles(rt, [csv], { connectionId: 'alpha' }))).toEqual(['skipped:0']);
    const profile = parseProfile({
      name: 'ledger',
      kind: 'invoice',
      delimiter: ';',
      decimalSeparator: ',',
      dateFormat: 'DD/MM/YYYY',
      columns: { number: 'Ref', issueDate: 'Day', total: 'Amount', currency: 'Cur' },
    });
    const again = await ingestFiles(rt, [csv], { connectionId: 'alpha', force: true, profile });
    expect(again.map((f) => f.status)).toEqual(['ingested']);
  });
});
