import type { Rng } from './prng.js';

/** Fake names. E-mail addresses use the reserved example.* domains so none can reach a real person. */
const FIRST = [
  'Amelia',
  'Ben',
  'Chloe',
  'Daniel',
  'Eva',
  'Felix',
  'Grace',
  'Hugo',
  'Isla',
  'Jack',
  'Kai',
  'Lena',
  'Mateo',
  'Nora',
  'Oscar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Umar',
  'Vera',
  'Will',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aiden',
  'Bea',
  'Carlos',
  'Dana',
  'Elif',
  'Finn',
  'Gia',
  'Hana',
  'Ivan',
  'Jade',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
] as const;

const LAST = [
  'Adams',
  'Baker',
  'Chen',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Murphy',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quinlan',
  'Rossi',
  'Schmidt',
  'Taylor',
  'Umeh',
  'Varga',
  'Walsh',
  'Xu',
  'Young',
  'Zimmer',
  'Brooks',
  'Clarke',
  'Dixon',
  'Ellis',
  'Foster',
  'Grant',
  'Hayes',
  'Irwin',
  'Kerr',
  'Lam',
  'Moreau',
  'Novak',
  'Owens',
  'Price',
  'Reid',
  'Silva',
  'Tran',
  'Vos',
  'Weber',
  'Yates',
] as const;

const FIRM_WORDS = [
  'Harbor',
  'Summit',
  'Maple',
  'Granite',
  'Bluebird',
  'Cedar',
  'Northwind',
  'Silverline',
  'Oakridge',
  'Riverbend',
  'Brightwater',
  'Ironwood',
  'Lakeside',
  'Pinecrest',
  'Redfern',
  'Stonebridge',
  'Sunrise',
  'Westfield',
  'Copper',
  'Evergreen',
  'Foxglove',
  'Highland',
  'Juniper',
  'Kestrel',
  'Meadow',
  'Orchard',
  'Pioneer',
  'Quarry',
  'Saffron',
] as const;

const FIRM_NOUNS = [
  'Trading',
  'Supply',
  'Works',
  'Partners',
  'Group',
  'Goods',
  'Studio',
  'Foods',
  'Logistics',
  'Holdings',
  'Labs',
  'Outfitters',
  'Services',
  'Collective',
  'Industries',
  'Kitchen',
  'Provisions',
  'Systems',
  'Co-op',
  'Traders',
] as const;

const PRODUCT_ADJECTIVES = [
  'Classic',
  'Premium',
  'Standard',
  'Deluxe',
  'Eco',
  'Compact',
  'Large',
  'Small',
  'Heavy Duty',
  'Organic',
  'Pro',
] as const;

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

/** A business name such as "Cedar Foods Ltd"; the suffix follows the country's customs. */
export function firmName(rng: Rng, suffix: string): string {
  const base = rng.chance(0.3) ? `${rng.pick(LAST)} & ${rng.pick(LAST)}` : rng.pick(FIRM_WORDS);
  return `${base} ${rng.pick(FIRM_NOUNS)} ${suffix}`;
}

export function emailFor(rng: Rng, name: string, serial: number): string {
  return `${slug(name).replace(/-/g, '.')}.${serial}@${rng.pick(EMAIL_DOMAINS)}`;
}

export function productName(rng: Rng, words: readonly string[]): string {
  return `${rng.pick(PRODUCT_ADJECTIVES)} ${rng.pick(words)}`;
}

export const LOCATION_NAMES = ['Main Warehouse', 'Downtown Store', 'East Depot', 'Airport Outlet'] as const;

export const BILL_EXPENSES = ['Rent', 'Electricity', 'Freight', 'Insurance', 'Software Subscription', 'Cleaning'];
