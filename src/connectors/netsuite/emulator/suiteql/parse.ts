/**
 * A deliberately small, strict SuiteQL parser: exactly the shapes the connector sends, and nothing
 * else (the emulator answers anything outside them with NetSuite's "Invalid search query" 400).
 *
 *   query      := SELECT item (, item)* FROM table [alias] [WHERE or] [ORDER BY key (, key)*]
 *   item       := col [AS name] | TO_CHAR(col, 'YYYY-MM-DD HH24:MI:SS') AS name | BUILTIN.DF(col) AS name
 *   or         := and (OR and)*          and := atom (AND atom)*
 *   atom       := ( or ) | col op value | col IN ( value (, value)* )
 *   op         := = | <> | != | < | <= | > | >=
 *   value      := 'text' | integer | TO_TIMESTAMP('…', 'YYYY-MM-DD HH24:MI:SS')
 *   key        := col [ASC | DESC]          col := [qualifier .] name
 *
 * No joins, functions other than those three, arithmetic, LIKE, NULL tests, subqueries or *.
 */
export const TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS';

export interface ColumnRef {
  readonly qualifier: string | null;
  readonly name: string;
}
export type SelectItem =
  | { readonly kind: 'column'; readonly column: ColumnRef; readonly as: string }
  | { readonly kind: 'to_char'; readonly column: ColumnRef; readonly as: string }
  | { readonly kind: 'display'; readonly column: ColumnRef; readonly as: string };
export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'timestamp'; readonly wallClock: string };
export type Op = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type Condition =
  | { readonly kind: 'and' | 'or'; readonly parts: readonly Condition[] }
  | { readonly kind: 'compare'; readonly column: ColumnRef; readonly op: Op; readonly value: Literal }
  | { readonly kind: 'in'; readonly column: ColumnRef; readonly values: readonly Literal[] };
export interface OrderKey {
  readonly column: ColumnRef;
  readonly descending: boolean;
}
export interface Query {
  readonly select: readonly SelectItem[];
  readonly table: string;
  readonly alias: string | null;
  readonly where: Condition | null;
  readonly orderBy: readonly OrderKey[];
}

export class SuiteqlSyntaxError extends Error {}

type Token =
  | { t: 'word'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'sym'; v: string };

