import { addDays, dateToUtcMs } from './calendar.js';
import type { CompanyProfile } from './companies.js';
import { discountCentsFor, type LineDraft, totalsOf } from './lines.js';
import { BILL_EXPENSES } from './names.js';
import type { Rng } from './prng.js';
import type { SynthKind } from './types.js';

/** A product while the book is generated (prices in cents). */
export interface ProductDraft {
  sku: string;
  name: string;
  priceCents: number;
  costCents: number;
  tracked: boolean;
}

export interface EventDraft {
  atMs: number;
  type: 'created' | 'edited' | 'paid' | 'voided' | 'deleted' | 'refunded' | 'cancelled' | 'closed';
  amountCents?: number;
  lines?: LineDraft[];
}

export interface DocDraft {
  kind: SynthKind;
  /** Index into customers (sales documents) or vendors (bills, purchase orders). */
  partyIndex: number;
  date: string;
  dueDate: string | null;
  createdMs: number;
  locationIndex: number;
  lines: LineDraft[];
  nextLineSeq: number;
  events: EventDraft[];
}

/** What document generation needs to know about the company being generated. */
export interface GenContext {
  profile: CompanyProfile;
  products: readonly ProductDraft[];
  trackedIndexes: readonly number[];
  customers: number;
  vendors: number;
  locations: number;
  /** Zone offset (ms, local = utc + offset) of each day of the period, by day index. */
  offsets: readonly number[];
  startDate: string;
  days: number;
}

const HOUR_MS = 3_600_000;

/** Skewed pick: a few customers and products account for most activity, as in real books. */
function skewedIndex(rng: Rng, count: number): number {
  return Math.min(count - 1, Math.floor(count * rng.next() ** 1.6));
}

function skewedQuantity(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor((hi - lo + 1) * rng.next() ** 2);
}

/** A UTC instant on a local date: consumer sales 08:00-22:59, business activity 07:00-18:59. */
export function instantOnDay(ctx: GenContext, rng: Rng, dayIndex: number, consumer: boolean): number {
  const firstHour = consumer ? 8 : 7;
  const hours = consumer ? 15 : 12;
  const msOfDay = firstHour * HOUR_MS + Math.floor(rng.next() * hours * HOUR_MS);
  const date = addDays(ctx.startDate, dayIndex);
  return dateToUtcMs(date) + msOfDay - (ctx.offsets[dayIndex] ?? 0);
}

function saleLine(ctx: GenContext, rng: Rng, seq: number): LineDraft {
  const { sector, taxBp } = ctx.profile;
  const productIndex = skewedIndex(rng, ctx.products.length);
  const product = ctx.products[productIndex];
  if (!product) throw new RangeError('company has no products');
  const quantity = skewedQuantity(rng, sector.quantity[0], sector.quantity[1]);
  const discountCents = rng.chance(0.12)
    ? discountCentsFor(quantity * product.priceCents, rng.pick([5, 10, 15, 20]))
    : 0;
  return {
    seq,
    productIndex,
    sku: product.sku,
    description: product.name,
    quantity,
    unitCents: product.priceCents,
    discountCents,
    taxBp,
  };
}

function purchaseLine(ctx: GenContext, rng: Rng, seq: number, kind: 'bill' | 'purchase_order'): LineDraft {
  const { sector, taxBp } = ctx.profile;
  if (kind === 'bill' && rng.chance(0.3)) {
    const unitCents = Math.round(5000 + rng.next() ** 2 * 295_000);
    return {
      seq,
      productIndex: null,
      sku: null,
      description: rng.pick(BILL_EXPENSES),
      quantity: 1,
      unitCents,
      discountCents: 0,
      taxBp,
    };
  }
  const pool = ctx.trackedIndexes.length > 0 ? ctx.trackedIndexes : ctx.products.map((_, i) => i);
  const productIndex = rng.pick(pool);
  const product = ctx.products[productIndex];
  if (!product) throw new RangeError('company has no products');
  const quantity = skewedQuantity(rng, Math.max(1, sector.quantity[0] * 5), sector.quantity[1] * 5);
  return {
    seq,
    productIndex,
    sku: product.sku,
    description: product.name,
    quantity,
    unitCents: product.costCents,
    discountCents: 0,
    taxBp,
  };
}

