import { dateToUtcMs, toInstant } from './calendar.js';
import type { CompanyProfile } from './companies.js';
import type { ProductDraft } from './documents.js';
import { formatCents } from './lines.js';
import { emailFor, firmName, LOCATION_NAMES, personName, productName } from './names.js';
import { Rng } from './prng.js';
import type { EconomyConfig, SynthLocation, SynthParty, SynthProduct } from './types.js';

export interface MasterData {
  customers: SynthParty[];
  vendors: SynthParty[];
  locations: SynthLocation[];
  products: SynthProduct[];
  productDrafts: ProductDraft[];
  /** First id free for documents: every id in a book comes from one counter, so ids never clash. */
  nextId: number;
}

const DAY_MS = 86_400_000;
const BUSINESS_SUFFIXES = ['Ltd', 'Inc.', 'LLC', 'Co.', 'Group'];

/** List prices: log-uniform in the sector's range; consumer prices end in .99, business prices are whole. */
function priceCents(rng: Rng, range: readonly [number, number], consumer: boolean): number {
  const raw = range[0] * (range[1] / range[0]) ** rng.next();
  const whole = Math.max(1, Math.floor(raw / 100));
  return consumer ? whole * 100 - 1 : whole * 100;
}

/**
 * Customers, vendors, locations and products. They all exist before the period starts (created
 * 1 to 365 days before it) and are never edited, so their updatedAt equals createdAt.
 */
export function createMasterData(config: EconomyConfig, profile: CompanyProfile): MasterData {
  const { spec, sector } = profile;
  const rng = Rng.of(config.seed, spec.id, 'master');
  const start = dateToUtcMs(config.startDate);
  let nextId = 1;
  const createdAt = (): string => toInstant(start - rng.int(1, 365) * DAY_MS + rng.int(0, DAY_MS - 1));

  const party = (role: 'customer' | 'vendor', serial: number): SynthParty => {
    const person = role === 'customer' && sector.consumer;
    const name = person ? personName(rng) : firmName(rng, rng.pick(BUSINESS_SUFFIXES));
    const at = createdAt();
    return {
      id: String(nextId++),
      role,
      name,
      email: emailFor(rng, name, serial),
      country: spec.country,
      currency: spec.currency,
      createdAt: at,
      updatedAt: at,
    };
  };
  const customers = Array.from({ length: profile.customers }, (_, i) => party('customer', i + 1));
  const vendors = Array.from({ length: profile.vendors }, (_, i) => party('vendor', i + 1));
  const locations = Array.from({ length: profile.locations }, (_, i) => ({
    id: String(nextId++),
    name: LOCATION_NAMES[i] ?? `Location ${i + 1}`,
  }));

  const products: SynthProduct[] = [];
  const productDrafts: ProductDraft[] = [];
  const seenNames = new Map<string, number>();
  for (let i = 0; i < profile.products; i++) {
    const base = productName(rng, sector.productWords);
    const seen = (seenNames.get(base) ?? 0) + 1;
    seenNames.set(base, seen);
    const name = seen === 1 ? base : `${base} ${seen}`;
    const price = priceCents(rng, sector.priceCents, sector.consumer);
    const cost = Math.max(1, Math.floor((price * rng.int(35, 70)) / 100));
    const tracked = rng.chance(sector.trackedShare);
    const sku = `P${sector.naics}-${String(i + 1).padStart(4, '0')}`;
    const draft: ProductDraft = { sku, name, priceCents: price, costCents: cost, tracked };
    const at = createdAt();
    productDrafts.push(draft);
    products.push({
      id: String(nextId++),
      sku,
      name,
      price: formatCents(price),
      cost: formatCents(cost),
      tracked,
      createdAt: at,
      updatedAt: at,
      variantId: String(nextId++),
      inventoryItemId: String(nextId++),
    });
  }
  return { customers, vendors, locations, products, productDrafts, nextId };
}
