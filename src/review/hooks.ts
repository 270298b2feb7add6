import type { RawEnvelope } from '../canonical/index.js';
import type { BatchHooks, NormalizeResult, RecordOverlay } from '../pipeline/normalize.js';
import type { Clock } from '../ports/clock.js';
import type { CompanyStats, MappingRule, ReviewWorkflowStore } from '../ports/review-workflow.js';
import { createSuspiciousChecks, type SuspiciousCheckOptions } from './checks.js';
import { createDriftDetector, type DriftDetectorOptions } from './drift.js';
import { createOverlay } from './overlays.js';
import { createRuleEngine, type RuleEngine } from './rules.js';

type Mutable<T> = {
  -readonly [K in keyof T]: T[K] extends Readonly<Record<string, number>> ? Record<string, number> : T[K];
};

export type RuleLike = Pick<MappingRule, 'version' | 'scope' | 'sourceField' | 'targetField' | 'transform' | 'note'>;

export interface WorkflowHooksOptions {
  readonly clock: Clock;
  /** Fingerprint payloads and raise drift alerts (the normalizer: yes; replay and previews: no). */
  readonly drift?: false | DriftDetectorOptions;
  readonly checks?: false | SuspiciousCheckOptions;
  /** Rules added to the stored ones (a preview of a rule not saved yet). */
  readonly extraRules?: readonly RuleLike[];
  /** How long a company's statistics are reused (default 60 s; 2 s while its history is short). */
  readonly statsTtlMs?: number;
}

export type WorkflowHooks = (envelopes: readonly RawEnvelope[]) => Promise<BatchHooks>;

/**
 * The normalizer's per-batch hooks over the workflow store: mapping rules (payload rewrite),
 * correction overlays, drift fingerprints and suspicious-record checks. Rules and corrections are
 * reloaded only when the store's revision counters moved (one small query per batch), so an
 * operator's change reaches every worker at its next batch.
 */
export function createWorkflowHooks(workflow: ReviewWorkflowStore, opts: WorkflowHooksOptions): WorkflowHooks {
  const extra = opts.extraRules ?? [];
  let rulesRev = -1;
  let correctionsRev = -1;
  let engine: RuleEngine | undefined;
  let overlay: RecordOverlay | undefined;
  let reloading: Promise<void> | null = null;
  const detector = opts.drift === false ? undefined : createDriftDetector(workflow.drift, opts.drift ?? {});
  // Mutable copies: committed batches widen them in place (learnFrom).
  const stats = new Map<string, { stats: Mutable<CompanyStats>; loadedAt: number }>();
  const checks =
    opts.checks === false ? undefined : createSuspiciousChecks((id) => stats.get(id)?.stats, opts.checks ?? {});
  const ttl = opts.statsTtlMs ?? 60_000;
  const minHistory = (opts.checks !== false && opts.checks?.minHistory) || 20;

  async function reload(): Promise<void> {
    const rev = await workflow.revision();
    if (rev.rules !== rulesRev) {
      const rules = await workflow.rules.list({ status: 'active' });
      const all = [...rules, ...extra];
      engine = all.length ? createRuleEngine(all) : undefined;
      rulesRev = rev.rules;
    }
    if (rev.corrections !== correctionsRev) {
      overlay = createOverlay(await workflow.corrections.list({ status: 'active' }));
      correctionsRev = rev.corrections;
    }
  }

  async function loadStats(envelopes: readonly RawEnvelope[]): Promise<void> {
    const now = opts.clock.now();
    const due = [...new Set(envelopes.map((e) => e.connectionId))].filter((id) => {
      const s = stats.get(id);
      if (!s) return true;
      const maxAge = s.stats.documents < minHistory ? Math.min(ttl, 2000) : ttl;
      return now - s.loadedAt >= maxAge;
    });
    for (const id of due) {
      const s = await workflow.companyStats(id);
      stats.set(id, { stats: { ...s, currencies: { ...s.currencies } }, loadedAt: now });
    }
  }

  /**
   * Committed, unflagged documents widen the cached statistics at once: a first sync reads a
   * company's history in order, and its later records must not look far outside the range of the
   * first page just because the statistics are a minute old.
   */
  function learnFrom(result: NormalizeResult): void {
    const flagged = new Set(result.reviews.map((r) => r.detail?.['recordId']));
    for (const r of result.records) {
      if (flagged.has(r.id) || r.deleted) continue;
      if (r.kind !== 'invoice' && r.kind !== 'bill' && r.kind !== 'purchase_order' && r.kind !== 'sales_order')
        continue;
      const s = stats.get(r.source.connectionId)?.stats;
      if (!s) continue;
      const date = r.kind === 'sales_order' ? r.orderDate : r.issueDate;
      s.documents++;
      s.currencies[r.currency] = (s.currencies[r.currency] ?? 0) + 1;
      if (s.firstDate === null || date < s.firstDate) s.firstDate = date;
      if (s.lastDate === null || date > s.lastDate) s.lastDate = date;
    }
  }

  return async (envelopes) => {
    if (!reloading) {
      reloading = reload().finally(() => {
        reloading = null;
      });
    }
    await reloading;
    if (detector) await detector.prepare(envelopes);
    if (checks) await loadStats(envelopes);
    const hooks: BatchHooks = {
      ...(engine ? { transform: engine.transform } : {}),
      ...(overlay ? { overlay } : {}),
      ...(checks ? { checks } : {}),
      ...(detector ? { observe: detector.observe } : {}),
      ...(detector || checks
        ? {
            commit: async (result: NormalizeResult) => {
              if (checks) learnFrom(result);
              if (detector) await detector.flush(new Date(opts.clock.now()).toISOString());
            },
          }
        : {}),
    };
    return hooks;
  };
}
