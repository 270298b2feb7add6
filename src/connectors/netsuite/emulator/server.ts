import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Economy, FaultInjector } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';
import { netsuiteLiveRecords } from './live-records.js';
import { CONCURRENCY_LIMIT_EXCEEDED, INVALID_LOGIN, problem, UNEXPECTED_ERROR } from './problem.js';
import { recordRoute } from './routes/record.js';
import { suiteqlRoute } from './routes/suiteql.js';
import type { RouteContext, RouteResult } from './routes/types.js';
import { fromProblem } from './routes/types.js';
import type { ResultRow } from './suiteql/evaluate.js';
import type { TbaSecrets } from './tba.js';
import { createNonceCache, verifyTba } from './tba.js';
import type { CompanyView } from './view.js';
import { buildView } from './view.js';

export interface EmulatorOptions {
  readonly economy: Economy;
  readonly faults?: FaultInjector;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: '127.0.0.1';
  /** The emulator clock: documents are served as they stand at this instant (default economy.endAt). */
  readonly now?: string;
}

export interface NetsuiteEmulatorOptions extends EmulatorOptions {
  /** Account concurrency limit (Standard tier: 5). The next concurrent request gets 429. */
  readonly concurrencyLimit?: number;
  /** Wall clock for oauth_timestamp checks (the client signs with real time, not the economy's). */
  readonly authClock?: () => number;
  /** Accepted oauth_timestamp skew, seconds (default 300). */
  readonly timestampWindowSec?: number;
  /** Added to every authenticated request before it is answered (tests use it to overlap requests). */
  readonly latencyMs?: number;
  /** Delay of the 'slow' transport fault (default 1500 ms). */
  readonly slowMs?: number;
  /** Rows a SuiteQL query can page through (default 100,000). */
  readonly maxQueryRows?: number;
}

export interface RunningEmulator {
  readonly baseUrl: string;
  credentialsFor(account: string): Record<string, string>;
  setNow(at: string): void;
  stats(): { requests: number; rateLimitViolations: number; faultsInjected: number };
  /** The account's live records at the emulator's `now`, as the connector stores them (reconciliation truth). */
  liveRecords(account: string): LiveRecord[];
  close(): Promise<void>;
}

export const DEFAULT_CONCURRENCY_LIMIT = 5;
const VIEW_CACHE_SIZE = 8;
const MAX_BODY_BYTES = 1_000_000;

