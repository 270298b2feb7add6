import type { StoreDialect } from '../shared/dialect.js';
import { isCalendarDate } from '../shared/lifted-columns.js';
import { onConflictOps } from '../shared/on-conflict.js';

/**
 * PostgreSQL speaks the same `ON CONFLICT` as SQLite; what differs is the column types: `doc_date`
 * is DATE (a date the regex let through but the calendar does not becomes NULL there; the JSON
 * keeps it), `total` is NUMERIC and the JSON columns are JSONB.
 */
export const postgresDialect: StoreDialect = {
  name: 'postgres',
  // 65535 bind parameters per statement: 13 columns × 1000 rows stays far below it.
  maxRowsPerInsert: 1000,
  ...onConflictOps((row) => (row.doc_date === null || isCalendarDate(row.doc_date) ? row : { ...row, doc_date: null })),

  readJson(value) {
    return typeof value === 'string' ? JSON.parse(value) : value;
  },
  // Sent as text: PostgreSQL infers JSONB from the target column, and node-pg would turn a JS
  // array into a PostgreSQL array literal rather than JSON.
  writeJson(value) {
    return JSON.stringify(value);
  },
};
