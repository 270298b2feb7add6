import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Delivery, Queue } from '../ports/queue.js';
import type { Lease, SharedState } from '../ports/shared-state.js';
import type { SyncReport } from './runner.js';

export type PressureLevel = 'ok' | 'slow' | 'paused';
export type BatchOutcome = 'ack' | 'retry' | 'dead' | 'error';
export type JobOutcome = 'planned' | 'already_planned' | 'deferred';

/**
 * What the pipeline tells about its work. Roles pass the Prometheus implementation below; the
 * embedded profile and most tests pass nothing, so the pipeline never depends on a global registry.
 */
export interface PipelineMetrics {
  pageFetched(platform: string, stream: string, records: number): void;
  syncTurn(platform: string, report: SyncReport, seconds: number): void;
  batchSettled(topic: string, outcome: BatchOutcome, seconds: number): void;
  normalized(stats: { readonly envelopes: number; readonly records: number; readonly reviews: number }): void;
  deadLettersReviewed(count: number): void;
  rateLimitWait(limit: string, waitMs: number): void;
  backpressureWait(waitedMs: number): void;
  pressure(level: PressureLevel, depth: number, ageMs: number): void;
  syncJobs(outcome: JobOutcome, count: number): void;
  leaseHeld(delta: 1 | -1): void;
}

export interface QueueSnapshot {
  readonly ready: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly dead: number;
  readonly ageMs: number;
}

export interface SyncLag {
  readonly connectionId: string;
  readonly platform: string;
  readonly seconds: number;
}

export interface PrometheusMetrics extends PipelineMetrics {
  readonly registry: Registry;
  /** Reads a topic's depth and age at every scrape. */
  watchQueue(topic: string, read: () => Promise<QueueSnapshot>): void;
  /** Reads the sync lag of every connection at every scrape (the scheduler does this). */
  watchSyncLag(read: () => Promise<readonly SyncLag[]>): void;
}

const LEVELS: Record<PressureLevel, number> = { ok: 0, slow: 1, paused: 2 };

