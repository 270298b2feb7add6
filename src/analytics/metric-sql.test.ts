import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CELL_STATS_QUERY, loadMetricSql, metricJob } from './metric-sql.js';

describe('metric SQL files', () => {
  it('splits files into set-up views and named queries, in file order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-sql-'));
    try {
      writeFileSync(
        join(dir, '10_b.sql'),
        '-- b\nCREATE OR REPLACE TEMPORARY VIEW b AS\nSELECT 1 AS x;\n\n-- only a comment;\n',
      );
      writeFileSync(
        join(dir, '00_a.sql'),
        'CREATE OR REPLACE TEMPORARY VIEW a AS SELECT 1 AS x;\nCREATE OR REPLACE TEMPORARY VIEW c AS SELECT 2 AS x;',
      );
      writeFileSync(join(dir, '90_totals.sql'), '-- the query\nSELECT x FROM a\n');
      const { setup, queries } = loadMetricSql(dir);
      expect(setup.map((s) => s.name)).toEqual(['00_a.sql#1', '00_a.sql#2', '10_b.sql#3']);
      expect(queries).toEqual([{ name: 'totals', sql: '-- the query\nSELECT x FROM a' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships one cell-statistics query over the lake views, with no engine-specific syntax', () => {
    const job = metricJob('/lake');
    expect(job.queries.map((q) => q.name)).toEqual([CELL_STATS_QUERY]);
    expect(job.tables.map((t) => t.name)).toContain('lake_invoice');
    const all = [...job.setup, ...job.queries].map((s) => s.sql).join('\n');
    // Date functions, casts and operators that DuckDB and Spark SQL spell differently stay out.
    for (const banned of [
      '::',
      'date_trunc',
      'DATE_TRUNC',
      'INTERVAL',
      'strftime',
      'date_add',
      'QUALIFY',
      'ILIKE',
      '//',
    ]) {
      expect(all, banned).not.toContain(banned);
    }
  });
});
