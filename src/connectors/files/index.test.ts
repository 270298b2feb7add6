import { describe, expect, it } from 'vitest';
import type { StreamContext } from '../kit/define.js';
import { connector, fileMappers, mapperFor } from './index.js';

describe('files connector', () => {
  it('is a valid connector with a mapper for every object it produces', () => {
    expect(connector.platform).toBe('files');
    expect(connector.mappingVersion).toBe('files-2026.1');
    for (const s of connector.streams) expect(connector.mappers[s.object]).toBeTypeOf('function');
    expect(Object.keys(fileMappers).sort()).toEqual([
      'csv',
      'csv:quickbooks-invoices',
      'csv:shopify-orders',
      'csv:xero-invoices',
      'ubl',
      'x12',
    ]);
    expect(mapperFor('csv:my-saved-profile')).toBe(mapperFor('csv'));
    expect(mapperFor('csv')).toBeTypeOf('function');
    expect(mapperFor('edifact')).toBeUndefined();
  });

  it('has a drop stream that reads nothing: files arrive by ingest', async () => {
    const pages = [];
    for await (const page of connector.streams[0]?.read({} as StreamContext, null) ?? []) pages.push(page);
    expect(pages).toEqual([]);
  });
});
