import type { RawEnvelope } from '../canonical/index.js';
import { loadConnector } from '../connectors/registry.js';
import type { CompanyProfile } from '../ports/connection-store.js';
import type { Consumer, Delivery, HandlerResult } from '../ports/queue.js';
import { createWorkflowHooks } from '../review/hooks.js';
import { isoNow, RAW_TOPIC, type RawBatchMessage, type Runtime } from './context.js';
import {
  type BatchHooks,
  type NormalizeEnv,
  normalizeEnvelopes,
  type PayloadTransform,
  type RecordCheck,
  withHooks,
} from './normalize.js';

export interface NormalizerOptions {
  readonly prefetch?: number;
  readonly maxAttempts?: number;
  readonly transform?: () => Promise<PayloadTransform | undefined>;
  readonly checks?: readonly RecordCheck[];
  /**
   * Per-batch workflow hooks (mapping rules, corrections, drift fingerprints, suspicious-record
   * checks). Default: the store's own workflow, so what operators save applies from the next batch;
   * false runs the bare mappers (benchmarks of the mappers alone).
   */
  readonly hooks?: ((envelopes: readonly RawEnvelope[]) => Promise<BatchHooks>) | false;
  readonly onBatch?: (stats: { envelopes: number; records: number; reviews: number }) => void;
}

export function normalizeEnvFor(rt: Runtime, checks?: readonly RecordCheck[]): NormalizeEnv {
  const companies = new Map<string, Promise<CompanyProfile | undefined>>();
  return {
    connector: loadConnector,
    company: (id) => {
      let p = companies.get(id);
      if (!p) {
        p = rt.store.connections.get(id).then((c) => c?.company);
        companies.set(id, p);
      }
      return p;
    },
    ...(checks ? { checks } : {}),
  };
}

/**
 * The normalizer worker: one raw-topic message is one page of envelopes. It maps them, writes
 * canonical rows and review items, and only then acks, so a crash means redelivery, never loss;
 * idempotent upserts make the redelivery harmless.
 */
export function startNormalizer(rt: Runtime, opts: NormalizerOptions = {}): Consumer {
  const log = rt.logger.child({ role: 'normalizer' });
  const base = normalizeEnvFor(rt, opts.checks);
  const hooksFor =
    opts.hooks === false ? undefined : (opts.hooks ?? createWorkflowHooks(rt.store.workflow, { clock: rt.clock }));
  const handler = async (d: Delivery): Promise<HandlerResult> => {
    const msg = d.body as RawBatchMessage;
    if (!msg || !Array.isArray(msg.envelopeIds)) return { kind: 'dead', reason: 'message is not a raw batch' };
    const envelopes = await rt.store.raw.get(msg.envelopeIds);
    const transform = opts.transform ? await opts.transform() : undefined;
    const hooks: BatchHooks = hooksFor ? await hooksFor(envelopes) : {};
    const env = withHooks(transform ? { ...base, transform } : base, hooks);
    const result = await normalizeEnvelopes(envelopes, env);
    const missing = msg.envelopeIds.length - envelopes.length;
    if (missing > 0) {
      result.reviews.push({
        reason: 'LP_CONTRACT_MISSING_ENVELOPE',
        message: `${missing} envelope(s) named by message ${d.id} are not in the raw store`,
        platform: msg.platform,
        connectionId: msg.connectionId,
        object: msg.object,
        envelopeId: null,
        detail: { messageId: d.id },
      });
    }
    await rt.store.canonical.upsert(result.records);
    // After the page's records: an id-sweep page marks what it shows absent deleted (Shopify orders).
    for (const sweep of result.sweeps) await rt.store.canonical.markAbsent(sweep);
    await rt.store.review.add(result.reviews, isoNow(rt.clock));
    await hooks.commit?.(result);
    opts.onBatch?.({ envelopes: envelopes.length, records: result.records.length, reviews: result.reviews.length });
    return { kind: 'ack' };
  };
  return rt.queue.consume(RAW_TOPIC, handler, {
    prefetch: opts.prefetch ?? 4,
    maxAttempts: opts.maxAttempts ?? 5,
    onError: (error, d) =>
      log.warn({ err: String(error), messageId: d.id, attempt: d.attempt }, 'batch failed; will retry'),
  });
}

/** Turns dead-lettered raw messages into review items naming their envelopes. */
export async function reviewDeadLetters(rt: Runtime): Promise<number> {
  let total = 0;
  for (;;) {
    const dead = await rt.queue.takeDeadLetters(RAW_TOPIC, 100);
    if (dead.length === 0) return total;
    const at = isoNow(rt.clock);
    await rt.store.review.add(
      dead.flatMap((d) => {
        const m = d.body as Partial<RawBatchMessage>;
        const ids = Array.isArray(m.envelopeIds) && m.envelopeIds.length ? m.envelopeIds : [null];
        return ids.map((envelopeId) => ({
          reason: 'LP_DEAD_LETTER',
          message: `message ${d.id} dead-lettered after ${d.attempts} attempt(s): ${d.reason}`,
          platform: m.platform ?? 'unknown',
          connectionId: m.connectionId ?? 'unknown',
          object: m.object ?? null,
          envelopeId,
          detail: { messageId: d.id },
        }));
      }),
      at,
    );
    total += dead.length;
  }
}