/** Deterministic TBA credentials of an account (64 hex characters, as NetSuite's keys are). */
function secretsOf(seed: number, account: string): TbaSecrets {
  const derive = (what: string) =>
    createHmac('sha256', `netsuite-emulator:${seed}`).update(`${what}:${account}`).digest('hex');
  return {
    consumerKey: derive('consumer_key'),
    consumerSecret: derive('consumer_secret'),
    tokenId: derive('token_id'),
    tokenSecret: derive('token_secret'),
  };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A NetSuite SuiteTalk REST emulator (record API + SuiteQL) on node:http, serving the economy's
 * NetSuite companies. Tenancy: the account comes from the OAuth realm, as on NetSuite (where the
 * host names the account and must agree with the realm); an optional `/accounts/{id}` path prefix
 * stands in for the account host and must match the realm.
 */
export async function startNetsuiteEmulator(opts: NetsuiteEmulatorOptions): Promise<RunningEmulator> {
  const { economy, faults } = opts;
  const limit = opts.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT;
  const authClock = opts.authClock ?? Date.now;
  const windowSec = opts.timestampWindowSec ?? 300;
  const latencyMs = opts.latencyMs ?? 0;
  const slowMs = opts.slowMs ?? 1500;
  const maxQueryRows = opts.maxQueryRows ?? 100_000;
  let now = new Date(Date.parse(opts.now ?? economy.endAt)).toISOString();
  const nonces = createNonceCache(windowSec);
  const inFlight = new Map<string, number>();
  const views = new Map<string, CompanyView>();
  const touched = new Map<string, Map<string, number>>();
  const lastRows = new Map<string, ResultRow>();
  const counters = { requests: 0, rateLimitViolations: 0, faultsInjected: 0 };
  const seed = economy.config.seed;

  const secretsFor = (realm: string): TbaSecrets | undefined =>
    economy.byAccount('netsuite', realm) ? secretsOf(seed, realm) : undefined;

  function viewOf(companyId: string): CompanyView {
    const cached = views.get(companyId);
    if (cached && cached.now === now) {
      views.delete(companyId);
      views.set(companyId, cached);
      return cached;
    }
    const view = buildView(economy, companyId, now, touched.get(companyId) ?? new Map());
    views.set(companyId, view);
    if (views.size > VIEW_CACHE_SIZE) {
      const oldest = views.keys().next().value;
      if (oldest !== undefined) views.delete(oldest);
    }
    return view;
  }

  function send(res: ServerResponse, result: RouteResult): void {
    res.statusCode = result.status;
    res.setHeader('Content-Type', 'application/json; charset=UTF-8');
    // The server's clock is the economy's: clients read snapshot times from it.
    res.setHeader('Date', new Date(Date.parse(now)).toUTCString());
    if (result.truncate) {
      const bytes = Buffer.from(result.body, 'utf8');
      const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
      res.setHeader('Content-Length', cut.length);
      res.end(cut);
      return;
    }
    res.setHeader('Content-Length', Buffer.byteLength(result.body));
    res.end(result.body);
  }

  /** Headers and half the body, then the connection is cut (drop-mid-body fault). */
  function sendCut(res: ServerResponse, result: RouteResult): void {
    const bytes = Buffer.from(result.body, 'utf8');
    res.statusCode = result.status;
    res.setHeader('Content-Type', 'application/json; charset=UTF-8');
    res.setHeader('Content-Length', bytes.length);
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    const raw = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const q = raw.indexOf('?');
    const fullPath = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const prefix = /^\/accounts\/([^/]+)(\/.*)$/.exec(fullPath);
    const path = prefix ? (prefix[2] ?? '') : fullPath;
    if (!path.startsWith('/services/rest/')) {
      send(res, fromProblem(problem(404, [{ detail: `No resource at ${path}.`, 'o:errorCode': 'NONEXISTENT_ID' }])));
      return;
    }

    const verdict = verifyTba(
      { method, origin, rawPathAndQuery: raw, authorization: req.headers.authorization },
      secretsFor,
      nonces,
      authClock(),
      windowSec,
    );
    const prefixAccount = prefix?.[1] === undefined ? null : decodeURIComponent(prefix[1]);
    if (!verdict.ok || (prefixAccount !== null && prefixAccount !== verdict.realm)) {
      send(res, fromProblem(INVALID_LOGIN));
      return;
    }
    const account = verdict.realm;
    const company = economy.byAccount('netsuite', account);
    if (!company) {
      send(res, fromProblem(INVALID_LOGIN));
      return;
    }

    // Account concurrency governance: requests over the limit are refused, not queued.
    const busy = inFlight.get(account) ?? 0;
    if (busy >= limit) {
      counters.rateLimitViolations++;
      send(res, fromProblem(CONCURRENCY_LIMIT_EXCEEDED));
      return;
    }
    inFlight.set(account, busy + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight.set(account, (inFlight.get(account) ?? 1) - 1);
    };
    res.on('close', release);
    res.on('finish', release);

    const body = (await readBody(req)) ?? '';
    if (latencyMs > 0) await sleep(latencyMs);
    const digest = createHash('sha1').update(body).digest('hex').slice(0, 12);
    const logicalQuery = [...query.entries()]
      .filter(([k]) => !k.startsWith('oauth_'))
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
    const requestKey = `${method} ${path}?${logicalQuery}#${digest}`;

    const transport = faults?.transport('netsuite', account, requestKey) ?? null;
    if (transport !== null) counters.faultsInjected++;
    if (transport === 'rate_limit') {
      send(res, fromProblem(CONCURRENCY_LIMIT_EXCEEDED));
      return;
    }
    if (transport === 'server_error') {
      send(res, fromProblem(UNEXPECTED_ERROR));
      return;
    }
    if (transport === 'expired_token') {
      send(res, fromProblem(INVALID_LOGIN));
      return;
    }
    if (transport === 'slow') await sleep(slowMs);

    const nowMs = Date.parse(now);
    const ctx: RouteContext = {
      economy,
      faults,
      account,
      companyId: company.id,
      timeZone: company.timeZone,
      base: prefix ? `${origin}/accounts/${prefix[1]}` : origin,
      method,
      path,
      query,
      headers: req.headers,
      body,
      requestKey,
      nowMs,
      view: () => viewOf(company.id),
      touch(docId: string) {
        const map = touched.get(company.id) ?? new Map<string, number>();
        map.set(docId, Math.floor(nowMs / 1000) * 1000);
        touched.set(company.id, map);
        views.delete(company.id);
      },
      countFault() {
        counters.faultsInjected++;
      },
    };

    let result: RouteResult;
    const record = /^\/services\/rest\/record\/v1\/([A-Za-z]+)\/([^/]+)$/.exec(path);
    if (path === '/services/rest/query/v1/suiteql') {
      result = suiteqlRoute(ctx, { maxQueryRows }, lastRows);
    } else if (record?.[1] && record[2]) {
      result = recordRoute(ctx, record[1], decodeURIComponent(record[2]));
    } else {
      result = fromProblem(problem(404, [{ detail: `No resource at ${path}.`, 'o:errorCode': 'NONEXISTENT_ID' }]));
    }
    if (transport === 'drop_mid_body') sendCut(res, result);
    else send(res, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, fromProblem(UNEXPECTED_ERROR));
      else res.destroy(e instanceof Error ? e : undefined);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    credentialsFor(account: string): Record<string, string> {
      const s = secretsOf(seed, account);
      return {
        account_id: account,
        consumer_key: s.consumerKey,
        consumer_secret: s.consumerSecret,
        token_id: s.tokenId,
        token_secret: s.tokenSecret,
      };
    },
    setNow(at: string) {
      now = new Date(Date.parse(at)).toISOString();
      views.clear();
    },
    stats: () => ({ ...counters }),
    liveRecords(account: string): LiveRecord[] {
      const company = economy.byAccount('netsuite', account);
      if (!company) throw new RangeError(`no NetSuite account ${account} in this economy`);
      return netsuiteLiveRecords(viewOf(company.id));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
