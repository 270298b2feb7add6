import type { CsvField, CsvProfile } from './profile.js';
import { aliasesOf } from './profile.js';

/** Header names compare without case, accents, spaces or punctuation: "*Invoice Number" = "InvoiceNumber". */
export function headerKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Indexes of the header cells matching the aliases, in alias order. */
export function indexesOf(header: readonly string[], aliases: readonly string[]): number[] {
  const keys = header.map(headerKey);
  const out: number[] = [];
  for (const alias of aliases) {
    const k = headerKey(alias);
    keys.forEach((key, i) => {
      if (key === k && !out.includes(i)) out.push(i);
    });
  }
  return out;
}

export type ColumnMap = ReadonlyMap<CsvField, readonly number[]>;

/** Where each mapped field is in this header (fields whose columns are absent are left out). */
export function columnMap(header: readonly string[], profile: CsvProfile): ColumnMap {
  const map = new Map<CsvField, readonly number[]>();
  for (const field of Object.keys(profile.columns) as CsvField[]) {
    const idx = indexesOf(header, aliasesOf(profile, field));
    if (idx.length > 0) map.set(field, idx);
  }
  return map;
}

/** The fields a header must have for the profile to read it. */
export function requiredFields(profile: CsvProfile): CsvField[] {
  return [
    'number',
    profile.columns.orderedAt !== undefined && profile.kind === 'sales_order' ? 'orderedAt' : 'issueDate',
  ];
}

export function headerFits(header: readonly string[], profile: CsvProfile): boolean {
  const map = columnMap(header, profile);
  return requiredFields(profile).every((f) => map.has(f));
}

/** Every signature column ("A|B" = either) is in the header. */
export function headerHasAll(header: readonly string[], signature: readonly string[]): boolean {
  return signature.every((s) => indexesOf(header, s.split('|')).length > 0);
}

/** How many of the profile's fields the header has: the better fit wins when several could read it. */
export function fitScore(header: readonly string[], profile: CsvProfile): number {
  return columnMap(header, profile).size;
}
