import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError } from './query-language.js';

describe('parseQuery', () => {
  it('parses the incremental statement the connector sends', () => {
    expect(
      parseQuery(
        "select * from Invoice where Metadata.LastUpdatedTime >= '2026-01-01T00:00:00-08:00' orderby Metadata.LastUpdatedTime STARTPOSITION 1001 MAXRESULTS 1000",
      ),
    ).toEqual({
      count: false,
      entity: 'Invoice',
      where: [{ field: 'metadata.lastupdatedtime', op: '>=', values: ['2026-01-01T00:00:00-08:00'] }],
      orderBy: { field: 'metadata.lastupdatedtime', desc: false },
      startPosition: 1001,
      maxResults: 1000,
    });
  });

  it('reads COUNT(*), IN lists, LIKE, AND, booleans, escaped quotes and ORDER BY … DESC', () => {
    const q = parseQuery(
      "SELECT COUNT(*) FROM Customer WHERE Active IN (true, false) AND DisplayName LIKE 'O\\'Brien%' ORDER BY Id DESC",
    );
    expect(q).toMatchObject({
      count: true,
      entity: 'Customer',
      where: [
        { field: 'active', op: 'in', values: [true, false] },
        { field: 'displayname', op: 'like', values: ["O'Brien%"] },
      ],
      orderBy: { field: 'id', desc: true },
    });
  });

  it.each([
    ["select * from Invoice where Id = '1' or Id = '2'", '4000'],
    ['select Id from Invoice', '4000'],
    ['select * from Invoice MAXRESULTS 1001', '4001'],
    ['select * from Invoice STARTPOSITION 0', '4001'],
    ["select * from Invoice where DocNumber = 'open", '4000'],
    ['select * from Invoice where TotalAmt + 1 > 5', '4000'],
  ])('refuses %s (%s)', (statement, code) => {
    const error = (() => {
      try {
        parseQuery(statement);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).code).toBe(code);
  });
});
