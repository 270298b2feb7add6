import { problem } from '../../guarded-mapper.js';
import { atLeastCents, decimalOrNull } from '../../money-text.js';
import type { XmlElement } from '../safe-xml.js';
import { attrOf } from '../safe-xml.js';

/**
 * Reads a UBL amount. Its currencyID, when written, must be the currency the caller expects
 * (the document currency, or the tax currency for the second TaxTotal).
 */
export function amountOf(el: XmlElement | null, field: string, currency: string): string | null {
  if (!el || el.text.length === 0) return null;
  const value = decimalOrNull(el.text);
  if (value === null) throw problem('LP_INPUT_MAPPING', `${field} ${JSON.stringify(el.text)} is not a number`, field);
  const cid = attrOf(el, 'currencyID');
  if (cid !== undefined && cid.trim() !== currency) {
    throw problem('LP_INPUT_MAPPING', `${field} is in ${cid} but the document currency is ${currency}`, field);
  }
  return atLeastCents(value);
}

export function requiredAmount(el: XmlElement | null, field: string, currency: string): string {
  const v = amountOf(el, field, currency);
  if (v === null) throw problem('LP_INPUT_SCHEMA', `${field} is missing`, field);
  return v;
}

export function quantityOf(el: XmlElement | null, field: string): string | null {
  if (!el || el.text.length === 0) return null;
  const value = decimalOrNull(el.text);
  if (value === null) throw problem('LP_INPUT_MAPPING', `${field} ${JSON.stringify(el.text)} is not a number`, field);
  return value;
}
