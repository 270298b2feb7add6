import { z } from 'zod';
import { CurrencyCode } from '../../../canonical/index.js';
import { ConfigError } from '../../../errors/index.js';
import { DATE_FORMATS } from './dates.js';

/** Fields of a document a column can feed; the same in every row of a document. */
export const DOCUMENT_FIELDS = [
  'sourceId',
  'number',
  'documentType',
  'issueDate',
  'dueDate',
  'orderedAt',
  'expectedDate',
  'cancelledAt',
  'currency',
  'partyId',
  'partyName',
  'partyEmail',
  'partyCountry',
  'subtotal',
  'discountTotal',
  'taxTotal',
  'total',
  'amountDue',
  'amountPaid',
  'refundedTotal',
  'status',
  'financialStatus',
] as const;

/** Fields of a line item: one line per row that fills any of them. */
export const LINE_FIELDS = [
  'lineDescription',
  'lineSku',
  'lineQuantity',
  'lineUnitPrice',
  'lineDiscount',
  'lineTax',
  'lineTotal',
] as const;

export type CsvField = (typeof DOCUMENT_FIELDS)[number] | (typeof LINE_FIELDS)[number];

export const NUMERIC_FIELDS: readonly CsvField[] = [
  'subtotal',
  'discountTotal',
  'taxTotal',
  'total',
  'amountDue',
  'amountPaid',
  'refundedTotal',
  'lineQuantity',
  'lineUnitPrice',
  'lineDiscount',
  'lineTax',
  'lineTotal',
];
export const DATE_FIELDS: readonly CsvField[] = ['issueDate', 'dueDate', 'orderedAt', 'expectedDate', 'cancelledAt'];

export const CSV_KINDS = ['invoice', 'bill', 'purchase_order', 'sales_order'] as const;

/** A column name, or aliases tried in order (the first non-empty cell wins). */
const Column = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const columnsShape = Object.fromEntries(
  [...DOCUMENT_FIELDS, ...LINE_FIELDS].map((f) => [f, Column.optional()]),
) as Record<CsvField, z.ZodOptional<typeof Column>>;

export const CsvProfileSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes')
      .describe('Names the object (csv:<name>) and the external ids.'),
    kind: z.enum(CSV_KINDS),
    delimiter: z.enum([',', ';', '\t', '|']).optional().describe('Detected from the header when absent.'),
    decimalSeparator: z.enum(['.', ',']).optional().describe('Detected from the values when absent.'),
    dateFormat: z.enum(DATE_FORMATS).optional().describe('Detected when absent; day/month ambiguity is refused.'),
    currency: CurrencyCode.optional().describe("Used when no currency column; else the company's base currency."),
    lineDiscount: z.enum(['amount', 'percent']).optional().describe('How the lineDiscount column is written.'),
    creditNoteValues: z.array(z.string().min(1)).optional().describe('documentType values meaning a credit note.'),
    headerRow: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('1-based, counting non-empty rows; detected in the first 20 rows when absent.'),
    columns: z.object(columnsShape).strict(),
  })
  .strict()
  .refine((p) => p.columns.number !== undefined, { message: 'columns.number is required', path: ['columns', 'number'] })
  .refine((p) => p.columns.issueDate !== undefined || p.columns.orderedAt !== undefined, {
    message: 'columns.issueDate (or orderedAt) is required',
    path: ['columns', 'issueDate'],
  });

export type CsvProfile = z.infer<typeof CsvProfileSchema>;

/** The columns of a field as a list of aliases. */
export function aliasesOf(profile: CsvProfile, field: CsvField): readonly string[] {
  const c = profile.columns[field];
  return c === undefined ? [] : typeof c === 'string' ? [c] : c;
}

/**
 * Parses a saved profile (JSON text or an object). `extends: "<built-in name>"` starts from a
 * built-in profile: its columns are merged and the other settings replaced, e.g. to fix the date
 * format of a QuickBooks export. Throws ConfigError LP_CONFIG_INVALID naming the bad setting.
 */
export function parseProfileWith(input: unknown, builtins: Readonly<Record<string, CsvProfile>>): CsvProfile {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ConfigError('LP_CONFIG_INVALID', `CSV profile is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'extends' in value) {
    const { extends: base, ...own } = value as Record<string, unknown>;
    const parent = typeof base === 'string' ? builtins[base] : undefined;
    if (!parent) {
      throw new ConfigError('LP_CONFIG_INVALID', `CSV profile extends unknown profile ${JSON.stringify(base)}`, {
        known: Object.keys(builtins),
      });
    }
    const { columns: ownColumns = {} } = own as { columns?: Record<string, unknown> };
    value = { ...parent, ...own, columns: { ...parent.columns, ...ownColumns } };
  }
  const parsed = CsvProfileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      'LP_CONFIG_INVALID',
      `CSV profile is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
