import type { Mapper } from '../../../kit/mapper.js';
import { guardedMapper, problem } from '../../guarded-mapper.js';
import { CsvPayload } from '../payload.js';
import { CsvDocumentView } from './document-view.js';
import { mapCsvInvoice, mapCsvPurchaseOrder, mapCsvSalesOrder } from './documents.js';

const NOUNS = { invoice: 'invoice', bill: 'bill', purchase_order: 'purchase order', sales_order: 'order' } as const;

/**
 * Mapper for every 'csv:<profile>' object: the payload is the JSON wrapper made by splitCsv,
 * which carries its own profile and detected settings (see payload.ts).
 */
export const csvMapper: Mapper = guardedMapper('CSV document', (raw, ctx, label) => {
  let json: unknown;
  try {
    json = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw problem('LP_INPUT_NOT_JSON', 'the payload is not the JSON CSV-document wrapper');
  }
  const parsed = CsvPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw problem(
      'LP_INPUT_SCHEMA',
      `the CSV-document wrapper is invalid: ${issue?.message ?? ''}`,
      issue?.path.join('.'),
    );
  }
  const payload = parsed.data;
  const first = payload.rowNumbers[0] ?? 0;
  const last = payload.rowNumbers[payload.rowNumbers.length - 1] ?? first;
  const where = first === last ? `line ${first}` : `lines ${first}-${last}`;
  label.text = `CSV ${payload.profile.name} ${NOUNS[payload.profile.kind]} (${where} of ${payload.fileName})`;
  const view = new CsvDocumentView(payload);
  const number = view.cell(0, 'number');
  if (number)
    label.text = `CSV ${payload.profile.name} ${NOUNS[payload.profile.kind]} ${number} (${where} of ${payload.fileName})`;
  view.checkShape();
  switch (payload.profile.kind) {
    case 'invoice':
    case 'bill':
      return mapCsvInvoice(view, ctx, payload.profile.kind);
    case 'purchase_order':
      return mapCsvPurchaseOrder(view, ctx);
    case 'sales_order':
      return mapCsvSalesOrder(view, ctx);
  }
});
