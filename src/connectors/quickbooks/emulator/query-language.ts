/**
 * The QuickBooks query language as far as the contract goes: `SELECT * | COUNT(*) FROM <Entity>
 * [WHERE <field> <op> <value> [AND …]] [ORDERBY <field> [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]`.
 * Operators =, <, >, <=, >=, IN (…), LIKE ('%' only). No OR, no joins, no arithmetic. Keywords,
 * entity and field names are case-insensitive; string literals use single quotes with \' escapes.
 */

export type QueryValue = string | number | boolean;

export interface Condition {
  /** Lower-cased field path, `metadata.lastupdatedtime`. */
  readonly field: string;
  readonly op: '=' | '<' | '>' | '<=' | '>=' | 'in' | 'like';
  readonly values: readonly QueryValue[];
}

export interface ParsedQuery {
  readonly count: boolean;
  readonly entity: string;
  readonly where: readonly Condition[];
  readonly orderBy: { readonly field: string; readonly desc: boolean } | null;
  readonly startPosition: number | null;
  readonly maxResults: number | null;
}

/** A query the service refuses: code 4000 (parser) or 4001 (validation), as Intuit answers. */
export class QueryError extends Error {
  constructor(
    readonly code: '4000' | '4001',
    readonly detail: string,
  ) {
    super(detail);
  }
}

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'number'; text: string; pos: number }
  | { kind: 'punct'; text: string; pos: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length)
          throw new QueryError('4000', `QueryParserError: Encountered unterminated string at column ${i + 1}`);
        const d = src.charAt(j);
        if (d === '\\' && j + 1 < src.length) {
          text += src.charAt(j + 1);
          j += 2;
          continue;
        }
        if (d === "'") break;
        text += d;
        j++;
      }
      out.push({ kind: 'string', text, pos: i });
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '!=' || two === '<>') {
      out.push({ kind: 'punct', text: two, pos: i });
      i += 2;
      continue;
    }
    if ('=<>(),*'.includes(c)) {
      out.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c === '-' || /\d/.test(c))) {
      out.push({ kind: 'number', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (word) {
      out.push({ kind: 'word', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw new QueryError('4000', `QueryParserError: Encountered " "${c}" at line 1, column ${i + 1}.`);
  }
  return out;
}

export function parseQuery(src: string): ParsedQuery {
  const tokens = tokenize(src.trim());
  let p = 0;
  const peek = () => tokens[p];
  const unexpected = (t: Token | undefined): QueryError =>
    new QueryError(
      '4000',
      t
        ? `QueryParserError: Encountered " "${t.text}" at line 1, column ${t.pos + 1}.`
        : 'QueryParserError: Encountered "<EOF>" at end of query.',
    );
  const keyword = (word: string): boolean => {
    const t = peek();
    if (t?.kind === 'word' && t.text.toLowerCase() === word) {
      p++;
      return true;
    }
    return false;
  };
  const expectKeyword = (word: string): void => {
    if (!keyword(word)) throw unexpected(peek());
  };
  const punct = (text: string): boolean => {
    const t = peek();
    if (t?.kind === 'punct' && t.text === text) {
      p++;
      return true;
    }
    return false;
  };
  const integer = (what: string): number => {
    const t = tokens[p++];
    if (t?.kind !== 'number' || !/^-?\d+$/.test(t.text)) throw unexpected(t);
    const n = Number(t.text);
    if (what === 'STARTPOSITION' && n < 1) {
      throw new QueryError('4001', `QueryValidationError: value ${n} is too small. Min allowed value is 1`);
    }
    if (what === 'MAXRESULTS' && n < 1) {
      throw new QueryError('4001', `QueryValidationError: value ${n} is too small. Min allowed value is 1`);
    }
    if (what === 'MAXRESULTS' && n > 1000) {
      throw new QueryError('4001', `QueryValidationError: value ${n} is too large. Max allowed value is 1000`);
    }
    return n;
  };
  const value = (): QueryValue => {
    const t = tokens[p++];
    if (t?.kind === 'string') return t.text;
    if (t?.kind === 'number') return Number(t.text);
    if (t?.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    throw unexpected(t);
  };

  expectKeyword('select');
  let count = false;
  if (punct('*')) count = false;
  else if (keyword('count')) {
    if (!punct('(') || !punct('*') || !punct(')')) throw unexpected(peek());
    count = true;
  } else throw unexpected(peek());
  expectKeyword('from');
  const entityToken = tokens[p++];
  if (entityToken?.kind !== 'word') throw unexpected(entityToken);
  const where: Condition[] = [];
  let orderBy: ParsedQuery['orderBy'] = null;
  let startPosition: number | null = null;
  let maxResults: number | null = null;
  if (keyword('where')) {
    do {
      const f = tokens[p++];
      if (f?.kind !== 'word') throw unexpected(f);
      const field = f.text.toLowerCase();
      const opToken = peek();
      let op: Condition['op'];
      if (opToken?.kind === 'punct' && ['=', '<', '>', '<=', '>='].includes(opToken.text)) {
        op = opToken.text as Condition['op'];
        p++;
      } else if (keyword('in')) op = 'in';
      else if (keyword('like')) op = 'like';
      else throw unexpected(opToken);
      const values: QueryValue[] = [];
      if (op === 'in') {
        if (!punct('(')) throw unexpected(peek());
        do values.push(value());
        while (punct(','));
        if (!punct(')')) throw unexpected(peek());
      } else values.push(value());
      where.push({ field, op, values });
      const next = peek();
      if (next?.kind === 'word' && next.text.toLowerCase() === 'or') throw unexpected(next);
    } while (keyword('and'));
  }
  if (keyword('orderby') || (keyword('order') && keyword('by'))) {
    const f = tokens[p++];
    if (f?.kind !== 'word') throw unexpected(f);
    const desc = keyword('desc');
    if (!desc) keyword('asc');
    orderBy = { field: f.text.toLowerCase(), desc };
  }
  for (;;) {
    if (keyword('startposition')) startPosition = integer('STARTPOSITION');
    else if (keyword('maxresults')) maxResults = integer('MAXRESULTS');
    else break;
  }
  if (p < tokens.length) throw unexpected(peek());
  return { count, entity: entityToken.text, where, orderBy, startPosition, maxResults };
}
