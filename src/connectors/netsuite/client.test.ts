import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SuiteqlPageSchema } from './client.js';

const FIXTURES = new URL('../../../../shared/fixtures/netsuite/', import.meta.url);

describe('SuiteqlPageSchema', () => {
  it('reads the real SuiteQL response fixture', () => {
    const page = SuiteqlPageSchema.parse(JSON.parse(readFileSync(new URL('suiteql_response.json', FIXTURES), 'utf8')));
    expect(page.count).toBe(2);
    expect(page.hasMore).toBe(false);
    expect(page.offset).toBe(0);
    expect(page.totalResults).toBe(2);
    expect(page.links).toEqual([
      { rel: 'self', href: 'https://1234567.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql' },
    ]);
    expect(page.items.map((r) => [r['id'], r['col2']])).toEqual([
      ['id_01', 'value_12'],
      ['id_02', 'value_222'],
    ]);
    expect(page.items.every((r) => Array.isArray(r['links']) && (r['links'] as unknown[]).length === 0)).toBe(true);
  });

  it('refuses a page without hasMore (the paging contract changed)', () => {
    expect(SuiteqlPageSchema.safeParse({ links: [], count: 0, items: [], offset: 0, totalResults: 0 }).success).toBe(
      false,
    );
  });
});
