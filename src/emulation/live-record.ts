import type { CanonicalKind } from '../canonical/index.js';

/**
 * One record an emulator holds live for a company, named the way its connector stores it: the
 * canonical kind the connector maps it to, the platform's own id (as the emulator renders it), the
 * source updated-at the connector would read (UTC ISO with ms, at the platform's precision), and
 * the canonical status value the platform's rendering implies (e.g. `void`, `cancelled`, `open`).
 * Reconciliation compares the canonical store with these.
 */
export interface LiveRecord {
  readonly kind: CanonicalKind;
  readonly sourceId: string;
  readonly sourceUpdatedAt: string;
  readonly status: string;
}
