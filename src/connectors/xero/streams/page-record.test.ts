import { describe, expect, it } from 'vitest';
import { toPageRecord } from './page-record.js';

describe('toPageRecord', () => {
  it('uses the id field and UpdatedDateUTC (ms) as the version; DELETED is a tombstone, VOIDED is not', () => {
    const inv = { InvoiceID: 'abc', Status: 'DELETED', UpdatedDateUTC: '/Date(1541176290160+0000)/' };
    expect(toPageRecord(inv, JSON.stringify(inv), { idField: 'InvoiceID' })).toEqual({
      externalId: 'abc',
      sourceVersion: '1541176290160',
      sourceUpdatedAt: '2018-11-02T16:31:30.160Z',
      payload: JSON.stringify(inv),
      deleted: true,
    });
    const voided = { ...inv, Status: 'VOIDED' };
    expect(toPageRecord(voided, '{}', { idField: 'InvoiceID' }).deleted).toBe(false);
  });

  it('folds extra version text in (items: stock on hand)', () => {
    const item = { ItemID: 'i', UpdatedDateUTC: '/Date(1000)/', QuantityOnHand: 10 };
    const r = toPageRecord(item, '{}', { idField: 'ItemID', versionExtra: (o) => `q${String(o['QuantityOnHand'])}` });
    expect(r.sourceVersion).toBe('1000:q10');
  });

  it('keeps a record without id or stamp under a content hash, so the mapper can review it', () => {
    const r = toPageRecord({ Total: 1 }, '{"Total":1}', { idField: 'InvoiceID' });
    expect(r.externalId).toMatch(/^unidentified-[0-9a-f]{16}$/);
    expect(r.sourceVersion).toMatch(/^h[0-9a-f]{16}$/);
    expect(r.sourceUpdatedAt).toBeNull();
  });
});
