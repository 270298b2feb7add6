import type { RecordFault } from '../../../emulation/economy/index.js';

/**
 * Corrupts one rendered order the way the fault injector asked, on a copy:
 * - schema_drift: `total_price` is renamed `total_price_amount` (a field rename from a later API
 *   version, the kind drift detection and mapping rules exist for);
 * - malformed_wrong_type: `total_price` is a JSON number instead of a decimal string;
 * - malformed_decimal_comma: money written with a decimal comma ("12,34") on the order and its lines;
 * - malformed_missing_field: `currency` is missing.
 */
export function corruptOrder(order: Record<string, unknown>, fault: RecordFault): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(order);
  const total = String(out['total_price']);
  switch (fault) {
    case 'schema_drift':
      out['total_price_amount'] = total;
      delete out['total_price'];
      break;
    case 'malformed_wrong_type':
      out['total_price'] = Number(total);
      break;
    case 'malformed_decimal_comma':
      out['total_price'] = total.replace('.', ',');
      for (const line of (out['line_items'] ?? []) as Record<string, unknown>[]) {
        line['price'] = String(line['price']).replace('.', ',');
      }
      break;
    case 'malformed_missing_field':
      delete out['currency'];
      break;
  }
  return out;
}
