import { add, round, sub } from '../../canonical/money.js';
import type { DocumentState, DocumentStatus, SynthDocument, SynthLine } from './types.js';

interface Totals {
  subtotal: string;
  discountTotal: string;
  taxTotal: string;
  total: string;
}

// Totals of edited line sets are computed once per line array (emulators call documentAt often).
const totalsCache = new WeakMap<readonly SynthLine[], Totals>();

/** Document totals from lines, with the rule of SynthDocument: total = subtotal - discount + tax. */
export function totalsOfLines(lines: readonly SynthLine[]): Totals {
  let totals = totalsCache.get(lines);
  if (!totals) {
    const gross = lines.map((l) => add(l.total, l.discount));
    const subtotal = round(add(...gross), 2);
    const discountTotal = round(add(...lines.map((l) => l.discount)), 2);
    const taxTotal = round(add(...lines.map((l) => l.tax)), 2);
    totals = { subtotal, discountTotal, taxTotal, total: round(add(sub(subtotal, discountTotal), taxTotal), 2) };
    totalsCache.set(lines, totals);
  }
  return totals;
}

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Instants compare as strings only in one format (UTC, ms, Z); anything else is rewritten to it. */
export function normalizeInstant(at: string): string {
  if (CANONICAL_INSTANT.test(at)) return at;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${JSON.stringify(at)}`);
  return new Date(ms).toISOString();
}

/** Refund ids: the document id followed by a two-digit refund sequence (unique within a company). */
export function refundId(docId: string, sequence: number): string {
  return `${docId}${String(sequence).padStart(2, '0')}`;
}

/**
 * The state of a document as seen at instant `at`: its events up to and including `at` applied in
 * order. `version` counts the applied events (1 = as created); `updatedAt` is the last one's time.
 * Status: created -> 'open'; 'paid' -> 'paid'; 'closed' -> 'closed'; 'voided' -> 'void';
 * 'cancelled' -> 'cancelled'; 'deleted' -> 'deleted' (final). 'edited' replaces lines and totals;
 * 'refunded' appends a refund and leaves the status alone. Undefined before the document exists.
 */
export function documentAt(doc: SynthDocument, atInstant: string): DocumentState | undefined {
  const at = normalizeInstant(atInstant);
  if (doc.createdAt > at) return undefined;
  let status: DocumentStatus = 'open';
  let lines = doc.lines;
  let totals: Totals = doc;
  let updatedAt = doc.createdAt;
  let version = 0;
  let cancelledAt: string | null = null;
  let deletedAt: string | null = null;
  let voidedAt: string | null = null;
  const refunds: DocumentState['refunds'] = [];
  for (const event of doc.events) {
    if (event.at > at) break;
    version++;
    updatedAt = event.at;
    switch (event.type) {
      case 'created':
        break;
      case 'edited':
        if (event.lines) {
          lines = event.lines;
          totals = totalsOfLines(lines);
        }
        break;
      case 'paid':
        if (status === 'open') status = 'paid';
        break;
      case 'closed':
        if (status === 'open' || status === 'paid') status = 'closed';
        break;
      case 'voided':
        status = 'void';
        voidedAt = event.at;
        break;
      case 'cancelled':
        status = 'cancelled';
        cancelledAt = event.at;
        break;
      case 'deleted':
        status = 'deleted';
        deletedAt = event.at;
        break;
      case 'refunded':
        refunds.push({ id: refundId(doc.id, refunds.length + 1), at: event.at, amount: event.amount ?? '0.00' });
        break;
    }
  }
  return {
    doc,
    updatedAt,
    version: Math.max(1, version),
    status,
    lines,
    subtotal: totals.subtotal,
    discountTotal: totals.discountTotal,
    taxTotal: totals.taxTotal,
    total: totals.total,
    refunds,
    cancelledAt,
    deletedAt,
    voidedAt,
  };
}
