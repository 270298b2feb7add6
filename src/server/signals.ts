/**
 * What the API needs from the analytics serving tables. The composition root wires an
 * implementation over `src/analytics/serving.ts` (readServing + filterSignals); the server never
 * reads company-level data for signals, only these disclosure-controlled cells.
 */
export interface SignalCell {
  readonly metric: string;
  readonly grain: string;
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly dimension: string;
  readonly cell: string;
  readonly cellLabel: string;
  readonly unit: string;
  readonly currency: string | null;
  /** Null when the cell is suppressed. */
  readonly value: string | null;
  readonly companies: number;
  readonly provisional: boolean;
  readonly status: 'published' | 'suppressed';
  readonly reason: string | null;
}

export interface SignalQuery {
  readonly metric?: string;
  readonly grain?: string;
  readonly dimension?: string;
  readonly cell?: string;
  /** The last N periods of each (metric, grain). */
  readonly last?: number;
}

export interface SignalsReader {
  read(
    query: SignalQuery,
  ): Promise<{ readonly meta: Readonly<Record<string, unknown>>; readonly rows: readonly SignalCell[] }>;
}

/**
 * The API's own disclosure guard on top of the serving table's: a suppressed cell never carries a
 * value or its company count, whatever the reader returned.
 */
export function discloseOnly(rows: readonly SignalCell[]) {
  return rows.map((r) =>
    r.status === 'published'
      ? r
      : { ...r, value: null, companies: null as number | null, status: 'suppressed' as const },
  );
}
