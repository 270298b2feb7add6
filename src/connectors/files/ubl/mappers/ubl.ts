import type { Mapper } from '../../../kit/mapper.js';
import { guardedMapper, problem } from '../../guarded-mapper.js';
import { findUblDocuments, ublLabel } from '../reader.js';
import { parseSafeXml } from '../safe-xml.js';
import { mapUblInvoice } from './invoice.js';

/**
 * Mapper for object 'ubl': the payload is the XML file text. It is checked for DTDs and entities
 * again here, because replay maps stored payloads without passing through splitFile.
 */
export const ublMapper: Mapper = guardedMapper('UBL document', (raw, ctx, label) => {
  if (typeof raw !== 'string') throw problem('LP_INPUT_SCHEMA', 'the payload is not XML text');
  const root = parseSafeXml(raw, 'the payload');
  const docs = findUblDocuments(root);
  const [doc] = docs;
  if (!doc || docs.length !== 1) {
    throw problem('LP_INPUT_UNSUPPORTED_DOCUMENT', `expected one UBL Invoice or CreditNote, found ${docs.length}`);
  }
  label.text = ublLabel(doc);
  return mapUblInvoice(doc, ctx);
});
