/**
 * Industry profiles by two-digit NAICS sector: when customers buy (weekly and annual shape), how
 * fast the sector grows, and what a document looks like. The numbers are plausible, not measured.
 */
export interface SectorProfile {
  naics: string;
  name: string;
  /** Relative demand Monday..Sunday, normalised to mean 1 below. */
  weekly: readonly number[];
  /** Annual seasonality: demand multiplier 1 + amplitude * cos(2π (dayOfYear - peakDay) / 365). */
  annualAmplitude: number;
  peakDay: number;
  /** Yearly growth of demand, e.g. 0.05 = +5 %/year. */
  growth: number;
  /** Product list prices in cents. */
  priceCents: readonly [number, number];
  linesPerDoc: readonly [number, number];
  quantity: readonly [number, number];
  /** Consumers buy (person customers, evening hours) rather than businesses. */
  consumer: boolean;
  trackedShare: number;
  productWords: readonly string[];
}

const WEEKDAYS = [1.25, 1.25, 1.25, 1.25, 1.2, 0.3, 0.2];
const SHOPPING = [0.8, 0.8, 0.85, 0.9, 1.1, 1.35, 1.2];
const DINING = [0.7, 0.75, 0.85, 0.95, 1.3, 1.45, 1.0];

function normalised(weights: readonly number[]): number[] {
  const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
  return weights.map((w) => w / mean);
}

export const SECTORS: readonly SectorProfile[] = [
  {
    naics: '11',
    name: 'Agriculture, Forestry, Fishing and Hunting',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.35,
    peakDay: 270,
    growth: 0.01,
    priceCents: [1500, 45000],
    linesPerDoc: [1, 3],
    quantity: [1, 40],
    consumer: false,
    trackedShare: 0.9,
    productWords: ['Seed Mix', 'Feed Pellets', 'Fertilizer', 'Hay Bale', 'Timber Board', 'Fencing Wire', 'Mulch'],
  },
  {
    naics: '23',
    name: 'Construction',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.3,
    peakDay: 196,
    growth: 0.02,
    priceCents: [5000, 250000],
    linesPerDoc: [1, 4],
    quantity: [1, 10],
    consumer: false,
    trackedShare: 0.5,
    productWords: ['Concrete Mix', 'Drywall Panel', 'Site Labour Hour', 'Roofing Sheet', 'Rebar', 'Inspection'],
  },
  {
    naics: '31',
    name: 'Manufacturing',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.1,
    peakDay: 280,
    growth: 0.015,
    priceCents: [2500, 120000],
    linesPerDoc: [1, 5],
    quantity: [5, 200],
    consumer: false,
    trackedShare: 0.95,
    productWords: ['Bracket', 'Gear Assembly', 'Valve', 'Housing', 'Bearing', 'Control Board', 'Gasket'],
  },
  {
    naics: '42',
    name: 'Wholesale Trade',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.15,
    peakDay: 290,
    growth: 0.02,
    priceCents: [800, 30000],
    linesPerDoc: [2, 6],
    quantity: [10, 300],
    consumer: false,
    trackedShare: 1,
    productWords: ['Case of Pasta', 'Pallet Wrap', 'Detergent Drum', 'Canned Tomatoes', 'Paper Towels', 'Copy Paper'],
  },
  {
    naics: '44',
    name: 'Retail Trade',
    weekly: normalised(SHOPPING),
    annualAmplitude: 0.3,
    peakDay: 345,
    growth: 0.03,
    priceCents: [499, 14999],
    linesPerDoc: [1, 4],
    quantity: [1, 3],
    consumer: true,
    trackedShare: 0.95,
    productWords: ['Cotton T-Shirt', 'Ceramic Mug', 'Scented Candle', 'Leather Wallet', 'Desk Lamp', 'Yoga Mat'],
  },
  {
    naics: '48',
    name: 'Transportation and Warehousing',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.2,
    peakDay: 330,
    growth: 0.025,
    priceCents: [4000, 90000],
    linesPerDoc: [1, 3],
    quantity: [1, 12],
    consumer: false,
    trackedShare: 0.1,
    productWords: ['Pallet Storage Week', 'Freight Linehaul', 'Last Mile Delivery', 'Cross Dock', 'Fuel Surcharge'],
  },
  {
    naics: '51',
    name: 'Information',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.05,
    peakDay: 60,
    growth: 0.08,
    priceCents: [2900, 150000],
    linesPerDoc: [1, 2],
    quantity: [1, 25],
    consumer: false,
    trackedShare: 0,
    productWords: ['Software Licence', 'Hosting Plan', 'Support Hours', 'Data Feed', 'Ad Campaign'],
  },
  {
    naics: '54',
    name: 'Professional, Scientific, and Technical Services',
    weekly: normalised(WEEKDAYS),
    annualAmplitude: 0.12,
    peakDay: 75,
    growth: 0.04,
    priceCents: [9000, 40000],
    linesPerDoc: [1, 3],
    quantity: [1, 20],
    consumer: false,
    trackedShare: 0,
    productWords: ['Consulting Hour', 'Audit Fee', 'Design Review', 'Tax Filing', 'Lab Analysis', 'Survey'],
  },
  {
    naics: '62',
    name: 'Health Care and Social Assistance',
    weekly: normalised([1.2, 1.2, 1.2, 1.2, 1.1, 0.6, 0.2]),
    annualAmplitude: 0.08,
    peakDay: 20,
    growth: 0.035,
    priceCents: [4500, 60000],
    linesPerDoc: [1, 3],
    quantity: [1, 4],
    consumer: true,
    trackedShare: 0.3,
    productWords: ['Consultation', 'Physiotherapy Session', 'Dental Cleaning', 'Lab Panel', 'Home Care Visit'],
  },
  {
    naics: '72',
    name: 'Accommodation and Food Services',
    weekly: normalised(DINING),
    annualAmplitude: 0.25,
    peakDay: 196,
    growth: 0.03,
    priceCents: [350, 22000],
    linesPerDoc: [1, 5],
    quantity: [1, 4],
    consumer: true,
    trackedShare: 0.6,
    productWords: ['Room Night', 'Espresso', 'Lunch Menu', 'Bottle of Wine', 'Breakfast Buffet', 'Catering Tray'],
  },
];

export function sectorOf(naics: string): SectorProfile {
  const sector = SECTORS.find((s) => s.naics === naics);
  if (!sector) throw new RangeError(`unknown NAICS sector ${naics}`);
  return sector;
}
