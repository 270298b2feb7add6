import { round } from '../../../canonical/money.js';
import type { Json } from './render.js';

/**
 * Record faults the fault injector asks for, applied to a rendered transaction:
 * - schema_drift: `TotalAmt` is renamed `TotalAmount` (documents dated from `driftFrom` on), the kind
 *   of rename a new minor version could bring; a mapper reading TotalAmt must send these to review.
 * - malformed_wrong_type: `Line` is a single object instead of an array (a classic XML→JSON slip).
 * - malformed_decimal_comma: `TotalAmt` is the text "1234,56".
 * - malformed_missing_field: `TxnDate` is missing.
 */
export type RecordFaultKind =
  | 'schema_drift'
  | 'malformed_wrong_type'
  | 'malformed_decimal_comma'
  | 'malformed_missing_field';

export const DRIFTED_FIELD = { from: 'TotalAmt', to: 'TotalAmount' } as const;

export function applyRecordFault(json: Json, fault: RecordFaultKind): Json {
  const out: Json = { ...json };
  switch (fault) {
    case 'schema_drift': {
      const { [DRIFTED_FIELD.from]: total, ...rest } = out;
      return { ...rest, [DRIFTED_FIELD.to]: total };
    }
    case 'malformed_wrong_type': {
      const { Line: lines } = out;
      return { ...out, Line: Array.isArray(lines) ? lines[0] : lines };
    }
    case 'malformed_decimal_comma': {
      const { TotalAmt: total } = out;
      return { ...out, TotalAmt: round(String(total), 2).replace('.', ',') };
    }
    case 'malformed_missing_field': {
      const { TxnDate: _dropped, ...rest } = out;
      return rest;
    }
  }
}
