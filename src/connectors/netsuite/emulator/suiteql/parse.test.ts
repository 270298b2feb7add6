import { describe, expect, it } from 'vitest';
import type { Table } from './evaluate.js';
import { runQuery } from './evaluate.js';
import { parseSuiteql, SuiteqlSyntaxError } from './parse.js';

const table: Table = {
  name: 'transaction',
  columns: { id: 'num', type: 'str', lastmodifieddate: 'ts', trandate: 'date', entity: 'num' },
  rows: [
    {
      cells: {
        id: { type: 'num', v: 10 },
        type: { type: 'str', v: 'CustInvc' },
        lastmodifieddate: { type: 'ts', v: Date.UTC(2026, 0, 1, 10) },
        trandate: { type: 'date', v: '2026-01-01' },
        entity: { type: 'num', v: 5 },
      },
      display: { entity: 'Acme' },
    },
    {
      cells: {
        id: { type: 'num', v: 9 },
        type: { type: 'str', v: 'CustInvc' },
        lastmodifieddate: { type: 'ts', v: Date.UTC(2026, 0, 1, 10) },
        trandate: { type: 'date', v: '2026-01-01' },
        entity: null,
      },
    },
    {
      cells: {
        id: { type: 'num', v: 11 },
        type: { type: 'str', v: 'VendBill' },
        lastmodifieddate: { type: 'ts', v: Date.UTC(2026, 0, 2, 10) },
        trandate: { type: 'date', v: '2026-01-02' },
        entity: { type: 'num', v: 6 },
      },
    },
  ],
};

describe('parseSuiteql', () => {
  it('parses the keyset shape', () => {
    const q = parseSuiteql(
      "select t.id, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') as lm from transaction t where t.type = 'CustInvc' and (t.lastmodifieddate > to_timestamp('2026-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS') or (t.lastmodifieddate = TO_TIMESTAMP('2026-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS') and t.id > 3)) order by t.lastmodifieddate, t.id desc",
    );
    expect(q.table).toBe('transaction');
    expect(q.alias).toBe('t');
    expect(q.select.map((s) => [s.kind, s.as])).toEqual([
      ['column', 'id'],
      ['to_char', 'lm'],
    ]);
    expect(q.where?.kind).toBe('and');
    expect(q.orderBy.map((k) => [k.column.name, k.descending])).toEqual([
      ['lastmodifieddate', false],
      ['id', true],
    ]);
  });

  it.each([
    'SELECT * FROM transaction',
    'SELECT id FROM transaction WHERE',
    "SELECT id FROM transaction WHERE tranid LIKE 'x%'",
    'SELECT id FROM transaction t JOIN item i ON i.id = t.id',
    "SELECT id FROM transaction WHERE id = 'unterminated",
    'SELECT COUNT(id) AS n FROM transaction',
    "SELECT TO_CHAR(lastmodifieddate, 'DD.MM.YYYY') AS x FROM transaction",
    'SELECT id FROM transaction; DELETE FROM transaction',
    'SELECT id FROM transaction WHERE id > 1.5',
    'SELECT id FROM transaction WHERE id IS NULL',
  ])('refuses %s', (q) => {
    expect(() => parseSuiteql(q)).toThrow(SuiteqlSyntaxError);
  });
});

describe('runQuery', () => {
  it('filters, orders by a unique key, projects (raw dates in the user format, nulls omitted, BUILTIN.DF) and pages', () => {
    const q = parseSuiteql(
      "SELECT t.id, t.trandate, BUILTIN.DF(t.entity) AS customer, t.entity, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM transaction t WHERE t.type IN ('CustInvc') ORDER BY t.lastmodifieddate, t.id",
    );
    const r = runQuery(q, table, 'America/New_York');
    expect(r.totalResults).toBe(2);
    expect(r.items).toEqual([
      { links: [], id: '9', trandate: '1/1/2026', lm: '2026-01-01 05:00:00' },
      { links: [], id: '10', trandate: '1/1/2026', customer: 'Acme', entity: '5', lm: '2026-01-01 05:00:00' },
    ]);
    expect(runQuery(q, table, 'UTC', 1, 5).items.map((x) => x['id'])).toEqual(['10']);
  });

  it('reads TO_TIMESTAMP in the user zone and type-checks comparisons', () => {
    const q = parseSuiteql(
      "SELECT id FROM transaction WHERE lastmodifieddate >= TO_TIMESTAMP('2026-01-02 05:00:00', 'YYYY-MM-DD HH24:MI:SS') ORDER BY id",
    );
    expect(runQuery(q, table, 'America/New_York').items.map((x) => x['id'])).toEqual(['11']);
    expect(runQuery(q, table, 'Asia/Tokyo').items.map((x) => x['id'])).toEqual(['11']);
    expect(() => runQuery(parseSuiteql("SELECT id FROM transaction WHERE id = '9'"), table, 'UTC')).toThrow(
      SuiteqlSyntaxError,
    );
    expect(() => runQuery(parseSuiteql('SELECT x.id FROM transaction t'), table, 'UTC')).toThrow(/Unknown identifier/);
    expect(() => runQuery(parseSuiteql('SELECT nope FROM transaction'), table, 'UTC')).toThrow(/was not found/);
  });
});
