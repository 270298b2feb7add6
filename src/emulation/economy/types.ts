/**
 * Types of the synthetic economy, exactly as notes/economy-api.md publishes them. Emulators import
 * these through economy/index.ts only.
 */
export type ApiPlatform = 'shopify' | 'quickbooks' | 'xero' | 'netsuite';
export type SizeBand = 'micro' | 'small' | 'medium' | 'large';

export interface EconomyConfig {
  seed: number;
  companies: number;
  /** First calendar date of the period (a Monday by default). */
  startDate: string;
  days: number;
  platforms: ApiPlatform[];
  volumeScale: number;
  reportingCurrency: string;
}

export interface CompanySpec {
  id: string;
  index: number;
  platform: ApiPlatform;
  account: string;
  legalName: string;
  naics: string;
  sectorName: string;
  country: string;
  currency: string;
  timeZone: string;
  sizeBand: SizeBand;
}

export interface SynthParty {
  id: string;
  role: 'customer' | 'vendor';
  name: string;
  email: string;
  country: string;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

export interface SynthProduct {
  id: string;
  sku: string;
  name: string;
  price: string;
  cost: string;
  tracked: boolean;
  createdAt: string;
  updatedAt: string;
  variantId: string;
  inventoryItemId: string;
}

export interface SynthLocation {
  id: string;
  name: string;
}

export interface SynthLine {
  lineId: string;
  productId: string | null;
  sku: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxRate: string;
  tax: string;
  /** quantity * unitPrice - discount, excluding tax. */
  total: string;
}

export type SynthKind = 'invoice' | 'credit_note' | 'bill' | 'purchase_order' | 'sales_order';

export type SynthEventType = 'created' | 'edited' | 'paid' | 'voided' | 'deleted' | 'refunded' | 'cancelled' | 'closed';

export interface SynthEvent {
  at: string;
  type: SynthEventType;
  /** 'paid': the amount paid; 'refunded': the amount refunded. */
  amount?: string;
  /** 'edited' only: every line of the document after the edit (an addition to economy-api.md). */
  lines?: SynthLine[];
}

/**
 * Totals: subtotal = sum(quantity * unitPrice); discountTotal = sum(discount); taxTotal = sum(tax);
 * total = subtotal - discountTotal + taxTotal. All 2dp decimal strings in `currency`.
 */
export interface SynthDocument {
  id: string;
  kind: SynthKind;
  number: string;
  partyId: string;
  date: string;
  dueDate: string | null;
  currency: string;
  lines: SynthLine[];
  subtotal: string;
  discountTotal: string;
  taxTotal: string;
  total: string;
  createdAt: string;
  events: SynthEvent[];
}

export type DocumentStatus = 'open' | 'paid' | 'void' | 'deleted' | 'cancelled' | 'closed';

export interface DocumentState {
  doc: SynthDocument;
  updatedAt: string;
  version: number;
  status: DocumentStatus;
  lines: SynthLine[];
  subtotal: string;
  discountTotal: string;
  taxTotal: string;
  total: string;
  refunds: { id: string; at: string; amount: string }[];
  cancelledAt: string | null;
  deletedAt: string | null;
  voidedAt: string | null;
}

export interface InventoryLevelAt {
  productId: string;
  locationId: string;
  quantity: string;
  updatedAt: string;
}

export interface CompanyBook {
  spec: CompanySpec;
  customers: SynthParty[];
  vendors: SynthParty[];
  products: SynthProduct[];
  locations: SynthLocation[];
  /** Sorted by createdAt. */
  documents: SynthDocument[];
  inventoryAt(at: string): InventoryLevelAt[];
}

export interface Economy {
  readonly config: EconomyConfig;
  readonly companies: readonly CompanySpec[];
  companiesOn(platform: ApiPlatform): readonly CompanySpec[];
  byAccount(platform: ApiPlatform, account: string): CompanySpec | undefined;
  company(id: string): CompanyBook;
  fxRate(date: string, currency: string, reporting?: string): string;
  readonly endAt: string;
}
