import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyticsJob, SqlStatement } from '../ports/analytics-engine.js';
import { lakeTables } from './lake-schema.js';

/** The metric definitions: `metrics/*.sql`, run in file-name order by every engine. */
export const METRICS_DIR = fileURLToPath(new URL('./metrics/', import.meta.url));

/** The name of the query whose rows are the cell statistics. */
export const CELL_STATS_QUERY = 'cell_stats';

function withoutComments(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .trim();
}

/**
 * Splits the files into statements at a `;` that ends a line. `CREATE …` statements are set-up
 * (temporary views); a `SELECT`/`WITH` statement is a query named after its file without the
 * number prefix (`90_cell_stats.sql` → `cell_stats`).
 */
export function loadMetricSql(dir: string = METRICS_DIR): { setup: SqlStatement[]; queries: SqlStatement[] } {
  const setup: SqlStatement[] = [];
  const queries: SqlStatement[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const name = basename(file, '.sql').replace(/^\d+_/, '');
    for (const chunk of text.split(/;[ \t]*$/m)) {
      const sql = chunk.trim();
      const body = withoutComments(sql);
      if (body === '') continue;
      if (/^create\b/i.test(body)) setup.push({ name: `${file}#${setup.length + 1}`, sql });
      else queries.push({ name, sql });
    }
  }
  return { setup, queries };
}

/** The job both engines run: the lake tables as views, the metric files, the cell statistics. */
export function metricJob(lakeDir: string, dir: string = METRICS_DIR): AnalyticsJob {
  const { setup, queries } = loadMetricSql(dir);
  return { tables: lakeTables(lakeDir), setup, queries };
}
