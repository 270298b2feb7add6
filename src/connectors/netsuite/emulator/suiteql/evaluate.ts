import { fromWallClock, toUserDate, toWallClock } from '../zone.js';
import type { ColumnRef, Condition, Literal, Query } from './parse.js';
import { SuiteqlSyntaxError } from './parse.js';

/** A cell of an emulated table; null is a SQL NULL (omitted from result rows). */
export type Cell =
  | { readonly type: 'num'; readonly v: number }
  | { readonly type: 'str'; readonly v: string }
  | { readonly type: 'ts'; readonly v: number }
  | { readonly type: 'date'; readonly v: string }
  | null;

export type ColumnType = 'num' | 'str' | 'ts' | 'date';

export interface TableRow {
  readonly cells: Readonly<Record<string, Cell>>;
  /** BUILTIN.DF values of reference columns (the referenced record's name). */
  readonly display?: Readonly<Record<string, string>>;
}

export interface Table {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  readonly rows: readonly TableRow[];
}

export type ResultRow = Record<string, unknown>;

function columnOf(query: Query, table: Table, ref: ColumnRef): string {
  if (ref.qualifier !== null && ref.qualifier !== query.alias && ref.qualifier !== table.name) {
    throw new SuiteqlSyntaxError(`Unknown identifier '${ref.qualifier}'.`);
  }
  if (!Object.hasOwn(table.columns, ref.name)) {
    throw new SuiteqlSyntaxError(`Field '${ref.name}' for record '${table.name}' was not found.`);
  }
  return ref.name;
}

/** A literal as a comparable value for a column of `type`; a type mismatch is a query error. */
function operand(type: ColumnType, lit: Literal, timeZone: string): number | string {
  if (type === 'num' && lit.kind === 'number') return lit.value;
  if (type === 'str' && lit.kind === 'string') return lit.value;
  if (type === 'ts' && lit.kind === 'timestamp') {
    const ms = fromWallClock(lit.wallClock, timeZone);
    if (ms === null) throw new SuiteqlSyntaxError(`Invalid timestamp '${lit.wallClock}'.`);
    return ms;
  }
  throw new SuiteqlSyntaxError(`Incompatible value for a ${type} field.`);
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Predicate = (row: TableRow) => boolean;

function compile(cond: Condition, query: Query, table: Table, timeZone: string): Predicate {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.parts.map((p) => compile(p, query, table, timeZone));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = cond.parts.map((p) => compile(p, query, table, timeZone));
      return (row) => parts.some((p) => p(row));
    }
    case 'in': {
      const col = columnOf(query, table, cond.column);
      const type = table.columns[col] as ColumnType;
      const values = cond.values.map((v) => operand(type, v, timeZone));
      return (row) => {
        const cell = row.cells[col];
        return cell != null && values.some((v) => compare(cell.v, v) === 0);
      };
    }
    case 'compare': {
      const col = columnOf(query, table, cond.column);
      const type = table.columns[col] as ColumnType;
      const value = operand(type, cond.value, timeZone);
      const test: (c: number) => boolean =
        cond.op === '='
          ? (c) => c === 0
          : cond.op === '<>'
            ? (c) => c !== 0
            : cond.op === '<'
              ? (c) => c < 0
              : cond.op === '<='
                ? (c) => c <= 0
                : cond.op === '>'
                  ? (c) => c > 0
                  : (c) => c >= 0;
      return (row) => {
        const cell = row.cells[col];
        return cell != null && test(compare(cell.v, value));
      };
    }
  }
}

function render(cell: Cell, timeZone: string): string | undefined {
  if (cell === null || cell === undefined) return undefined;
  switch (cell.type) {
    case 'num':
      return String(cell.v);
    case 'str':
      return cell.v;
    case 'ts':
      // Without TO_CHAR a timestamp comes back as a date in the user's format: the time is lost.
      return toUserDate(cell.v, timeZone);
    case 'date': {
      const [y, m, d] = cell.v.split('-').map(Number);
      return `${m}/${d}/${y}`;
    }
  }
}

export interface QueryResult {
  readonly totalResults: number;
  readonly items: ResultRow[];
}

/**
 * Runs a parsed query over a table: filter, stable sort, then project only the rows of the page
 * asked for (offset, limit): rendering wall clocks is the costly part.
 */
export function runQuery(
  query: Query,
  table: Table,
  timeZone: string,
  offset = 0,
  limit = Number.MAX_SAFE_INTEGER,
): QueryResult {
  if (query.alias !== null && query.alias === table.name) throw new SuiteqlSyntaxError('alias shadows the table');
  const predicate = query.where === null ? () => true : compile(query.where, query, table, timeZone);
  const keys = query.orderBy.map((k) => ({ col: columnOf(query, table, k.column), desc: k.descending }));
  const projections = query.select.map((item) => {
    const col = columnOf(query, table, item.column);
    const type = table.columns[col] as ColumnType;
    if (item.kind === 'to_char' && type !== 'ts')
      throw new SuiteqlSyntaxError(`TO_CHAR needs a timestamp, '${col}' is not.`);
    return { item, col };
  });
  const names = new Set<string>();
  for (const p of projections) {
    if (names.has(p.item.as)) throw new SuiteqlSyntaxError(`Duplicate column name '${p.item.as}'.`);
    names.add(p.item.as);
  }

  const rows = table.rows.filter(predicate);
  if (keys.length > 0) {
    rows.sort((a, b) => {
      for (const k of keys) {
        const x = a.cells[k.col];
        const y = b.cells[k.col];
        // NULLs sort last ascending (Oracle's default), first descending.
        const c = x == null ? (y == null ? 0 : 1) : y == null ? -1 : compare(x.v, y.v);
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  }
  const project = (row: TableRow): ResultRow => {
    const out: ResultRow = { links: [] };
    for (const { item, col } of projections) {
      const cell = row.cells[col] ?? null;
      let value: string | undefined;
      if (item.kind === 'to_char') value = cell?.type === 'ts' ? toWallClock(cell.v, timeZone) : undefined;
      else if (item.kind === 'display') value = row.display?.[col] ?? render(cell, timeZone);
      else value = render(cell, timeZone);
      if (value !== undefined) out[item.as] = value;
    }
    return out;
  };
  return { totalResults: rows.length, items: rows.slice(offset, offset + limit).map(project) };
}
