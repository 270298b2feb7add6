import type { Dimension } from './cell-stats.js';
import type { SuppressionReason } from './disclosure.js';
import type { Grain } from './periods.js';

export const SIGNAL_METRICS = [
  'invoice_count',
  'invoice_value',
  'avg_invoice_value',
  'credit_note_count',
  'credit_note_value',
  'invoice_value_yoy',
  'invoice_value_index',
  'order_count',
  'order_value',
  'avg_order_value',
  'refund_rate',
  'purchase_order_count',
  'purchase_order_value',
  'inventory_units',
  'inventory_to_sales',
  'dso_days',
] as const;
export type SignalMetric = (typeof SIGNAL_METRICS)[number];

export type SignalUnit = 'count' | 'money' | 'ratio' | 'index' | 'units' | 'days';

/** One published (or suppressed) cell of one signal: what the serving table holds, per row. */
export interface SignalRow {
  readonly metric: SignalMetric;
  readonly grain: Grain;
  /** "2026-W23" or "2026-06". */
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly dimension: Dimension;
  readonly cell: string;
  readonly cellLabel: string;
  readonly unit: SignalUnit;
  /** The reporting currency for money units, else null. */
  readonly currency: string | null;
  /** Exact decimal text with the metric's documented places; null when suppressed. */
  readonly value: string | null;
  /** Companies behind the cell (for panel metrics: the companies in the panel). */
  readonly companies: number;
  /** The period is recent enough that late records may still change it. */
  readonly provisional: boolean;
  readonly status: 'published' | 'suppressed';
  readonly reason: SuppressionReason | null;
}
