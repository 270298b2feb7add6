import { describe, expect, it } from 'vitest';
import { parseSuiteql } from './emulator/suiteql/parse.js';
import {
  compareTimeKeys,
  deletionsQuery,
  inventoryQuery,
  itemsQuery,
  SeenRows,
  transactionsQuery,
  wallClockMinus,
} from './queries.js';

describe('SuiteQL the connector sends', () => {
  it('pages transactions by keyset on (lastmodifieddate, id), ordered by the same unique key', () => {
    expect(transactionsQuery('CustInvc', { at: '2026-01-02 03:04:05', id: '77' }, null)).toBe(
      "SELECT t.id, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodified FROM transaction t WHERE t.type = 'CustInvc' AND (t.lastmodifieddate > TO_TIMESTAMP('2026-01-02 03:04:05', 'YYYY-MM-DD HH24:MI:SS') OR (t.lastmodifieddate = TO_TIMESTAMP('2026-01-02 03:04:05', 'YYYY-MM-DD HH24:MI:SS') AND t.id > 77)) ORDER BY t.lastmodifieddate, t.id",
    );
    expect(transactionsQuery('PurchOrd', null, '2026-01-02 00:00:00')).toContain(
      "t.lastmodifieddate >= TO_TIMESTAMP('2026-01-02 00:00:00', 'YYYY-MM-DD HH24:MI:SS')",
    );
    expect(transactionsQuery('SalesOrd', null, null)).toBe(
      "SELECT t.id, TO_CHAR(t.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lastmodified FROM transaction t WHERE t.type = 'SalesOrd' ORDER BY t.lastmodifieddate, t.id",
    );
  });

  it('every query shape parses under the emulator grammar (the contract both sides keep)', () => {
    const key = { at: '2026-01-02 03:04:05', id: '9' };
    for (const q of [
      transactionsQuery('VendBill', key, null),
      transactionsQuery('VendBill', null, '2026-01-01 00:00:00'),
      deletionsQuery('vendorbill', key, null),
      deletionsQuery('invoice', null, null),
      itemsQuery(key, null),
      itemsQuery(null, '2026-01-01 00:00:00'),
      inventoryQuery({ item: '5', location: '2' }),
      inventoryQuery(null),
    ]) {
      expect(() => parseSuiteql(q)).not.toThrow();
    }
  });

  it('refuses values that could escape the literal (no SQL injection through a cursor)', () => {
    expect(() => transactionsQuery('CustInvc', { at: "2026-01-01 00:00:00') OR 1=1 --", id: '1' }, null)).toThrow(
      RangeError,
    );
    expect(() => transactionsQuery('CustInvc', { at: '2026-01-01 00:00:00', id: '1 OR 1=1' }, null)).toThrow(
      RangeError,
    );
    expect(() => deletionsQuery("invoice' OR 'a'='a", null, null)).toThrow(RangeError);
    expect(() => inventoryQuery({ item: '1)', location: '2' })).toThrow(RangeError);
  });

  it('moves a wall clock back across midnight and month ends without a zone', () => {
    expect(wallClockMinus('2026-03-01 00:05:00', 10 * 60_000)).toBe('2026-02-28 23:55:00');
    expect(wallClockMinus('2026-01-01 00:00:00', 1000)).toBe('2025-12-31 23:59:59');
  });

  it('orders keys as ORDER BY ts, id does (ids numerically)', () => {
    expect(compareTimeKeys({ at: '2026-01-01 00:00:00', id: '9' }, { at: '2026-01-01 00:00:00', id: '10' })).toBe(-1);
    expect(compareTimeKeys({ at: '2026-01-01 00:00:01', id: '1' }, { at: '2026-01-01 00:00:00', id: '10' })).toBe(1);
  });

  it('SeenRows takes a (key, version) once', () => {
    const seen = new SeenRows();
    expect(seen.take('1', 'a', '2026-01-01 00:00:00')).toBe(true);
    expect(seen.take('1', 'a', '2026-01-01 00:00:00')).toBe(false);
    expect(seen.take('1', 'b', '2026-01-01 00:00:01')).toBe(true);
  });
});
