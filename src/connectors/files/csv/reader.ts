import { parse } from 'csv-parse/sync';
import { InvalidInputError } from '../../../errors/index.js';
import { sha256 } from '../../kit/envelope.js';
import type { FileDocument } from '../types.js';
import { BUILTIN_PROFILES, SIGNATURES } from './builtin-profiles.js';
import type { DateOrder } from './dates.js';
import { instantWithOffset, parseDateTime } from './dates.js';
import { detectDateOrder, detectDecimalSeparator } from './detect-settings.js';
import type { ColumnMap } from './header.js';
import { columnMap, fitScore, headerFits, headerHasAll } from './header.js';
import type { CsvPayload } from './payload.js';
import { CSV_CONTENT_TYPE } from './payload.js';
import type { CsvProfile } from './profile.js';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const HEADER_SEARCH_ROWS = 20;

const NOUNS: Readonly<Record<CsvProfile['kind'], string>> = {
  invoice: 'invoice',
  bill: 'bill',
  purchase_order: 'purchase order',
  sales_order: 'order',
};

interface ParsedRow {
  readonly cells: string[];
  readonly line: number;
}

function parseRows(text: string, delimiter: string, toLine?: number): ParsedRow[] {
  const out = parse(text, {
    delimiter,
    // Exports edited by hand end up with mixed line endings; any of them ends a record.
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    ...(toLine === undefined ? {} : { to_line: toLine }),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return out.map((r) => ({ cells: r.record, line: r.info.lines }));
}

function fileError(fileName: string, code: string, message: string): InvalidInputError {
  return new InvalidInputError(code, `${fileName}: ${message}`, { format: 'csv', fileName });
}

interface HeaderFound {
  readonly delimiter: string;
  readonly index: number;
  readonly profile: CsvProfile;
}

/** Finds delimiter, header row and (without a profile) the built-in export the header belongs to. */
function findHeader(text: string, profile: CsvProfile | undefined): HeaderFound | { error: string } {
  const delimiters = profile?.delimiter ? [profile.delimiter] : DELIMITERS;
  let parseError: string | null = null;
  for (const delimiter of delimiters) {
    let head: ParsedRow[];
    try {
      head = parseRows(text, delimiter, HEADER_SEARCH_ROWS + 5);
    } catch (e) {
      parseError ??= (e as Error).message;
      continue;
    }
    const candidates = profile?.headerRow ? [profile.headerRow - 1] : [...head.keys()].slice(0, HEADER_SEARCH_ROWS);
    for (const index of candidates) {
      const cells = head[index]?.cells;
      if (!cells) continue;
      if (profile) {
        if (headerFits(cells, profile)) return { delimiter, index, profile };
        continue;
      }
      const fits = (Object.keys(SIGNATURES) as (keyof typeof SIGNATURES)[])
        .filter((name) => headerHasAll(cells, SIGNATURES[name]))
        .map((name) => BUILTIN_PROFILES[name])
        .sort((a, b) => fitScore(cells, b) - fitScore(cells, a));
      if (fits[0]) return { delimiter, index, profile: fits[0] };
    }
  }
  if (parseError) return { error: `the CSV could not be read: ${parseError}` };
  return {
    error: profile
      ? `no header row with the profile's ${profile.columns.number} and date columns in the first ${HEADER_SEARCH_ROWS} rows (delimiters tried: ${delimiters.map((d) => JSON.stringify(d)).join(' ')})`
      : `the header matches no built-in export (${Object.keys(BUILTIN_PROFILES).join(', ')}); pass a profile`,
  };
}

function documentKey(cells: readonly string[], columns: ColumnMap): string {
  for (const i of columns.get('number') ?? []) {
    const v = (cells[i] ?? '').trim();
    if (v) return v;
  }
  return '';
}

/** An instant only for an order timestamp that carries its offset (Shopify writes one). */
function stampOf(rows: readonly (readonly string[])[], columns: ColumnMap, order: DateOrder | null): string | null {
  for (const row of rows) {
    for (const i of columns.get('orderedAt') ?? []) {
      const v = (row[i] ?? '').trim();
      if (!v) continue;
      const p = parseDateTime(v, order);
      return p ? instantWithOffset(p) : null;
    }
  }
  return null;
}

/**
 * Splits a CSV export into documents: rows are grouped by the document number column (one row per
 * line item, as every export here writes them), in order of first appearance.
 */
export function splitCsv(
  text: string,
  fileName: string,
  given?: CsvProfile,
): { documents: FileDocument[]; errors: InvalidInputError[] } {
  if (text.trim() === '') return { documents: [], errors: [fileError(fileName, 'LP_INPUT_FILE', 'the file is empty')] };
  const found = findHeader(text, given);
  if ('error' in found) return { documents: [], errors: [fileError(fileName, 'LP_INPUT_FILE', found.error)] };
  const { delimiter, profile } = found;
  let all: ParsedRow[];
  try {
    all = parseRows(text, delimiter);
  } catch (e) {
    return {
      documents: [],
      errors: [fileError(fileName, 'LP_INPUT_FILE', `the CSV could not be read: ${(e as Error).message}`)],
    };
  }
  const headerRow = all[found.index];
  if (!headerRow) return { documents: [], errors: [fileError(fileName, 'LP_INPUT_FILE', 'the header row vanished')] };
  const header = headerRow.cells.map((h) => h.trim());
  const data = all.slice(found.index + 1).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const columns = columnMap(header, profile);
  const rows = data.map((r) => r.cells);
  const lines = data.map((r) => r.line);

  const decimal = detectDecimalSeparator(profile, columns, header, rows, lines);
  const dates = detectDateOrder(profile, columns, header, rows, lines);
  const errors: InvalidInputError[] = [];
  if ('error' in decimal) errors.push(fileError(fileName, decimal.code, decimal.error));
  if ('error' in dates) errors.push(fileError(fileName, dates.code, dates.error));
  if (!('ok' in decimal) || !('ok' in dates)) return { documents: [], errors };

  const groups = new Map<string, ParsedRow[]>();
  for (const row of data) {
    // A row without a document number stands alone, so the mapper can name it in review.
    const key = documentKey(row.cells, columns) || `line ${row.line}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }

  const documents: FileDocument[] = [];
  for (const [key, group] of groups) {
    const payloadValue: CsvPayload = {
      type: 'ledgerpulse.csv-document',
      version: 1,
      fileName,
      profile,
      resolved: { delimiter, decimalSeparator: decimal.ok, dateOrder: dates.ok },
      header,
      rows: group.map((r) => r.cells),
      rowNumbers: group.map((r) => r.line),
    };
    const payload = JSON.stringify(payloadValue);
    const first = group[0]?.line ?? 0;
    const last = group[group.length - 1]?.line ?? first;
    const lineText = first === last ? `line ${first}` : `lines ${first}-${last}`;
    documents.push({
      externalId: `csv:${profile.name}:${key}`,
      sourceVersion: sha256(payload),
      sourceUpdatedAt: stampOf(
        group.map((r) => r.cells),
        columns,
        dates.ok,
      ),
      object: `csv:${profile.name}`,
      contentType: CSV_CONTENT_TYPE,
      payload,
      label: `CSV ${profile.name} ${NOUNS[profile.kind]} ${key} (${lineText}) in ${fileName}`,
    });
  }
  if (documents.length === 0) errors.push(fileError(fileName, 'LP_INPUT_FILE', 'the file has a header but no rows'));
  return { documents, errors };
}
