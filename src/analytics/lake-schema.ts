import { join } from 'node:path';
import type { LakeColumn, LakeColumnType, LakeTable } from '../ports/analytics-engine.js';
import { FX_COLUMNS } from './fx.js';

/**
 * The lake's tables. Documents are current-state tables (rewritten per month partition when a
 * record in it changes); inventory and receivable observations are append-only (sources expose
 * only the current level, so history exists only from the first export on). Every amount in a
 * document currency sits beside its reporting-currency value, the rate used and the rate's date.
 */
export type LakeObject =
  | 'invoice'
  | 'sales_order'
  | 'purchase_order'
  | 'inventory'
  | 'receivable'
  | 'company'
  | 'period'
  | 'fx_rates';

const c = (name: string, type: LakeColumnType): LakeColumn => ({ name, type });

const lineage = [
  c('source_updated_at', 'VARCHAR'),
  c('envelope_id', 'VARCHAR'),
  c('mapping_version', 'VARCHAR'),
  c('model_version', 'VARCHAR'),
];

const fxApplied = [c('fx_date', 'VARCHAR'), c('fx_rate', 'DECIMAL(18,6)'), c('reporting_currency', 'VARCHAR')];

const documentDate = [
  c('doc_date', 'VARCHAR'),
  c('doc_day', 'INTEGER'),
  c('week_id', 'INTEGER'),
  c('month_id', 'INTEGER'),
];

export const LAKE_COLUMNS: Readonly<Record<LakeObject, readonly LakeColumn[]>> = {
  invoice: [
    c('id', 'VARCHAR'),
    c('company_id', 'VARCHAR'),
    c('doc_type', 'VARCHAR'),
    c('status', 'VARCHAR'),
    c('deleted', 'BOOLEAN'),
    ...documentDate,
    c('due_date', 'VARCHAR'),
    c('currency', 'VARCHAR'),
    c('total', 'DECIMAL(18,4)'),
    c('amount_due', 'DECIMAL(18,4)'),
    c('product_units', 'DECIMAL(18,4)'),
    ...fxApplied,
    c('total_rc', 'DECIMAL(18,2)'),
    c('amount_due_rc', 'DECIMAL(18,2)'),
    ...lineage,
  ],
  sales_order: [
    c('id', 'VARCHAR'),
    c('company_id', 'VARCHAR'),
    c('status', 'VARCHAR'),
    c('financial_status', 'VARCHAR'),
    c('is_test', 'BOOLEAN'),
    c('cancelled', 'BOOLEAN'),
    c('deleted', 'BOOLEAN'),
    ...documentDate,
    c('currency', 'VARCHAR'),
    c('total', 'DECIMAL(18,4)'),
    c('refunded', 'DECIMAL(18,4)'),
    c('refund_count', 'INTEGER'),
    c('product_units', 'DECIMAL(18,4)'),
    ...fxApplied,
    c('total_rc', 'DECIMAL(18,2)'),
    c('refunded_rc', 'DECIMAL(18,2)'),
    ...lineage,
  ],
  purchase_order: [
    c('id', 'VARCHAR'),
    c('company_id', 'VARCHAR'),
    c('status', 'VARCHAR'),
    c('deleted', 'BOOLEAN'),
    ...documentDate,
    c('currency', 'VARCHAR'),
    c('total', 'DECIMAL(18,4)'),
    ...fxApplied,
    c('total_rc', 'DECIMAL(18,2)'),
    ...lineage,
  ],
  inventory: [
    c('id', 'VARCHAR'),
    c('company_id', 'VARCHAR'),
    c('item_key', 'VARCHAR'),
    c('quantity', 'DECIMAL(18,4)'),
    c('as_of', 'VARCHAR'),
    c('as_of_ms', 'BIGINT'),
    c('as_of_day', 'INTEGER'),
    c('deleted', 'BOOLEAN'),
    ...lineage,
  ],
  receivable: [
    c('company_id', 'VARCHAR'),
    c('as_of', 'VARCHAR'),
    c('as_of_ms', 'BIGINT'),
    c('as_of_day', 'INTEGER'),
    c('reporting_currency', 'VARCHAR'),
    c('open_invoices', 'INTEGER'),
    c('ar_rc', 'DECIMAL(18,2)'),
  ],
  company: [
    c('company_id', 'VARCHAR'),
    c('sector', 'VARCHAR'),
    c('naics', 'VARCHAR'),
    c('size_band', 'VARCHAR'),
    c('country', 'VARCHAR'),
    c('time_zone', 'VARCHAR'),
    c('base_currency', 'VARCHAR'),
  ],
  period: [
    c('grain', 'VARCHAR'),
    c('period_id', 'INTEGER'),
    c('label', 'VARCHAR'),
    c('start_day', 'INTEGER'),
    c('end_day', 'INTEGER'),
  ],
  fx_rates: FX_COLUMNS,
};

/** Objects whose partitions are month folders (`<object>/month=YYYY-MM/part-<hash>.parquet`). */
export const PARTITIONED: readonly LakeObject[] = [
  'invoice',
  'sales_order',
  'purchase_order',
  'inventory',
  'receivable',
];
/** Objects whose partitions keep earlier rows (observations), merged by key on rewrite. */
export const APPEND_ONLY: readonly LakeObject[] = ['inventory', 'receivable'];

/** The SQL view name of each lake object: `lake_<object>`. */
export function lakeTables(lakeDir: string): LakeTable[] {
  return (Object.keys(LAKE_COLUMNS) as LakeObject[]).map((object) => ({
    name: `lake_${object}`,
    path: join(lakeDir, object),
    columns: LAKE_COLUMNS[object],
  }));
}
