import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mapCreditNote } from './credit-note.js';

// There is no credit-note fixture; Xero's CreditNote shares the invoice's fields, so one is derived
// from the INV-0003 fixture with the credit-note keys renamed (fixtures/README: derive in test code).
const fixtures = new URL('../../../../../shared/fixtures/xero/', import.meta.url);
const list = JSON.parse(readFileSync(new URL('invoices_list.json', fixtures), 'utf8')) as {
  Invoices: Record<string, unknown>[];
};
const ctx: MapContext = {
  platform: 'xero',
  connectionId: 'conn-x1',
  envelopeId: 'env_cn',
  mappingVersion: 'test-1',
  timeZone: 'Pacific/Auckland',
  baseCurrency: 'NZD',
};

function creditNote(type: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const inv = structuredClone(list.Invoices[2]) as Record<string, unknown>;
  const {
    InvoiceID,
    InvoiceNumber,
    AmountDue,
    AmountPaid: _p,
    AmountCredited: _c,
    DueDate: _d,
    DueDateString: _ds,
    ...rest
  } = inv;
  return {
    ...rest,
    Type: type,
    CreditNoteID: InvoiceID,
    CreditNoteNumber: `CN-${String(InvoiceNumber)}`,
    RemainingCredit: AmountDue,
    ...overrides,
  };
}

function only(result: MapResult) {
  if (!('ok' in result)) throw new Error(`expected ok, got ${JSON.stringify(result.review)}`);
  const rec = result.ok[0];
  if (!rec || (rec.kind !== 'invoice' && rec.kind !== 'bill')) throw new Error('expected a document');
  CanonicalRecord.parse(rec);
  return rec;
}

describe('mapCreditNote', () => {
  it('ACCRECCREDIT is an invoice credit_note with positive totals and remaining credit as amount due', () => {
    const rec = only(mapCreditNote(creditNote('ACCRECCREDIT'), ctx));
    expect(rec).toMatchObject({
      kind: 'invoice',
      documentType: 'credit_note',
      id: 'invoice:conn-x1:7ef31b20-de17-4312-8382-412f869b1510',
      number: 'CN-INV-0003',
      issueDate: '2018-11-02',
      dueDate: null,
      subtotal: '100.00',
      taxTotal: '15.00',
      total: '115.00',
      amountDue: '115.00',
      status: { value: 'open', original: 'AUTHORISED' },
      deleted: false,
    });
  });

  it('ACCPAYCREDIT is a bill credit_note; partly allocated is partially_paid', () => {
    const rec = only(mapCreditNote(creditNote('ACCPAYCREDIT', { RemainingCredit: 15 }), ctx));
    expect(rec.kind).toBe('bill');
    expect(rec.documentType).toBe('credit_note');
    expect(rec.status.value).toBe('partially_paid');
    expect(rec.amountDue).toBe('15.00');
  });

  it('fully allocated (PAID) is paid, VOIDED is void, DELETED is deleted', () => {
    expect(
      only(mapCreditNote(creditNote('ACCRECCREDIT', { Status: 'PAID', RemainingCredit: 0 }), ctx)).status.value,
    ).toBe('paid');
    expect(only(mapCreditNote(creditNote('ACCRECCREDIT', { Status: 'VOIDED' }), ctx)).status.value).toBe('void');
    const deleted = only(mapCreditNote(creditNote('ACCPAYCREDIT', { Status: 'DELETED' }), ctx));
    expect(deleted.deleted).toBe(true);
    expect(deleted.status.value).toBe('deleted');
  });

  it('an invoice Type is refused', () => {
    const r = mapCreditNote(creditNote('ACCREC'), ctx);
    expect('review' in r && r.review.code).toBe('LP_INPUT_SCHEMA');
  });
});
