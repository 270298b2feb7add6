import { randomUUID } from 'node:crypto';
import type { ErrorContext, LedgerpulseError } from '../../errors/index.js';
import {
  AuthError,
  ContractViolationError,
  isLedgerpulseError,
  RateLimitError,
  TransientError,
} from '../../errors/index.js';
import type { Logger } from '../../log/types.js';
import type { Clock } from '../../ports/clock.js';
import type { Lease, RateLimitRule, SharedState } from '../../ports/shared-state.js';
import { createBreaker } from './breaker.js';
import { parseRetryAfter } from './retry-after.js';

export interface HttpRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names; repeated headers are joined with ", " (as fetch does). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly url: string;
}

export interface LimitSpec {
  readonly key: string;
  readonly rule: RateLimitRule;
  readonly cost?: number;
}

export interface HttpClientOptions {
  readonly platform: string;
  readonly connectionId: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly shared: SharedState;
  /** Every bucket must grant before a request is sent (waits via clock.sleep). */
  readonly limits?: readonly LimitSpec[];
  /** Shared concurrency slots (leases `key:0` … `key:max-1`). */
  readonly concurrency?: { readonly key: string; readonly max: number; readonly ttlMs?: number };
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
  readonly retryBaseMs?: number;
  /** The platform's converter for non-2xx responses. */
  readonly toError: (res: HttpResponse) => LedgerpulseError;
  /** Adds auth; called on every attempt (so a refreshed token is picked up). */
  readonly authorize?: (req: HttpRequest) => Promise<HttpRequest>;
  /** E.g. refresh the token; true = retry once. */
  readonly onAuthError?: (res: HttpResponse) => Promise<boolean>;
  /** Sees every response, 2xx or not (e.g. to read call-limit headers). */
  readonly onResponse?: (res: HttpResponse) => void;
  readonly breaker?: { readonly failureThreshold?: number; readonly resetMs?: number };
  /** Jitter source in [0, 1); tests pass a seeded one. */
  readonly random?: () => number;
  readonly signal?: AbortSignal;
}

export interface HttpClient {
  /** Resolves with 2xx responses only; anything else throws a LedgerpulseError subclass. */
  send(req: HttpRequest): Promise<HttpResponse>;
  breakerState(): 'closed' | 'open' | 'half-open';
  readonly stats: { requests: number; retries: number; rateLimitWaitsMs: number };
}

/** Backoff never grows past this, however many attempts are allowed. */
const MAX_BACKOFF_MS = 60_000;
/**
 * A Retry-After further away than this is handed to the caller (the scheduler parks the run)
 * instead of holding a worker asleep: daily quotas say "come back tomorrow".
 */
