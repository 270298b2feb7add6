import { dateToUtcMs } from './calendar.js';
import { type DocDraft, type EventDraft, editedLines, type GenContext } from './documents.js';
import { divHalfEven, type LineDraft, lineNetCents, lineTaxCents, totalsOf } from './lines.js';
import type { Rng } from './prng.js';
import type { ApiPlatform } from './types.js';

/**
 * Lifecycle rates. A document is deleted (1 %), or voided (2 %, invoices, credit notes and bills)
 * or cancelled (sales orders 3 %, purchase orders 2 %); 8 % of documents are edited once or
 * twice after creation, whatever their fate.
 */
export const LIFECYCLE_RATES = Object.freeze({
  deleted: 0.01,
  voided: 0.02,
  cancelledOrder: 0.03,
  cancelledPurchaseOrder: 0.02,
  edited: 0.08,
  secondEdit: 0.2,
  paid: 0.85,
  creditNoteApplied: 0.6,
  shopifyPaidAtCheckout: 0.97,
  refunded: 0.06,
  secondRefund: 0.1,
});

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function between(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.next() * (hi - lo));
}

function refundCents(rng: Rng, lines: readonly LineDraft[], remaining: number): number {
  if (rng.chance(0.5) || lines.length === 0) return remaining;
  const line = rng.pick(lines);
  const partial = lineNetCents(line) + lineTaxCents(line);
  return Math.max(1, Math.min(remaining, partial === 0 ? divHalfEven(remaining, 2) : partial));
}

/** Builds the events of one document, ordered by time, first 'created'. */
export function lifecycle(ctx: GenContext, rng: Rng, draft: DocDraft, platform: ApiPlatform): EventDraft[] {
  const { kind } = draft;
  const t0 = draft.createdMs;
  const events: EventDraft[] = [{ atMs: t0, type: 'created' }];
  let cursor = t0;
  const push = (event: EventDraft): void => {
    events.push(event);
    cursor = Math.max(cursor, event.atMs);
  };
  let lines = draft.lines;
  const total = (): number => totalsOf(lines).total;

  const deleted = rng.chance(LIFECYCLE_RATES.deleted);
  const voidable = kind === 'invoice' || kind === 'credit_note' || kind === 'bill';
  const voided = !deleted && voidable && rng.chance(LIFECYCLE_RATES.voided);
  const cancelRate =
    kind === 'sales_order'
      ? LIFECYCLE_RATES.cancelledOrder
      : kind === 'purchase_order'
        ? LIFECYCLE_RATES.cancelledPurchaseOrder
        : 0;
  const cancelled = !deleted && !voided && rng.chance(cancelRate);

  const shopifyOrder = kind === 'sales_order' && platform === 'shopify';
  const paidAtCheckout = shopifyOrder && !deleted && rng.chance(LIFECYCLE_RATES.shopifyPaidAtCheckout);
  if (paidAtCheckout) push({ atMs: t0 + between(rng, 1000, 90_000), type: 'paid', amountCents: total() });

  if (rng.chance(LIFECYCLE_RATES.edited)) {
    const edits = rng.chance(LIFECYCLE_RATES.secondEdit) ? 2 : 1;
    for (let i = 0; i < edits; i++) {
      lines = editedLines(ctx, rng, draft, lines);
      push({ atMs: cursor + between(rng, 10 * MINUTE_MS, 5 * DAY_MS), type: 'edited', lines });
    }
  }

  if (deleted) {
    push({ atMs: cursor + between(rng, 10 * MINUTE_MS, 30 * DAY_MS), type: 'deleted' });
  } else if (voided) {
    push({ atMs: cursor + between(rng, HOUR_MS, 15 * DAY_MS), type: 'voided' });
  } else if (cancelled) {
    push({ atMs: cursor + between(rng, 10 * MINUTE_MS, 2 * DAY_MS), type: 'cancelled' });
    if (paidAtCheckout) push({ atMs: cursor + 1000, type: 'refunded', amountCents: total() });
  } else {
    completion(rng, draft, events, cursor, total(), lines, platform);
  }
  events.sort((a, b) => a.atMs - b.atMs);
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1];
    const event = events[i];
    if (prev && event && event.atMs <= prev.atMs) event.atMs = prev.atMs + 1;
  }
  return events;
}

/** Payment, refunds and closing of a document that was neither deleted, voided nor cancelled. */
function completion(
  rng: Rng,
  draft: DocDraft,
  events: EventDraft[],
  cursor: number,
  totalCents: number,
  lines: readonly LineDraft[],
  platform: ApiPlatform,
): void {
  const t0 = draft.createdMs;
  const after = (ms: number): number => Math.max(ms, cursor + MINUTE_MS);
  switch (draft.kind) {
    case 'invoice':
    case 'bill': {
      if (!rng.chance(LIFECYCLE_RATES.paid)) return;
      const due = draft.dueDate ? dateToUtcMs(draft.dueDate) - dateToUtcMs(draft.date) : 0;
      const at = after(t0 + between(rng, HOUR_MS, due + 15 * DAY_MS + HOUR_MS));
      events.push({ atMs: at, type: 'paid', amountCents: totalCents });
      return;
    }
    case 'credit_note':
      if (rng.chance(LIFECYCLE_RATES.creditNoteApplied)) {
        events.push({ atMs: after(t0 + between(rng, DAY_MS, 30 * DAY_MS)), type: 'paid', amountCents: totalCents });
      }
      return;
    case 'purchase_order':
      if (rng.chance(0.75)) events.push({ atMs: after(t0 + between(rng, 5 * DAY_MS, 25 * DAY_MS)), type: 'closed' });
      return;
    case 'sales_order': {
      const shopify = platform === 'shopify';
      if (shopify && events.some((e) => e.type === 'paid') && rng.chance(LIFECYCLE_RATES.refunded)) {
        let remaining = totalCents;
        let at = cursor;
        const count = rng.chance(LIFECYCLE_RATES.secondRefund) ? 2 : 1;
        for (let i = 0; i < count && remaining > 0; i++) {
          const amount = refundCents(rng, lines, remaining);
          at = after(at + between(rng, DAY_MS, 30 * DAY_MS));
          events.push({ atMs: at, type: 'refunded', amountCents: amount });
          remaining -= amount;
        }
      }
      const closeRate = shopify ? 0.5 : 0.75;
      if (rng.chance(closeRate)) {
        events.push({ atMs: after(t0 + between(rng, 2 * DAY_MS, 20 * DAY_MS)), type: 'closed' });
      }
      return;
    }
  }
}
