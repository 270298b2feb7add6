import type { StoreDialect } from '../shared/dialect.js';
import { onConflictOps } from '../shared/on-conflict.js';

export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  // SQLite's default bound-parameter limit is 32766; 13 columns × 500 rows stays well under it.
  maxRowsPerInsert: 500,
  ...onConflictOps(),
  readJson(value) {
    return typeof value === 'string' ? JSON.parse(value) : value;
  },
  writeJson(value) {
    return JSON.stringify(value);
  },
};
