import { firmName } from './names.js';
import { Rng } from './prng.js';
import { SECTORS, type SectorProfile, sectorOf } from './sectors.js';
import type { ApiPlatform, CompanySpec, EconomyConfig, SizeBand } from './types.js';

interface Locale {
  country: string;
  currency: string;
  zones: readonly string[];
  weight: number;
  suffixes: readonly string[];
  /** Sales-tax / VAT / GST rates in basis points a company of this country may charge. */
  taxBp: readonly number[];
}

const LOCALES: readonly Locale[] = [
  {
    country: 'US',
    currency: 'USD',
    zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    weight: 40,
    suffixes: ['Inc.', 'LLC', 'Corp.'],
    taxBp: [0, 600, 725, 825, 887],
  },
  {
    country: 'CA',
    currency: 'CAD',
    zones: ['America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Halifax'],
    weight: 12,
    suffixes: ['Ltd.', 'Inc.'],
    taxBp: [500, 1300, 1500],
  },
  {
    country: 'GB',
    currency: 'GBP',
    zones: ['Europe/London'],
    weight: 15,
    suffixes: ['Ltd', 'LLP', 'plc'],
    taxBp: [2000],
  },
  { country: 'DE', currency: 'EUR', zones: ['Europe/Berlin'], weight: 7, suffixes: ['GmbH'], taxBp: [1900] },
  { country: 'FR', currency: 'EUR', zones: ['Europe/Paris'], weight: 5, suffixes: ['SARL', 'SAS'], taxBp: [2000] },
  { country: 'NL', currency: 'EUR', zones: ['Europe/Amsterdam'], weight: 4, suffixes: ['B.V.'], taxBp: [2100] },
  { country: 'IE', currency: 'EUR', zones: ['Europe/Dublin'], weight: 3, suffixes: ['Ltd'], taxBp: [2300] },
  {
    country: 'AU',
    currency: 'AUD',
    zones: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Perth'],
    weight: 14,
    suffixes: ['Pty Ltd'],
    taxBp: [1000],
  },
];

export const SIZE_BANDS: readonly SizeBand[] = ['micro', 'small', 'medium', 'large'];
const SIZE_WEIGHTS = [40, 32, 20, 8];

function localeOf(country: string): Locale {
  const locale = LOCALES.find((l) => l.country === country);
  if (!locale) throw new RangeError(`unknown country ${country}`);
  return locale;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** A version-4-shaped UUID from the PRNG (deterministic, not random). */
function uuidFrom(rng: Rng): string {
  const h = hex8(rng.uint32()) + hex8(rng.uint32()) + hex8(rng.uint32()) + hex8(rng.uint32());
  const variant = ((Number.parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function accountFor(platform: ApiPlatform, id: string, index: number, seed: number): string {
  switch (platform) {
    case 'shopify':
      return `shop-${id}.myshopify.com`;
    case 'quickbooks':
      // Realm ids are 16 digits; too large for a safe integer, so built as text.
      return `913035${pad(index + 1, 10)}`;
    case 'xero':
      // Its own stream, so a company's other traits do not depend on which platform it is on.
      return uuidFrom(Rng.of(seed, id, 'xero-tenant'));
    case 'netsuite':
      return `TSTDRV${pad(index + 1, 4)}`;
  }
}

/**
 * Sectors are dealt in blocks of one of each, shuffled per block, so every sector (the shocked one
 * included) is present even in a 12-company economy and sectors spread over all platforms.
 */
function sectorForIndex(seed: number, index: number): SectorProfile {
  const block = Math.floor(index / SECTORS.length);
  const order = SECTORS.map((_, i) => i);
  const rng = Rng.of(seed, 'sector-block', block);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tmp = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = tmp;
  }
  return SECTORS[order[index % SECTORS.length] ?? 0] ?? sectorOf('44');
}

export function companyIdOf(index: number): string {
  return `c${pad(index + 1, 4)}`;
}

/** The eager, cheap company list: a handful of draws per company, no documents. */
export function createCompanySpecs(config: EconomyConfig): CompanySpec[] {
  const specs: CompanySpec[] = [];
  for (let index = 0; index < config.companies; index++) {
    const id = companyIdOf(index);
    const rng = Rng.of(config.seed, id, 'spec');
    const platform = config.platforms[index % config.platforms.length] ?? 'shopify';
    const sector = sectorForIndex(config.seed, index);
    const locale = LOCALES[rng.weighted(LOCALES.map((l) => l.weight))] ?? localeOf('US');
    specs.push({
      id,
      index,
      platform,
      account: accountFor(platform, id, index, config.seed),
      legalName: firmName(rng, rng.pick(locale.suffixes)),
      naics: sector.naics,
      sectorName: sector.name,
      country: locale.country,
      currency: locale.currency,
      timeZone: rng.pick(locale.zones),
      sizeBand: SIZE_BANDS[rng.weighted(SIZE_WEIGHTS)] ?? 'micro',
    });
  }
  return specs;
}

/** Hidden traits of a company that shape its book; derived from the seed, never stored. */
export interface CompanyProfile {
  spec: CompanySpec;
  sector: SectorProfile;
  taxBp: number;
  /** Scales this company's demand around its size band's mean (0.7 .. 1.3). */
  demandFactor: number;
  growth: number;
  paymentTermsDays: number;
  customers: number;
  vendors: number;
  products: number;
  locations: number;
}

const PARTY_COUNTS: Record<SizeBand, readonly [number, number, number, number]> = {
  // customers, vendors, products, locations
  micro: [12, 3, 8, 1],
  small: [40, 6, 20, 1],
  medium: [120, 12, 50, 2],
  large: [300, 25, 120, 3],
};

export function companyProfile(seed: number, spec: CompanySpec): CompanyProfile {
  const rng = Rng.of(seed, spec.id, 'profile');
  const sector = sectorOf(spec.naics);
  const [customers, vendors, products, locations] = PARTY_COUNTS[spec.sizeBand];
  return {
    spec,
    sector,
    taxBp: rng.pick(localeOf(spec.country).taxBp),
    demandFactor: 0.7 + 0.6 * rng.next(),
    growth: sector.growth + (rng.next() - 0.5) * 0.06,
    paymentTermsDays: sector.consumer ? 0 : rng.pick([14, 30, 30, 45]),
    customers,
    vendors,
    products,
    locations,
  };
}