const KEYWORDS = new Set(['select', 'from', 'where', 'and', 'or', 'in', 'order', 'by', 'as', 'asc', 'desc']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      const word = m?.[0] ?? c;
      tokens.push({ t: 'word', v: word.toLowerCase() });
      i += word.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(?![A-Za-z_.])/.exec(text.slice(i));
      if (!m) throw new SuiteqlSyntaxError(`unexpected number at ${i}`);
      tokens.push({ t: 'number', v: Number(m[0]) });
      i += m[0].length;
    } else if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new SuiteqlSyntaxError('unterminated string literal');
        const d = text.charAt(j);
        if (d === "'") {
          if (text.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += d;
        j++;
      }
      tokens.push({ t: 'string', v: value });
      i = j + 1;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '<>' || two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ t: 'sym', v: two === '!=' ? '<>' : two });
        i += 2;
      } else if ('(),.=<>'.includes(c)) {
        tokens.push({ t: 'sym', v: c });
        i++;
      } else {
        throw new SuiteqlSyntaxError(`unexpected character ${JSON.stringify(c)}`);
      }
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  private isWord(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.t === 'word' && t.v === v;
  }
  private isSym(v: string): boolean {
    const t = this.peek();
    return t?.t === 'sym' && t.v === v;
  }
  private expectWord(v: string): void {
    if (!this.isWord(v)) throw new SuiteqlSyntaxError(`expected ${v.toUpperCase()}`);
    this.i++;
  }
  private expectSym(v: string): void {
    if (!this.isSym(v)) throw new SuiteqlSyntaxError(`expected ${v}`);
    this.i++;
  }
  private name(): string {
    const t = this.peek();
    if (t?.t !== 'word' || KEYWORDS.has(t.v)) throw new SuiteqlSyntaxError('expected a name');
    this.i++;
    return t.v;
  }
  private column(): ColumnRef {
    const first = this.name();
    if (this.isSym('.')) {
      this.i++;
      return { qualifier: first, name: this.name() };
    }
    return { qualifier: null, name: first };
  }
  private string(): string {
    const t = this.peek();
    if (t?.t !== 'string') throw new SuiteqlSyntaxError('expected a string literal');
    this.i++;
    return t.v;
  }
  private format(): void {
    if (this.string().toUpperCase() !== TIMESTAMP_FORMAT) {
      throw new SuiteqlSyntaxError(`only the format '${TIMESTAMP_FORMAT}' is supported`);
    }
  }

  query(): Query {
    this.expectWord('select');
    const select: SelectItem[] = [this.selectItem()];
    while (this.isSym(',')) {
      this.i++;
      select.push(this.selectItem());
    }
    this.expectWord('from');
    const table = this.name();
    const alias = this.peek()?.t === 'word' && !KEYWORDS.has(this.peek()?.v as string) ? this.name() : null;
    let where: Condition | null = null;
    if (this.isWord('where')) {
      this.i++;
      where = this.or();
    }
    const orderBy: OrderKey[] = [];
    if (this.isWord('order')) {
      this.i++;
      this.expectWord('by');
      do {
        if (orderBy.length > 0) this.i++;
        const column = this.column();
        let descending = false;
        if (this.isWord('asc')) this.i++;
        else if (this.isWord('desc')) {
          this.i++;
          descending = true;
        }
        orderBy.push({ column, descending });
      } while (this.isSym(','));
    }
    if (this.i !== this.tokens.length) throw new SuiteqlSyntaxError('unexpected text after the query');
    return { select, table, alias, where, orderBy };
  }

  private selectItem(): SelectItem {
    if (this.isWord('to_char') && this.peek(1)?.v === '(') {
      this.i += 2;
      const column = this.column();
      this.expectSym(',');
      this.format();
      this.expectSym(')');
      this.expectWord('as');
      return { kind: 'to_char', column, as: this.name() };
    }
    if (this.isWord('builtin') && this.peek(1)?.v === '.' && this.isWord('df', 2)) {
      this.i += 3;
      this.expectSym('(');
      const column = this.column();
      this.expectSym(')');
      this.expectWord('as');
      return { kind: 'display', column, as: this.name() };
    }
    const column = this.column();
    if (this.isWord('as')) {
      this.i++;
      return { kind: 'column', column, as: this.name() };
    }
    return { kind: 'column', column, as: column.name };
  }

  private or(): Condition {
    const parts = [this.and()];
    while (this.isWord('or')) {
      this.i++;
      parts.push(this.and());
    }
    return parts.length === 1 ? (parts[0] as Condition) : { kind: 'or', parts };
  }

  private and(): Condition {
    const parts = [this.atom()];
    while (this.isWord('and')) {
      this.i++;
      parts.push(this.atom());
    }
    return parts.length === 1 ? (parts[0] as Condition) : { kind: 'and', parts };
  }

  private atom(): Condition {
    if (this.isSym('(')) {
      this.i++;
      const inner = this.or();
      this.expectSym(')');
      return inner;
    }
    const column = this.column();
    if (this.isWord('in')) {
      this.i++;
      this.expectSym('(');
      const values = [this.literal()];
      while (this.isSym(',')) {
        this.i++;
        values.push(this.literal());
      }
      this.expectSym(')');
      return { kind: 'in', column, values };
    }
    const t = this.peek();
    let op: string | undefined;
    if (t?.t === 'sym' && ['=', '<>', '<', '<=', '>', '>='].includes(t.v)) op = t.v;
    if (op === undefined) throw new SuiteqlSyntaxError('expected a comparison');
    this.i++;
    return { kind: 'compare', column, op: op as Op, value: this.literal() };
  }

  private literal(): Literal {
    const t = this.peek();
    if (t?.t === 'string') {
      this.i++;
      return { kind: 'string', value: t.v };
    }
    if (t?.t === 'number') {
      this.i++;
      return { kind: 'number', value: t.v };
    }
    if (this.isWord('to_timestamp')) {
      this.i++;
      this.expectSym('(');
      const wallClock = this.string();
      this.expectSym(',');
      this.format();
      this.expectSym(')');
      return { kind: 'timestamp', wallClock };
    }
    throw new SuiteqlSyntaxError('expected a value');
  }
}

/** Parses one query; throws SuiteqlSyntaxError with a reason for anything outside the grammar. */
export function parseSuiteql(text: string): Query {
  if (text.length > 20_000) throw new SuiteqlSyntaxError('query too long');
  return new Parser(tokenize(text)).query();
}
