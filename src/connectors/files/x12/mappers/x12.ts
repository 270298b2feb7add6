import type { Mapper } from '../../../kit/mapper.js';
import { guardedMapper, problem } from '../../guarded-mapper.js';
import { readX12Document } from '../document.js';
import { mapX12Invoice } from './invoice-810.js';
import { mapX12PurchaseOrder } from './purchase-order-850.js';

/** Mapper for object 'x12': the payload is one transaction set with its ISA and GS (see splitX12). */
export const x12Mapper: Mapper = guardedMapper('X12 document', (raw, ctx, label) => {
  if (typeof raw !== 'string') throw problem('LP_INPUT_SCHEMA', 'the payload is not X12 text');
  const doc = readX12Document(raw, (text) => {
    label.text = text;
  });
  switch (doc.setId) {
    case '810':
      return mapX12Invoice(doc, ctx);
    case '850':
      return mapX12PurchaseOrder(doc, ctx);
    default:
      throw problem(
        'LP_INPUT_UNSUPPORTED_DOCUMENT',
        `transaction set ${JSON.stringify(doc.setId)} is not supported (810 and 850 are)`,
        'ST01',
      );
  }
});
