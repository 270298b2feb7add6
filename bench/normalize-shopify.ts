/**
 * Shopify normalization rate: maps emulator-rendered order payloads (the same JSON the connector
 * stores) through the production path `normalizeEnvelopes` (parse, map, validate), on one core.
 * Prints documents per second per core. Run: npx tsx bench/normalize-shopify.ts [documents]
 */

import type { RawEnvelope } from '../src/canonical/index.js';
import { makeEnvelope } from '../src/connectors/kit/envelope.js';
import { startShopifyEmulator } from '../src/connectors/shopify/emulator/server.js';
import { connector } from '../src/connectors/shopify/index.js';
import { createEconomy } from '../src/emulation/economy/index.js';
import { normalizeEnvelopes } from '../src/pipeline/normalize.js';

const target = Number(process.argv[2] ?? 60_000);

async function samplePayloads(): Promise<string[]> {
  const economy = createEconomy({ seed: 7, companies: 8, platforms: ['shopify'], volumeScale: 0.5 });
  const emu = await startShopifyEmulator({ economy });
  const out: string[] = [];
  try {
    for (const c of economy.companiesOn('shopify')) {
      let url: string | null = `${emu.shopUrl(c.account)}/admin/api/2026-07/orders.json?status=any&limit=250`;
      const token = emu.credentialsFor(c.account)['access_token'] ?? '';
      while (url && out.length < 5000) {
        const res: Response = await fetch(url, { headers: { 'x-shopify-access-token': token } });
        const body = (await res.json()) as { orders: unknown[] };
        for (const o of body.orders) out.push(JSON.stringify(o));
        const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
        url = next?.[1] ?? null;
      }
    }
  } finally {
    await emu.close();
  }
  return out;
}

const payloads = await samplePayloads();
const envelopes: RawEnvelope[] = [];
for (let i = 0; i < target; i++) {
  const payload = payloads[i % payloads.length] ?? '{}';
  envelopes.push(
    makeEnvelope({
      platform: 'shopify',
      connectionId: `c${i % 50}`,
      account: `shop-${i % 50}`,
      object: 'orders',
      externalId: String(i),
      sourceVersion: String(i),
      sourceUpdatedAt: null,
      fetchedAt: '2026-12-01T00:00:00.000Z',
      contentType: 'application/json',
      payload,
      pageHash: null,
      runId: null,
    }),
  );
}
const company = {
  legalName: 'x',
  naics: '44',
  country: 'US',
  baseCurrency: 'USD',
  timeZone: 'America/New_York',
  sizeBand: 'small' as const,
};
const env = { connector: async () => connector, company: async () => company };
// Warm up the JIT, then measure in pages of 250 as the worker sees them.
await normalizeEnvelopes(envelopes.slice(0, 2000), env);
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let records = 0;
let reviews = 0;
for (let i = 0; i < envelopes.length; i += 250) {
  const r = await normalizeEnvelopes(envelopes.slice(i, i + 250), env);
  records += r.records.length;
  reviews += r.reviews.length;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const avgBytes = Math.round(payloads.reduce((a, p) => a + p.length, 0) / payloads.length);
console.log(`shopify normalization: ${envelopes.length} orders (avg ${avgBytes} bytes) in ${seconds.toFixed(2)} s`);
console.log(
  `  ${Math.round(envelopes.length / cpuSeconds)} documents per CPU-second on one core (wall clock: ${Math.round(envelopes.length / seconds)}/s); ${records} records, ${reviews} review items`,
);
