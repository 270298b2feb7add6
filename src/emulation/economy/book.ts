import { addDays, dateToUtcMs, toInstant, zoneOffsetMs } from './calendar.js';
import { type CompanyProfile, companyProfile } from './companies.js';
import { BILL_RATIO, expectedPurchases, expectedSales, PURCHASE_ORDER_RATIO } from './demand.js';
import { creditNoteFor, type DocDraft, type GenContext, purchaseDocument, salesDocument } from './documents.js';
import { lifecycle } from './events.js';
import { finishDocument } from './finish.js';
import { InventoryLedger } from './inventory.js';
import { createMasterData } from './master-data.js';
import { Rng } from './prng.js';
import type { CompanyBook, CompanySpec, EconomyConfig, SynthKind } from './types.js';

const HOUR_MS = 3_600_000;
const offsetCache = new Map<string, readonly number[]>();

/** The zone offset of each day of the period at local noon (shared by companies in one zone). */
function dailyOffsets(startDate: string, days: number, timeZone: string): readonly number[] {
  const key = `${timeZone}|${startDate}|${days}`;
  let offsets = offsetCache.get(key);
  if (!offsets) {
    const list: number[] = [];
    for (let d = 0; d < days; d++) {
      const noon = dateToUtcMs(addDays(startDate, d)) + 12 * HOUR_MS;
      list.push(zoneOffsetMs(noon - zoneOffsetMs(noon, timeZone), timeZone));
    }
    offsets = list;
    offsetCache.set(key, offsets);
  }
  return offsets;
}

/** Share of a credit note per invoice (QuickBooks and Xero books only). */
const CREDIT_NOTE_RATE = 0.04;
/** Share of NetSuite sales documents that are invoices (the rest are sales orders). */
const NETSUITE_INVOICE_SHARE = 0.6;

function salesKind(profile: CompanyProfile, rng: Rng): SynthKind {
  switch (profile.spec.platform) {
    case 'shopify':
      return 'sales_order';
    case 'netsuite':
      return rng.chance(NETSUITE_INVOICE_SHARE) ? 'invoice' : 'sales_order';
    default:
      return 'invoice';
  }
}

/**
 * Generates one company's book from its own PRNG streams (seed + company id + purpose): master
 * data, then the period day by day (sales, credit notes, bills, purchase orders, inventory),
 * then lifecycle events; documents are sorted by creation and given ids in that order.
 */
export function generateBook(config: EconomyConfig, spec: CompanySpec): CompanyBook {
  const profile = companyProfile(config.seed, spec);
  const master = createMasterData(config, profile);
  const offsets = dailyOffsets(config.startDate, config.days, spec.timeZone);
  const ctx: GenContext = {
    profile,
    products: master.productDrafts,
    trackedIndexes: master.productDrafts.flatMap((p, i) => (p.tracked ? [i] : [])),
    customers: master.customers.length,
    vendors: master.vendors.length,
    locations: master.locations.length,
    offsets,
    startDate: config.startDate,
    days: config.days,
  };
  const meanQuantity = (profile.sector.quantity[0] + profile.sector.quantity[1]) / 2;
  const ledger = new InventoryLedger(
    Rng.of(config.seed, spec.id, 'inventory'),
    ctx.trackedIndexes.map((productIndex) => ({ productIndex, meanQuantity })),
    ctx.locations,
  );
  const docRng = Rng.of(config.seed, spec.id, 'documents');
  const eventRng = Rng.of(config.seed, spec.id, 'events');
  const drafts: DocDraft[] = [];
  const add = (draft: DocDraft): void => {
    draft.events = lifecycle(ctx, eventRng, draft, spec.platform);
    drafts.push(draft);
  };
  const purchases = spec.platform !== 'shopify';
  const creditNotes = spec.platform === 'quickbooks' || spec.platform === 'xero';

  for (let day = 0; day < config.days; day++) {
    const date = addDays(config.startDate, day);
    const sales = docRng.poisson(expectedSales(profile, date, day, config.volumeScale));
    for (let i = 0; i < sales; i++) {
      const draft = salesDocument(ctx, docRng, salesKind(profile, docRng), day);
      for (const line of draft.lines) {
        if (line.productIndex !== null) ledger.sell(line.productIndex, draft.locationIndex, line.quantity);
      }
      add(draft);
      if (creditNotes && docRng.chance(CREDIT_NOTE_RATE)) {
        const note = creditNoteFor(ctx, docRng, draft, day);
        if (note) add(note);
      }
    }
    if (purchases) {
      const bills = docRng.poisson(expectedPurchases(profile, date, day, config.volumeScale, BILL_RATIO));
      for (let i = 0; i < bills; i++) add(purchaseDocument(ctx, docRng, 'bill', day));
      const orders = docRng.poisson(expectedPurchases(profile, date, day, config.volumeScale, PURCHASE_ORDER_RATIO));
      for (let i = 0; i < orders; i++) add(purchaseDocument(ctx, docRng, 'purchase_order', day));
    }
    ledger.endOfDay(dateToUtcMs(date) + 23.5 * HOUR_MS - (offsets[day] ?? 0));
  }

  // Stable sort: documents created in the same millisecond keep their generation order.
  drafts.sort((a, b) => a.createdMs - b.createdMs);
  const counters = new Map<SynthKind, number>();
  const documents = drafts.map((draft, position) => {
    const n = (counters.get(draft.kind) ?? 0) + 1;
    counters.set(draft.kind, n);
    return finishDocument(draft, master, String(master.nextId + position), n, spec);
  });

  const productIds = master.products.map((p) => p.id);
  const locationIds = master.locations.map((l) => l.id);
  return {
    spec,
    customers: master.customers,
    vendors: master.vendors,
    products: master.products,
    locations: master.locations,
    documents,
    inventoryAt: ledger.snapshot(
      (i) => productIds[i] ?? '',
      (i) => locationIds[i] ?? '',
      (i) => master.products[i]?.createdAt ?? toInstant(dateToUtcMs(config.startDate)),
    ),
  };
}
