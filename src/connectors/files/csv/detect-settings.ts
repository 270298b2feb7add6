import type { DateOrder } from './dates.js';
import { dateEvidence, orderOfFormat } from './dates.js';
import type { ColumnMap } from './header.js';
import type { DecimalSeparator } from './numbers.js';
import { decimalEvidence } from './numbers.js';
import type { CsvProfile } from './profile.js';
import { DATE_FIELDS, NUMERIC_FIELDS } from './profile.js';

export type Detected<T> = { readonly ok: T } | { readonly error: string; readonly code: string };

interface Cell {
  readonly value: string;
  readonly column: string;
  readonly line: number;
}

function cellsOf(
  fields: readonly string[],
  columns: ColumnMap,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lines: readonly number[],
): Cell[] {
  const out: Cell[] = [];
  for (const field of fields) {
    for (const i of columns.get(field as never) ?? []) {
      rows.forEach((row, r) => {
        const value = (row[i] ?? '').trim();
        if (value) out.push({ value, column: header[i] ?? `#${i + 1}`, line: lines[r] ?? 0 });
      });
    }
  }
  return out;
}

const where = (c: Cell) => `${JSON.stringify(c.value)} (column ${c.column}, line ${c.line})`;

/**
 * Decimal separator of the whole file from its numeric cells: a value like "1.234,50" or "12,5"
 * settles it; "1,500" alone does not, and then the profile must say.
 */
export function detectDecimalSeparator(
  profile: CsvProfile,
  columns: ColumnMap,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lines: readonly number[],
): Detected<DecimalSeparator> {
  if (profile.decimalSeparator) return { ok: profile.decimalSeparator };
  const cells = cellsOf(NUMERIC_FIELDS, columns, header, rows, lines);
  const point = cells.find((c) => decimalEvidence(c.value) === '.');
  const comma = cells.find((c) => decimalEvidence(c.value) === ',');
  if (point && comma) {
    return {
      code: 'LP_INPUT_AMBIGUOUS',
      error: `the file mixes decimal points ${where(point)} and decimal commas ${where(comma)}; set decimalSeparator in the profile`,
    };
  }
  if (point || comma) return { ok: point ? '.' : ',' };
  const unsure = cells.find((c) => decimalEvidence(c.value) === 'ambiguous');
  if (unsure) {
    return {
      code: 'LP_INPUT_AMBIGUOUS',
      error: `numbers such as ${where(unsure)} could use "," or "." as the decimal separator and no value settles it; set decimalSeparator in the profile`,
    };
  }
  return { ok: '.' };
}

/**
 * Day-first or month-first for the whole file: one date with a part above 12 settles it. When
 * every numeric date could be read both ways (03/04/2026), it refuses to guess.
 */
export function detectDateOrder(
  profile: CsvProfile,
  columns: ColumnMap,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lines: readonly number[],
): Detected<DateOrder | null> {
  if (profile.dateFormat) return { ok: orderOfFormat(profile.dateFormat) };
  const cells = cellsOf(DATE_FIELDS, columns, header, rows, lines);
  const dayFirst = cells.find((c) => dateEvidence(c.value) === 'dmy');
  const monthFirst = cells.find((c) => dateEvidence(c.value) === 'mdy');
  if (dayFirst && monthFirst) {
    return {
      code: 'LP_INPUT_AMBIGUOUS',
      error: `the file has day-first ${where(dayFirst)} and month-first ${where(monthFirst)} dates; set dateFormat in the profile`,
    };
  }
  if (dayFirst || monthFirst) return { ok: dayFirst ? 'dmy' : 'mdy' };
  const unsure = cells.find((c) => dateEvidence(c.value) === 'ambiguous');
  if (unsure) {
    return {
      code: 'LP_INPUT_AMBIGUOUS',
      error: `dates such as ${where(unsure)} could be day-first or month-first and no date in the file settles it; set dateFormat in the profile (e.g. "DD/MM/YYYY" or "MM/DD/YYYY")`,
    };
  }
  return { ok: null };
}
