import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from './link-header.js';

const next = 'https://shop.myshopify.com/admin/api/2026-07/orders.json?limit=250&page_info=eyJuZXh0In0';
const prev = 'https://shop.myshopify.com/admin/api/2026-07/orders.json?limit=250&page_info=eyJwcmV2In0';

describe('parseLinkHeader', () => {
  it('reads next then previous by rel', () => {
    expect(parseLinkHeader(`<${next}>; rel="next", <${prev}>; rel="previous"`)).toEqual({ next, previous: prev });
  });

  it('reads previous then next by rel, not by position', () => {
    expect(parseLinkHeader(`<${prev}>; rel="previous", <${next}>; rel="next"`)).toEqual({ next, previous: prev });
  });

  it('reads a single rel and the fixture shapes', () => {
    const header =
      '<https://example-shop.myshopify.com/admin/api/2024-10/products.json?limit=2&page_info=FOOBAR>; rel="next"';
    expect(parseLinkHeader(header)).toEqual({
      next: 'https://example-shop.myshopify.com/admin/api/2024-10/products.json?limit=2&page_info=FOOBAR',
    });
    expect(parseLinkHeader(`<${prev}>; rel="previous"`)).toEqual({ previous: prev });
  });

  it('gives {} for a missing or empty header', () => {
    expect(parseLinkHeader(undefined)).toEqual({});
    expect(parseLinkHeader('')).toEqual({});
    expect(parseLinkHeader('garbage without brackets')).toEqual({});
  });

  it('accepts unquoted rels, other params, extra whitespace, line folds and several rel values', () => {
    const header = `<${next}> ;  title="p2"; REL=next ,\n      <${prev}>; rel="prev first"; type="application/json"`;
    expect(parseLinkHeader(header)).toEqual({ next, prev, first: prev });
  });

  it('keeps commas and semicolons inside the URL', () => {
    const url = 'https://api.example.com/items?ids=1,2,3&x=a;b';
    expect(parseLinkHeader(`<${url}>; rel="next"`)).toEqual({ next: url });
  });

  it('ignores entries without a rel and keeps the first of a repeated rel', () => {
    expect(parseLinkHeader(`<${prev}>; title="x", <${next}>; rel="next", <${prev}>; rel="next"`)).toEqual({ next });
  });
});
