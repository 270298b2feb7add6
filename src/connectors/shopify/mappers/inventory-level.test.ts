import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CanonicalRecord, type InventoryLevel } from '../../../canonical/index.js';
import type { MapContext, MapResult } from '../../kit/mapper.js';
import { mapInventoryLevel } from './inventory-level.js';

const fixtures = new URL('../../../../../shared/fixtures/shopify/', import.meta.url);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as Record<string, unknown[]>;

const ctx: MapContext = {
  platform: 'shopify',
  connectionId: 'conn-shop',
  envelopeId: 'env_i',
  mappingVersion: 'shopify-2026.1',
  timeZone: 'America/New_York',
  baseCurrency: 'USD',
};

function one(result: MapResult): InventoryLevel {
  if (!('ok' in result)) throw new Error(`expected ok, got review ${JSON.stringify(result.review)}`);
  expect(result.ok).toHaveLength(1);
  const record = CanonicalRecord.parse(result.ok[0]);
  if (record.kind !== 'inventory_level') throw new Error(`expected an inventory level, got ${record.kind}`);
  return record;
}

const summary = (l: InventoryLevel) => [l.itemSourceId, l.locationId, l.quantity, l.asOf];

describe('mapInventoryLevel', () => {
  it('maps fixtures/shopify/inventory_levels_list.json', () => {
    const levels = (fixture('inventory_levels_list.json')['inventory_levels'] ?? []).map((l) =>
      one(mapInventoryLevel(l, ctx)),
    );
    expect(levels.map(summary)).toEqual([
      ['808950810', '487838322', '9', '2025-07-02T16:29:59.000Z'],
      ['39072856', '487838322', '27', '2025-07-02T16:29:59.000Z'],
      ['808950810', '655441491', '1', '2025-07-02T16:29:59.000Z'],
      ['39072856', '655441491', '3', '2025-07-02T16:29:59.000Z'],
    ]);
    expect(levels[0]?.id).toBe('inventory_level:conn-shop:808950810:487838322');
    expect(levels[0]?.source).toEqual({
      platform: 'shopify',
      connectionId: 'conn-shop',
      sourceId: '808950810:487838322',
      sourceUpdatedAt: '2025-07-02T16:29:59.000Z',
      sourceOffset: '-05:00',
    });
  });

  it('maps the older shape of fixtures/shopify/legacy_inventory_levels.json (no admin_graphql_api_id)', () => {
    const levels = (fixture('legacy_inventory_levels.json')['inventory_levels'] ?? []).map((l) =>
      one(mapInventoryLevel(l, ctx)),
    );
    expect(levels.map(summary)).toEqual([
      ['39072856', '487838322', '27', '2018-05-07T19:33:38.000Z'],
      ['808950810', '905684977', '1', '2018-05-07T19:33:38.000Z'],
      ['808950810', '487838322', '9', '2018-05-07T19:33:38.000Z'],
      ['39072856', '905684977', '3', '2018-05-07T19:33:38.000Z'],
    ]);
    expect(levels.every((l) => l.source.sourceOffset === '-04:00')).toBe(true);
  });

  it('emits nothing for an untracked level (available null) and keeps negative stock', () => {
    const base = { inventory_item_id: 1, location_id: 2, updated_at: '2026-01-01T00:00:00+00:00' };
    expect(mapInventoryLevel({ ...base, available: null }, ctx)).toEqual({ ok: [] });
    expect(one(mapInventoryLevel({ ...base, available: -3 }, ctx)).quantity).toBe('-3');
  });

  it('reviews wrong types and missing ids', () => {
    const base = { inventory_item_id: 1, location_id: 2, available: 5, updated_at: '2026-01-01T00:00:00Z' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, available: '5' }, 'available'],
      [{ ...base, available: 2.5 }, 'available'],
      [{ ...base, inventory_item_id: undefined }, 'inventory_item_id'],
      [{ ...base, location_id: 'abc' }, 'location_id'],
    ];
    for (const [raw, field] of cases) {
      const r = mapInventoryLevel(raw, ctx);
      expect('review' in r && r.review).toMatchObject({ code: 'LP_INPUT_SCHEMA', field });
    }
  });
});
