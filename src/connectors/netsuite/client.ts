import { z } from 'zod';
import { ContractViolationError, InvalidInputError, TransientError } from '../../errors/index.js';
import type { StreamContext } from '../kit/define.js';
import type { HttpClient, HttpResponse } from '../kit/http.js';
import { createHttpClient } from '../kit/http.js';
import { accountBaseUrl, realmOf, signerFor } from './auth.js';
import { createErrorConverter } from './errors.js';

/** SuiteQL collection page (fixture suiteql_response.json). */
export const SuiteqlPageSchema = z.object({
  links: z.array(z.object({ rel: z.string(), href: z.string() })),
  count: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  items: z.array(z.record(z.string(), z.unknown())),
  offset: z.number().int().nonnegative(),
  totalResults: z.number().int().nonnegative(),
});

export interface SuiteqlPage {
  readonly items: readonly Record<string, unknown>[];
  readonly hasMore: boolean;
  readonly totalResults: number;
  readonly body: string;
  readonly url: string;
  /** The server's Date header as a UTC instant (when it answered), or null. */
  readonly serverTime: string | null;
}

export interface RecordRead {
  readonly body: string;
  readonly url: string;
  readonly json: Record<string, unknown>;
}

export interface NetsuiteClient {
  suiteql(query: string, limit: number, offset?: number): Promise<SuiteqlPage>;
  /** A record with its sublists; null when it no longer exists (deleted since it was listed). */
  getRecord(recordType: string, id: string): Promise<RecordRead | null>;
  readonly http: HttpClient;
}

export interface NetsuiteClientOptions {
  /** Requests in flight per account across every worker (leases in SharedState). */
  readonly maxConcurrency: number;
  readonly random?: () => number;
}

/** A 200 whose body is not whole JSON (cut short) is read again this many times. */
const BODY_ATTEMPTS = 5;

function serverTime(res: HttpResponse): string | null {
  const ms = Date.parse(res.headers['date'] ?? '');
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function createNetsuiteClient(ctx: StreamContext, options: NetsuiteClientOptions): NetsuiteClient {
  const { account, id: connectionId } = ctx.connection;
  const signer = signerFor(account, ctx.connection.credentials, ctx.clock);
  const base = accountBaseUrl(ctx.connection.baseUrl, account);
  const http = createHttpClient({
    platform: 'netsuite',
    connectionId,
    logger: ctx.logger,
    clock: ctx.clock,
    shared: ctx.shared,
    // The governance limit is per account, shared by every integration and worker on it.
    concurrency: { key: `netsuite:concurrency:${realmOf(account)}`, max: options.maxConcurrency },
    toError: createErrorConverter(ctx.clock, { platform: 'netsuite', connectionId }, options.random),
    authorize: async (req) => signer.sign(req),
    // INVALID_LOGIN hides its cause; a clock-skew or nonce clash heals with a fresh signature,
    // so one re-signed retry is worth it before the connection is paused.
    onAuthError: async () => true,
    signal: ctx.signal,
    ...(options.random ? { random: options.random } : {}),
  });

  async function withWholeBody<T>(send: () => Promise<HttpResponse>, read: (res: HttpResponse) => T): Promise<T> {
    let last: unknown;
    for (let attempt = 1; attempt <= BODY_ATTEMPTS; attempt++) {
      const res = await send();
      try {
        return read(res);
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        last = e;
        ctx.logger.debug({ attempt, url: res.url.split('?')[0] }, 'netsuite body was not whole JSON, reading again');
      }
    }
    throw new TransientError(
      'LP_TRANSIENT_NETWORK',
      'NetSuite answered with a body cut short, repeatedly',
      {
        platform: 'netsuite',
        connectionId,
      },
      { cause: last },
    );
  }

  return {
    http,
    suiteql(query, limit, offset = 0) {
      const url = `${base}/services/rest/query/v1/suiteql?limit=${limit}&offset=${offset}`;
      return withWholeBody(
        () =>
          http.send({
            method: 'POST',
            url,
            headers: { Prefer: 'transient', 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({ q: query }),
          }),
        (res) => {
          const parsed = SuiteqlPageSchema.safeParse(JSON.parse(res.body));
          if (!parsed.success) {
            throw new ContractViolationError('LP_CONTRACT_PAGE_SHAPE', `SuiteQL page shape: ${parsed.error.message}`, {
              platform: 'netsuite',
              connectionId,
            });
          }
          return {
            items: parsed.data.items,
            hasMore: parsed.data.hasMore,
            totalResults: parsed.data.totalResults,
            body: res.body,
            url,
            serverTime: serverTime(res),
          };
        },
      );
    },
    async getRecord(recordType, id) {
      const url = `${base}/services/rest/record/v1/${recordType}/${encodeURIComponent(id)}?expandSubResources=true`;
      try {
        return await withWholeBody(
          () => http.send({ method: 'GET', url, headers: { Accept: 'application/json' } }),
          (res) => {
            const json: unknown = JSON.parse(res.body);
            if (typeof json !== 'object' || json === null || Array.isArray(json))
              throw new SyntaxError('not an object');
            return { body: res.body, url, json: json as Record<string, unknown> };
          },
        );
      } catch (e) {
        if (e instanceof InvalidInputError && e.code === 'LP_INPUT_NOT_FOUND') return null;
        throw e;
      }
    },
  };
}
