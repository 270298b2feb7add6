import type { RecordFault } from '../../../emulation/economy/index.js';
import { markedNumber } from './json-text.js';

/**
 * Corrupts one rendered document the way a faulty upstream would (the mapper must send it to
 * review, never crash). Schema drift renames `TotalTax` to `TaxTotal` — the name most other APIs
 * use, so a plausible rename in a new API version — from the injector's driftFrom date on.
 * Malformed records: `Contact` sent as a bare id string (wrong type), `Total` written with a
 * decimal comma (`"115,00"`), or `Total` missing.
 */
export function applyRecordFault(record: Record<string, unknown>, fault: RecordFault): Record<string, unknown> {
  const out = { ...record };
  switch (fault) {
    case 'schema_drift': {
      if ('TotalTax' in out) {
        out['TaxTotal'] = out['TotalTax'];
        delete out['TotalTax'];
      }
      return out;
    }
    case 'malformed_wrong_type': {
      const contact = out['Contact'];
      out['Contact'] =
        typeof contact === 'object' && contact !== null
          ? String((contact as Record<string, unknown>)['ContactID'])
          : '';
      return out;
    }
    case 'malformed_decimal_comma': {
      const total = markedNumber(out['Total']) ?? '0.00';
      out['Total'] = total.replace('.', ',');
      return out;
    }
    case 'malformed_missing_field': {
      delete out['Total'];
      return out;
    }
  }
}