function newDraft(
  kind: SynthKind,
  partyIndex: number,
  date: string,
  createdMs: number,
  locationIndex: number,
): DocDraft {
  return { kind, partyIndex, date, dueDate: null, createdMs, locationIndex, lines: [], nextLineSeq: 1, events: [] };
}

export function salesDocument(ctx: GenContext, rng: Rng, kind: SynthKind, dayIndex: number): DocDraft {
  const { sector, paymentTermsDays } = ctx.profile;
  const date = addDays(ctx.startDate, dayIndex);
  const location = rng.chance(0.7) ? 0 : rng.int(0, ctx.locations - 1);
  const draft = newDraft(
    kind,
    skewedIndex(rng, ctx.customers),
    date,
    instantOnDay(ctx, rng, dayIndex, sector.consumer),
    location,
  );
  const count = rng.int(sector.linesPerDoc[0], sector.linesPerDoc[1]);
  for (let i = 0; i < count; i++) draft.lines.push(saleLine(ctx, rng, draft.nextLineSeq++));
  if (kind === 'invoice') draft.dueDate = addDays(date, paymentTermsDays);
  return draft;
}

/** A credit note against an invoice a few days later (null when that falls after the period). */
export function creditNoteFor(ctx: GenContext, rng: Rng, invoice: DocDraft, dayIndex: number): DocDraft | null {
  const day = dayIndex + rng.int(1, 20);
  if (day >= ctx.days) return null;
  const source = rng.pick(invoice.lines);
  const draft = newDraft(
    'credit_note',
    invoice.partyIndex,
    addDays(ctx.startDate, day),
    instantOnDay(ctx, rng, day, false),
    invoice.locationIndex,
  );
  const quantity = rng.int(1, source.quantity);
  draft.lines.push({ ...source, seq: draft.nextLineSeq++, quantity, discountCents: 0 });
  return draft;
}

export function purchaseDocument(
  ctx: GenContext,
  rng: Rng,
  kind: 'bill' | 'purchase_order',
  dayIndex: number,
): DocDraft {
  const date = addDays(ctx.startDate, dayIndex);
  const draft = newDraft(kind, skewedIndex(rng, ctx.vendors), date, instantOnDay(ctx, rng, dayIndex, false), 0);
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) draft.lines.push(purchaseLine(ctx, rng, draft.nextLineSeq++, kind));
  draft.dueDate = addDays(date, kind === 'bill' ? rng.pick([14, 30, 30, 60]) : rng.int(5, 21));
  return draft;
}

/** The lines after one edit: a quantity changed, a line added or removed, or a price changed (never a no-op). */
export function editedLines(ctx: GenContext, rng: Rng, draft: DocDraft, current: readonly LineDraft[]): LineDraft[] {
  const lines = current.map((l) => ({ ...l }));
  const mode = rng.weighted([45, 20, 15, 20]);
  const target = lines[rng.int(0, lines.length - 1)];
  if (!target) return lines;
  if (mode === 1) {
    const added =
      draft.kind === 'bill' || draft.kind === 'purchase_order'
        ? purchaseLine(ctx, rng, draft.nextLineSeq++, draft.kind)
        : saleLine(ctx, rng, draft.nextLineSeq++);
    lines.push(added);
  } else if (mode === 2 && lines.length > 1) {
    lines.splice(lines.indexOf(target), 1);
  } else if (mode === 3) {
    const percent = rng.pick([-15, -10, -5, 5, 10, 15]);
    target.unitCents = Math.max(
      1,
      target.unitCents + discountCentsFor(target.unitCents, Math.abs(percent)) * Math.sign(percent),
    );
    target.discountCents = Math.min(target.discountCents, target.quantity * target.unitCents);
  } else {
    const delta = rng.pick([-2, -1, 1, 2]);
    target.quantity = Math.max(1, target.quantity + delta);
    target.discountCents = Math.min(target.discountCents, target.quantity * target.unitCents);
  }
  // An edit always changes the total, so tests and signals can see it (a no-op save is not an edit here).
  const first = lines[0];
  if (first && totalsOf(lines).total === totalsOf(current).total) first.quantity += 1;
  return lines;
}
