import { describe, expect, it } from 'vitest';
import type { SynthDocument, SynthLine } from './index.js';
import { createEconomy, documentAt } from './index.js';

function line(lineId: string, quantity: string, unitPrice: string, tax: string, total: string): SynthLine {
  return {
    lineId,
    productId: '7',
    sku: 'P44-0001',
    description: 'Ceramic Mug',
    quantity,
    unitPrice,
    discount: '0.00',
    taxRate: '0.1',
    tax,
    total,
  };
}

const created = '2025-03-03T10:00:00.000Z';
const edited = '2025-03-04T10:00:00.000Z';
const paid = '2025-03-10T10:00:00.000Z';

function invoice(events: SynthDocument['events']): SynthDocument {
  return {
    id: '501',
    kind: 'invoice',
    number: 'INV-0001',
    partyId: '1',
    date: '2025-03-03',
    dueDate: '2025-04-02',
    currency: 'AUD',
    lines: [line('50101', '2', '10.00', '2.00', '20.00')],
    subtotal: '20.00',
    discountTotal: '0.00',
    taxTotal: '2.00',
    total: '22.00',
    createdAt: created,
    events,
  };
}

const editedLines = [line('50101', '3', '10.00', '3.00', '30.00'), line('50102', '1', '5.55', '0.56', '5.55')];

describe('documentAt', { timeout: 30_000 }, () => {
  it('is undefined before creation and the document as created at creation', () => {
    const doc = invoice([{ at: created, type: 'created' }]);
    expect(documentAt(doc, '2025-03-03T09:59:59.999Z')).toBeUndefined();
    const state = documentAt(doc, created);
    expect(state).toMatchObject({ version: 1, status: 'open', updatedAt: created, total: '22.00', refunds: [] });
    expect(state?.lines).toBe(doc.lines);
  });

  it('shows new lines and totals after an edit, and the old ones before it', () => {
    const doc = invoice([
      { at: created, type: 'created' },
      { at: edited, type: 'edited', lines: editedLines },
      { at: paid, type: 'paid', amount: '39.11' },
    ]);
    expect(documentAt(doc, '2025-03-04T09:00:00.000Z')).toMatchObject({ version: 1, total: '22.00' });
    expect(documentAt(doc, edited)).toMatchObject({
      version: 2,
      status: 'open',
      updatedAt: edited,
      lines: editedLines,
      subtotal: '35.55',
      discountTotal: '0.00',
      taxTotal: '3.56',
      total: '39.11',
    });
    expect(documentAt(doc, '2026-01-01T00:00:00.000Z')).toMatchObject({ version: 3, status: 'paid', updatedAt: paid });
  });

  it('marks deleted, voided and cancelled documents with the time it happened', () => {
    const deleted = documentAt(
      invoice([
        { at: created, type: 'created' },
        { at: paid, type: 'deleted' },
      ]),
      '2026-01-01T00:00:00.000Z',
    );
    expect(deleted).toMatchObject({ status: 'deleted', deletedAt: paid, voidedAt: null, version: 2, total: '22.00' });
    const voided = documentAt(
      invoice([
        { at: created, type: 'created' },
        { at: paid, type: 'voided' },
      ]),
      paid,
    );
    expect(voided).toMatchObject({ status: 'void', voidedAt: paid, deletedAt: null });
    const order: SynthDocument = {
      ...invoice([
        { at: created, type: 'created' },
        { at: '2025-03-03T10:01:00.000Z', type: 'paid', amount: '22.00' },
        { at: edited, type: 'cancelled' },
        { at: '2025-03-04T10:00:01.000Z', type: 'refunded', amount: '22.00' },
      ]),
      kind: 'sales_order',
    };
    expect(documentAt(order, paid)).toMatchObject({
      status: 'cancelled',
      cancelledAt: edited,
      refunds: [{ id: '50101', at: '2025-03-04T10:00:01.000Z', amount: '22.00' }],
      version: 4,
    });
  });

  it('numbers refunds per document and keeps the status while refunding', () => {
    const order: SynthDocument = {
      ...invoice([
        { at: created, type: 'created' },
        { at: '2025-03-03T10:01:00.000Z', type: 'paid', amount: '22.00' },
        { at: edited, type: 'refunded', amount: '5.00' },
        { at: paid, type: 'refunded', amount: '7.50' },
        { at: '2025-03-11T10:00:00.000Z', type: 'closed' },
      ]),
      kind: 'sales_order',
    };
    const state = documentAt(order, paid);
    expect(state?.status).toBe('paid');
    expect(state?.refunds.map((r) => [r.id, r.amount])).toEqual([
      ['50101', '5.00'],
      ['50102', '7.50'],
    ]);
    expect(documentAt(order, '2025-03-12T00:00:00.000Z')?.status).toBe('closed');
  });

  it('accepts instants written without milliseconds or with an offset', () => {
    const doc = invoice([{ at: created, type: 'created' }]);
    expect(documentAt(doc, '2025-03-03T10:00:00Z')?.version).toBe(1);
    expect(documentAt(doc, '2025-03-03T20:59:59+11:00')).toBeUndefined();
  });

  it('applies the generated events of real books: edited invoices change totals, deleted ones are deleted', () => {
    const economy = createEconomy({ companies: 8, volumeScale: 0.3 });
    const docs = economy.companies.flatMap((c) => economy.company(c.id).documents);
    const editedInvoice = docs.find(
      (d) => d.kind === 'invoice' && d.events.some((e) => e.type === 'edited' && e.lines !== undefined),
    );
    const edit = editedInvoice?.events.find((e) => e.type === 'edited');
    if (!editedInvoice || !edit) throw new Error('no edited invoice generated');
    const before = documentAt(editedInvoice, new Date(Date.parse(edit.at) - 1).toISOString());
    const after = documentAt(editedInvoice, edit.at);
    expect(before?.total).toBe(editedInvoice.total);
    expect(after?.lines).toBe(edit.lines);
    expect(after?.total).not.toBe(before?.total);
    expect(after?.version).toBe((before?.version ?? 0) + 1);

    const deletedDoc = docs.find((d) => d.events.some((e) => e.type === 'deleted'));
    const deletion = deletedDoc?.events.find((e) => e.type === 'deleted');
    if (!deletedDoc || !deletion) throw new Error('no deleted document generated');
    expect(documentAt(deletedDoc, economy.endAt)).toMatchObject({ status: 'deleted', deletedAt: deletion.at });
    expect(deletedDoc.events.at(-1)).toBe(deletion);
  });
});