const MAX_INLINE_RATE_WAIT_MS = 5 * 60_000;
/** How often a request waiting for a concurrency slot looks again. */
const SLOT_POLL_MS = 50;

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const maxAttempts = opts.maxAttempts ?? 6;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const retryBaseMs = opts.retryBaseMs ?? 250;
  const random = opts.random ?? Math.random;
  const { clock, shared } = opts;
  const log = opts.logger.child({ platform: opts.platform, connectionId: opts.connectionId });
  const breaker = createBreaker(clock, opts.breaker?.failureThreshold ?? 5, opts.breaker?.resetMs ?? 30_000);
  const stats = { requests: 0, retries: 0, rateLimitWaitsMs: 0 };
  const baseContext: ErrorContext = { platform: opts.platform, connectionId: opts.connectionId };

  // A wait cut short by the caller's signal ends the request as a retryable abort (the run is
  // shutting down; the work is redone later), never as a bare AbortError crossing layers.
  const sleep = async (ms: number) => {
    try {
      await clock.sleep(ms, opts.signal);
    } catch (e) {
      throw new TransientError('LP_TRANSIENT_ABORTED', 'request aborted while waiting', baseContext, { cause: e });
    }
  };

  async function waitForLimits(): Promise<void> {
    for (const limit of opts.limits ?? []) {
      for (;;) {
        const r = await shared.take(limit.key, limit.rule, limit.cost ?? 1);
        if (r.granted) break;
        stats.rateLimitWaitsMs += r.waitMs;
        await sleep(r.waitMs);
      }
    }
  }

  async function acquireSlot(): Promise<Lease | null> {
    const c = opts.concurrency;
    if (!c) return null;
    const owner = `${opts.connectionId}:${randomUUID()}`;
    for (;;) {
      for (let i = 0; i < c.max; i++) {
        const lease = await shared.acquire(`${c.key}:${i}`, owner, c.ttlMs ?? timeoutMs + 5_000);
        if (lease) return lease;
      }
      stats.rateLimitWaitsMs += SLOT_POLL_MS;
      await sleep(SLOT_POLL_MS);
    }
  }

  async function perform(req: HttpRequest): Promise<HttpResponse> {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (opts.signal) signals.push(opts.signal);
    const init: RequestInit = { method: req.method ?? 'GET', signal: AbortSignal.any(signals) };
    if (req.headers) init.headers = { ...req.headers };
    if (req.body !== undefined) init.body = req.body;
    try {
      const res = await fetch(req.url, init);
      // Reading the whole body inside the try: a connection cut mid-body surfaces here.
      const body = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: res.status, headers, body, url: res.url || req.url };
    } catch (e) {
      const timedOut = e instanceof Error && e.name === 'TimeoutError';
      const aborted = opts.signal?.aborted === true;
      throw new TransientError(
        aborted ? 'LP_TRANSIENT_ABORTED' : 'LP_TRANSIENT_NETWORK',
        aborted
          ? 'request aborted'
          : timedOut
            ? `request timed out after ${timeoutMs} ms`
            : `request failed: ${describe(e)}`,
        { ...baseContext, url: withoutQuery(req.url) },
        { cause: e },
      );
    }
  }

  async function send(req: HttpRequest): Promise<HttpResponse> {
    let authRetried = false;
    let last: LedgerpulseError | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const blockedUntil = breaker.blockedUntil();
      if (blockedUntil !== null) {
        throw new RateLimitError(
          'LP_RATE_CIRCUIT_OPEN',
          `circuit open for connection ${opts.connectionId}; half-opens at ${new Date(blockedUntil).toISOString()}`,
          blockedUntil,
          { ...baseContext, url: withoutQuery(req.url) },
          last ? { cause: last } : undefined,
        );
      }
      await waitForLimits();
      const lease = await acquireSlot();
      let error: LedgerpulseError;
      try {
        const authed = opts.authorize ? await opts.authorize(req) : req;
        stats.requests += 1;
        const res = await perform(authed);
        opts.onResponse?.(res);
        if (res.status >= 200 && res.status < 300) {
          breaker.success();
          return res;
        }
        error = opts.toError(res);
        if (error instanceof AuthError) {
          if (!authRetried && opts.onAuthError && (await opts.onAuthError(res))) {
            authRetried = true;
            last = error;
            continue;
          }
          throw error;
        }
      } catch (e) {
        if (!isLedgerpulseError(e)) {
          throw new TransientError('LP_TRANSIENT_NETWORK', `request failed: ${describe(e)}`, baseContext, {
            cause: e,
          });
        }
        if (!(e instanceof TransientError) || opts.signal?.aborted) throw e;
        error = e;
      } finally {
        if (lease) await shared.release(lease);
      }
      last = error;
      if (!(error instanceof RateLimitError || error instanceof TransientError)) throw error;

      breaker.failure();
      // The failure that opens the breaker fails fast on the next turn instead of sleeping first.
      if (breaker.state() !== 'closed') continue;
      if (error instanceof RateLimitError) {
        const waitMs = Math.max(0, error.retryAt - clock.now());
        if (attempt >= maxAttempts || waitMs > MAX_INLINE_RATE_WAIT_MS) throw error;
        log.debug({ attempt, waitMs, status: error.context.httpStatus, url: withoutQuery(req.url) }, 'rate limited');
        stats.retries += 1;
        stats.rateLimitWaitsMs += waitMs;
        await sleep(waitMs);
        continue;
      }
      if (error instanceof TransientError) {
        if (attempt >= maxAttempts) throw error;
        // Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))).
        const waitMs = Math.floor(random() * Math.min(MAX_BACKOFF_MS, retryBaseMs * 2 ** (attempt - 1)));
        log.debug({ attempt, waitMs, code: error.code, url: withoutQuery(req.url) }, 'transient failure, retrying');
        stats.retries += 1;
        await sleep(waitMs);
        continue;
      }
      throw error;
    }
    throw last ?? new TransientError('LP_TRANSIENT_NETWORK', 'no attempt was made', baseContext);
  }

  return { send, breakerState: () => breaker.state(), stats };
}

/**
 * The usual mapping of an HTTP status to an error class, for platforms whose errors follow HTTP
 * semantics (a platform's `toError` calls it after looking at its own body shapes).
 */
export function errorFromStatus(
  res: HttpResponse,
  nowMs: number,
  context: ErrorContext,
  message = `HTTP ${res.status}`,
): LedgerpulseError {
  const ctx: ErrorContext = {
    ...context,
    httpStatus: res.status,
    url: withoutQuery(res.url),
    ...(res.headers['x-request-id'] ? { requestId: res.headers['x-request-id'] } : {}),
  };
  if (res.status === 429) {
    const retryAt = parseRetryAfter(res.headers['retry-after'], nowMs) ?? nowMs + 1_000;
    return new RateLimitError('LP_RATE_LIMITED', message, retryAt, ctx);
  }
  if (res.status === 401 || res.status === 403) return new AuthError('LP_AUTH_INVALID_TOKEN', message, ctx);
  if (res.status >= 500 || res.status === 408) return new TransientError('LP_TRANSIENT_HTTP', message, ctx);
  return new ContractViolationError('LP_CONTRACT_HTTP', message, ctx);
}

/** URLs go into error context and logs without their query (it can carry tokens or cursors). */
export function withoutQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
    return `${e.message}${cause}`;
  }
  return String(e);
}
