import type { Rng } from './prng.js';
import type { InventoryLevelAt } from './types.js';

interface Pair {
  productIndex: number;
  locationIndex: number;
  quantity: number;
  /** The level at the start of the period. */
  opening: number;
  reorderAt: number;
  target: number;
  changed: boolean;
  /** Instants (ms) at which the level changed, ascending, and the level from then on. */
  times: number[];
  levels: number[];
}

/**
 * On-hand quantity of each tracked product at each location. Sales (the quantities of sales
 * documents as created; later edits, cancellations and refunds are not returned to stock) draw
 * the level down, never below zero; at the end of a local day a level under a quarter of its
 * target is restocked to the target. Levels are recorded once per local day, at 23:30, when they
 * changed. This is a model of its own, not reconciled with purchase orders or bills.
 */
export class InventoryLedger {
  private readonly pairs: Pair[] = [];
  private readonly byKey = new Map<number, Pair>();
  private readonly dirty: Pair[] = [];

  constructor(rng: Rng, tracked: readonly { productIndex: number; meanQuantity: number }[], locations: number) {
    for (const { productIndex, meanQuantity } of tracked) {
      for (let locationIndex = 0; locationIndex < locations; locationIndex++) {
        const target = rng.int(20, 120) * Math.max(1, Math.ceil(meanQuantity));
        const opening = rng.int(Math.ceil(target / 2), target);
        const pair: Pair = {
          productIndex,
          locationIndex,
          quantity: opening,
          opening,
          reorderAt: Math.floor(target / 4),
          target,
          changed: false,
          times: [],
          levels: [],
        };
        this.pairs.push(pair);
        this.byKey.set(productIndex * 64 + locationIndex, pair);
      }
    }
  }

  sell(productIndex: number, locationIndex: number, quantity: number): void {
    const pair = this.byKey.get(productIndex * 64 + locationIndex);
    if (!pair || quantity <= 0) return;
    pair.quantity = Math.max(0, pair.quantity - quantity);
    if (!pair.changed) {
      pair.changed = true;
      this.dirty.push(pair);
    }
  }

  /** Closes a local day: restocks the low levels that sold today and records every change. */
  endOfDay(atMs: number): void {
    for (const pair of this.dirty) {
      if (pair.quantity < pair.reorderAt) pair.quantity = pair.target;
      pair.times.push(atMs);
      pair.levels.push(pair.quantity);
      pair.changed = false;
    }
    this.dirty.length = 0;
  }

  /** A point-in-time view; before its first change a level shows its opening quantity, stamped `initialAt`. */
  snapshot(
    productId: (index: number) => string,
    locationId: (index: number) => string,
    initialAt: (productIndex: number) => string,
  ): (at: string) => InventoryLevelAt[] {
    const pairs = this.pairs;
    return (at: string): InventoryLevelAt[] => {
      const atMs = Date.parse(at);
      return pairs.map((pair) => {
        const k = lastAtOrBefore(pair.times, atMs);
        const level = k < 0 ? pair.opening : (pair.levels[k] ?? 0);
        const updatedAt = k < 0 ? initialAt(pair.productIndex) : new Date(pair.times[k] ?? 0).toISOString();
        return {
          productId: productId(pair.productIndex),
          locationId: locationId(pair.locationIndex),
          quantity: String(level),
          updatedAt,
        };
      });
    };
  }
}

function lastAtOrBefore(times: readonly number[], atMs: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Number.POSITIVE_INFINITY) <= atMs) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