/** One registry per process and role; metric names are listed in docs/operations.md. */
export function createPrometheusMetrics(opts: { role: string; defaultMetrics?: boolean }): PrometheusMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: opts.role });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'ledgerpulse_' });
  const registers = [registry];
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name: `ledgerpulse_${name}`, help, labelNames, registers });

  const pages = counter('pages_fetched_total', 'Pages fetched from platforms', ['platform', 'stream']);
  const published = counter('envelopes_published_total', 'Raw envelopes published to the raw queue', [
    'platform',
    'stream',
  ]);
  const stored = counter('raw_envelopes_new_total', 'Raw envelopes stored for the first time', ['platform']);
  const turns = counter('sync_turns_total', 'Connection turns run, by outcome (done, more, skipped, error)', [
    'platform',
    'outcome',
  ]);
  const syncErrors = counter('sync_errors_total', 'Streams that ended a turn with an error', ['platform', 'code']);
  const circuitOpen = counter('circuit_open_total', 'Streams stopped by an open circuit breaker', ['platform']);
  const turnSeconds = new Histogram({
    name: 'ledgerpulse_sync_turn_seconds',
    help: 'Duration of one connection turn',
    labelNames: ['platform'],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const batches = counter('queue_messages_settled_total', 'Messages handled by this process, by outcome', [
    'topic',
    'outcome',
  ]);
  const batchSeconds = new Histogram({
    name: 'ledgerpulse_queue_message_seconds',
    help: 'Time to handle one message',
    labelNames: ['topic'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers,
  });
  const envelopes = counter('envelopes_normalized_total', 'Raw envelopes mapped by the normalizer');
  const records = counter('records_normalized_total', 'Canonical records written by the normalizer');
  const reviews = counter('review_items_total', 'Review items raised', ['source']);
  const deadReviewed = counter('dead_letters_reviewed_total', 'Dead-lettered raw messages turned into review items');
  const rateWaits = counter('rate_limit_waits_total', 'Requests that waited for a shared rate-limit bucket', ['limit']);
  const rateWaitSeconds = counter('rate_limit_wait_seconds_total', 'Time asked to wait by shared buckets', ['limit']);
  const bpWaits = counter('backpressure_waits_total', 'Times work was held back by raw-queue backpressure');
  const bpSeconds = counter('backpressure_wait_seconds_total', 'Time spent held back by raw-queue backpressure');
  const level = new Gauge({
    name: 'ledgerpulse_backpressure_level',
    help: 'Raw-queue pressure last seen: 0 ok, 1 slow, 2 paused',
    registers,
  });
  const jobs = counter('sync_jobs_total', 'Sync jobs by planning outcome (planned, already_planned, deferred)', [
    'outcome',
  ]);
  const leases = new Gauge({ name: 'ledgerpulse_sync_leases_held', help: 'Connection leases held now', registers });

  const queueReaders = new Map<string, () => Promise<QueueSnapshot>>();
  new Gauge({
    name: 'ledgerpulse_queue_messages',
    help: 'Messages per topic and state (ready and delayed from the broker; in_flight of this process)',
    labelNames: ['topic', 'state'],
    registers,
    async collect() {
      for (const [topic, read] of queueReaders) {
        const s = await read().catch(() => null);
        if (!s) continue;
        this.set({ topic, state: 'ready' }, s.ready);
        this.set({ topic, state: 'in_flight' }, s.inFlight);
        this.set({ topic, state: 'delayed' }, s.delayed);
        this.set({ topic, state: 'dead' }, s.dead);
      }
    },
  });
  new Gauge({
    name: 'ledgerpulse_queue_oldest_age_seconds',
    help: 'Estimated age of the oldest ready message (see docs/operations.md)',
    labelNames: ['topic'],
    registers,
    async collect() {
      for (const [topic, read] of queueReaders) {
        const s = await read().catch(() => null);
        if (s) this.set({ topic }, s.ageMs / 1000);
      }
    },
  });
  const lagReaders: (() => Promise<readonly SyncLag[]>)[] = [];
  new Gauge({
    name: 'ledgerpulse_sync_lag_seconds',
    help: 'Time since the least recently synced stream of a connection finished a sync',
    labelNames: ['connection_id', 'platform'],
    registers,
    async collect() {
      this.reset();
      for (const read of lagReaders) {
        for (const l of await read().catch(() => [])) {
          this.set({ connection_id: l.connectionId, platform: l.platform }, l.seconds);
        }
      }
    },
  });

  return {
    registry,
    watchQueue: (topic, read) => void queueReaders.set(topic, read),
    watchSyncLag: (read) => void lagReaders.push(read),
    pageFetched(platform, stream, n) {
      pages.inc({ platform, stream });
      if (n > 0) published.inc({ platform, stream }, n);
    },
    syncTurn(platform, report, seconds) {
      const failed = report.streams.filter((s) => s.error);
      const outcome = report.skipped ? 'skipped' : failed.length ? 'error' : report.more ? 'more' : 'done';
      turns.inc({ platform, outcome });
      if (report.skipped) return;
      turnSeconds.observe({ platform }, seconds);
      const fresh = report.streams.reduce((a, s) => a + s.newEnvelopes, 0);
      if (fresh > 0) stored.inc({ platform }, fresh);
      for (const s of failed) {
        const code = /^(LP_[A-Z_]+):/.exec(s.error ?? '')?.[1] ?? 'unknown';
        syncErrors.inc({ platform, code });
        if (code === 'LP_RATE_CIRCUIT_OPEN') circuitOpen.inc({ platform });
      }
    },
    batchSettled(topic, outcome, seconds) {
      batches.inc({ topic, outcome });
      batchSeconds.observe({ topic }, seconds);
    },
    normalized(s) {
      envelopes.inc(s.envelopes);
      records.inc(s.records);
      if (s.reviews > 0) reviews.inc({ source: 'normalizer' }, s.reviews);
    },
    deadLettersReviewed(n) {
      if (n <= 0) return;
      deadReviewed.inc(n);
      reviews.inc({ source: 'dead_letter' }, n);
    },
    rateLimitWait(limit, waitMs) {
      rateWaits.inc({ limit });
      if (Number.isFinite(waitMs)) rateWaitSeconds.inc({ limit }, waitMs / 1000);
    },
    backpressureWait(waitedMs) {
      bpWaits.inc();
      bpSeconds.inc(waitedMs / 1000);
    },
    pressure(l) {
      level.set(LEVELS[l]);
    },
    syncJobs(outcome, n) {
      if (n > 0) jobs.inc({ outcome }, n);
    },
    leaseHeld(delta) {
      leases.inc(delta);
    },
  };
}

/** Rate-limit keys carry the account (`shopify:rest:shop.myshopify.com`); the label keeps the first two parts. */
export function limitLabel(key: string): string {
  return key.split(':').slice(0, 2).join(':');
}

/** The prefix of the per-connection sync lease taken by the runner. */
const SYNC_LEASE = 'sync:';

export interface SharedStateHooks {
  readonly rateLimitWait?: (key: string, waitMs: number) => void;
  /** A connection's sync lease was granted (called after the grant). */
  readonly leaseAcquired?: (connectionId: string, lease: Lease, at: number) => void;
  /** A connection's sync lease is about to be released (called before the release). */
  readonly leaseReleased?: (connectionId: string, lease: Lease, at: number) => void;
}

/**
 * Wraps shared state to observe what the kit and the runner do with it: refused rate-limit takes
 * are the requests that wait, and `sync:` leases are the connection turns. Behaviour is unchanged.
 */
export function observeSharedState(shared: SharedState, now: () => number, hooks: SharedStateHooks): SharedState {
  const syncId = (key: string) => (key.startsWith(SYNC_LEASE) ? key.slice(SYNC_LEASE.length) : null);
  return {
    async take(key, rule, cost) {
      const r = await shared.take(key, rule, cost);
      if (!r.granted) hooks.rateLimitWait?.(key, r.waitMs);
      return r;
    },
    async acquire(key, owner, ttlMs) {
      const lease = await shared.acquire(key, owner, ttlMs);
      const id = syncId(key);
      if (lease && id !== null) hooks.leaseAcquired?.(id, lease, now());
      return lease;
    },
    renew: (lease, ttlMs) => shared.renew(lease, ttlMs),
    async release(lease) {
      const id = syncId(lease.key);
      if (id !== null) hooks.leaseReleased?.(id, lease, now());
      await shared.release(lease);
    },
    isCurrent: (key, token) => shared.isCurrent(key, token),
    getValue: (key) => shared.getValue(key),
    setValue: (key, value, ttlMs) => shared.setValue(key, value, ttlMs),
    close: () => shared.close(),
  };
}

export interface QueueHooks {
  readonly delivered?: (topic: string, delivery: Delivery) => void;
  readonly settled?: (topic: string, outcome: BatchOutcome, ms: number) => void;
}

/** Wraps a queue so every handled message is timed and its outcome counted. Behaviour is unchanged. */
export function observeQueue(queue: Queue, now: () => number, hooks: QueueHooks): Queue {
  return {
    capabilities: queue.capabilities,
    publish: (topic, messages) => queue.publish(topic, messages),
    consume(topic, handler, opts) {
      return queue.consume(
        topic,
        async (d) => {
          hooks.delivered?.(topic, d);
          const started = now();
          try {
            const result = await handler(d);
            hooks.settled?.(topic, result.kind, now() - started);
            return result;
          } catch (error) {
            hooks.settled?.(topic, 'error', now() - started);
            throw error;
          }
        },
        opts,
      );
    },
    stats: (topic) => queue.stats(topic),
    takeDeadLetters: (topic, limit) => queue.takeDeadLetters(topic, limit),
    close: () => queue.close(),
  };
}
