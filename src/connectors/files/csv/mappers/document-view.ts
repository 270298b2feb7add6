import type { LineItem } from '../../../../canonical/index.js';
import { div, isZero, mul, round, sub } from '../../../../canonical/index.js';
import { problem } from '../../guarded-mapper.js';
import { atLeastCents } from '../../money-text.js';
import type { ParsedDateTime } from '../dates.js';
import { parseDateTime } from '../dates.js';
import type { ColumnMap } from '../header.js';
import { columnMap } from '../header.js';
import { parseLocaleDecimal } from '../numbers.js';
import type { CsvPayload } from '../payload.js';
import type { CsvField } from '../profile.js';
import { aliasesOf, LINE_FIELDS } from '../profile.js';

/** Read access to one CSV document: document fields agree across rows; each row may be a line. */
export class CsvDocumentView {
  readonly columns: ColumnMap;

  constructor(readonly payload: CsvPayload) {
    this.columns = columnMap(payload.header, payload.profile);
  }

  /** Throws a review problem for a row that cannot be read cell by cell. */
  checkShape(): void {
    const { payload } = this;
    // More cells than the header means a shifted row (an unquoted delimiter): no cell can be
    // trusted. Fewer cells are trailing empties some exporters leave out, read as empty.
    payload.rows.forEach((row, r) => {
      if (row.length > payload.header.length) {
        throw problem(
          'LP_INPUT_SCHEMA',
          `line ${this.line(r)} has ${row.length} cells but the header has ${payload.header.length}`,
        );
      }
    });
  }

  line(rowIndex: number): number {
    return this.payload.rowNumbers[rowIndex] ?? rowIndex + 1;
  }

  has(field: CsvField): boolean {
    return this.columns.has(field);
  }

  /** Column name of a field, for messages. */
  columnName(field: CsvField): string {
    const i = this.columns.get(field)?.[0];
    return i === undefined ? (aliasesOf(this.payload.profile, field)[0] ?? field) : (this.payload.header[i] ?? field);
  }

  /** A field's cell in one row: the first non-empty of its columns. */
  cell(rowIndex: number, field: CsvField): string | null {
    const row = this.payload.rows[rowIndex] ?? [];
    for (const i of this.columns.get(field) ?? []) {
      const v = (row[i] ?? '').trim();
      if (v) return v;
    }
    return null;
  }

  /**
   * A document field: filled on one row (Shopify) or repeated on all (Xero). Rows that disagree
   * make the document ambiguous, so it goes to review rather than taking either value.
   */
  text(field: CsvField): string | null {
    let found: { value: string; row: number } | null = null;
    for (let r = 0; r < this.payload.rows.length; r++) {
      const v = this.cell(r, field);
      if (v === null) continue;
      if (found === null) found = { value: v, row: r };
      else if (v !== found.value) {
        throw problem(
          'LP_INPUT_MAPPING',
          `rows disagree on ${this.columnName(field)}: ${JSON.stringify(found.value)} (line ${this.line(found.row)}) vs ${JSON.stringify(v)} (line ${this.line(r)})`,
          this.columnName(field),
        );
      }
    }
    return found?.value ?? null;
  }

  private numberFrom(value: string, field: CsvField, rowIndex: number | null): string {
    const n = parseLocaleDecimal(value, this.payload.resolved.decimalSeparator);
    if (n === null) {
      const at = rowIndex === null ? '' : ` on line ${this.line(rowIndex)}`;
      throw problem(
        'LP_INPUT_MAPPING',
        `${this.columnName(field)} ${JSON.stringify(value)}${at} is not a number`,
        this.columnName(field),
      );
    }
    return n;
  }

  amount(field: CsvField): string | null {
    const v = this.text(field);
    return v === null ? null : atLeastCents(this.numberFrom(v, field, null));
  }

  private dateTimeFrom(value: string, field: CsvField): ParsedDateTime {
    const p = parseDateTime(value, this.payload.resolved.dateOrder);
    if (!p)
      throw problem(
        'LP_INPUT_MAPPING',
        `${this.columnName(field)} ${JSON.stringify(value)} is not a date`,
        this.columnName(field),
      );
    return p;
  }

  dateTime(field: CsvField): ParsedDateTime | null {
    const v = this.text(field);
    return v === null ? null : this.dateTimeFrom(v, field);
  }

  date(field: CsvField): string | null {
    return this.dateTime(field)?.date ?? null;
  }

  /**
   * One line per row that fills any line column. Without a quantity the line counts one; without
   * a line total it is quantity x unit price - discount; a percent discount is taken of the gross.
   */
  lines(): LineItem[] {
    const mapped = LINE_FIELDS.some((f) => this.has(f));
    if (!mapped) return [];
    const out: LineItem[] = [];
    this.payload.rows.forEach((_, r) => {
      if (!LINE_FIELDS.some((f) => this.cell(r, f) !== null)) return;
      const num = (field: CsvField) => {
        const v = this.cell(r, field);
        return v === null ? null : this.numberFrom(v, field, r);
      };
      const quantity = num('lineQuantity') ?? '1';
      const lineTotal = num('lineTotal');
      const unitPrice =
        num('lineUnitPrice') ?? (lineTotal !== null && !isZero(quantity) ? div(lineTotal, quantity) : '0');
      const gross = mul(quantity, unitPrice);
      const discountText = num('lineDiscount');
      const discount =
        discountText === null
          ? '0'
          : this.payload.profile.lineDiscount === 'percent'
            ? round(div(mul(gross, discountText), 100), 2)
            : discountText;
      out.push({
        lineNumber: out.length + 1,
        description: this.cell(r, 'lineDescription'),
        sku: this.cell(r, 'lineSku'),
        productSourceId: null,
        quantity,
        unitPrice: atLeastCents(unitPrice),
        discount: atLeastCents(discount),
        tax: atLeastCents(num('lineTax') ?? '0'),
        total: atLeastCents(lineTotal ?? sub(gross, discount)),
      });
    });
    return out;
  }
}
