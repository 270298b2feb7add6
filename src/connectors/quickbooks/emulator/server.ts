import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Economy, FaultInjector } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';
import type { CompanyData } from './data.js';
import { createCompanyData } from './data.js';
import { createRealmLimiter, QBO_RATE_LIMITS, type RateLimits } from './limits.js';
import { quickbooksLiveRecords } from './live-records.js';
import { applyRecordFault } from './record-faults.js';
import type { Delivery } from './respond.js';
import { FAULTS, faultBody, send } from './respond.js';
import { runCdc } from './routes/cdc.js';
import { handleAuthorize, handleRevoke, handleToken, OAUTH_PATHS } from './routes/oauth.js';
import { handleQuery } from './routes/query.js';
import { handleRead } from './routes/read.js';
import { createTokenStore } from './tokens.js';

/** The options every platform emulator takes (notes/economy-api.md). */
export interface EmulatorOptions {
  readonly economy: Economy;
  readonly faults?: FaultInjector;
  readonly port?: number;
  readonly host?: '127.0.0.1';
  /** The emulator's clock for data: documents are served in their state at `now` (default economy.endAt). */
  readonly now?: string;
}

/** QuickBooks extras, for tests and demos. */
export interface QuickbooksEmulatorOptions extends EmulatorOptions {
  /** Per-realm throttles; default 500/min, 10/s, 10 concurrent (the contract). */
  readonly rateLimits?: Partial<RateLimits>;
  /** Access-token lifetime; default 3600 s. */
  readonly accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime; default 8 726 400 s (101 days, Intuit's rolling window). */
  readonly refreshTokenTtlSeconds?: number;
  /** Delay of the "slow" transport fault; default 1500 ms. */
  readonly slowMs?: number;
  /** Wall clock for token expiry and throttle windows (epoch ms); default Date.now. */
  readonly wallClock?: () => number;
}

export interface QuickbooksEmulatorStats {
  requests: number;
  rateLimitViolations: number;
  faultsInjected: number;
  /** Data API calls sent without `minorversion` (served as 75, as Intuit does). */
  missingMinorVersion: number;
  /** Token endpoint calls by grant type. */
  tokenGrants: { authorization_code: number; refresh_token: number; other: number };
}

/** A working initial credentials set for a realm (what `ledgerpulse connect` would have stored). */
export type QuickbooksEmulatorCredentials = {
  client_id: string;
  client_secret: string;
  access_token: string;
  refresh_token: string;
  expires_at: string;
  issued_at: string;
  refresh_token_expires_at: string;
  realm_id: string;
  token_url: string;
};

export interface RunningEmulator {
  readonly baseUrl: string;
  credentialsFor(account: string): QuickbooksEmulatorCredentials;
  setNow(at: string): void;
  stats(): QuickbooksEmulatorStats;
  /** The realm's live records at the emulator's `now`, as the connector stores them (reconciliation truth). */
  liveRecords(account: string): LiveRecord[];
  close(): Promise<void>;
}

/** The app the emulator knows (any connection to it uses these client credentials). */
export const EMULATOR_CLIENT = { clientId: 'ledgerpulse-qbo-emulator', clientSecret: 'qbo-emulator-secret' } as const;

export const MINOR_VERSION = 75;
const MAX_BODY_BYTES = 1 << 20;

/**
 * A QuickBooks Online Accounting API (v3) emulator on node:http, serving the synthetic economy's
 * QuickBooks companies. Tenancy: the realm id is in the path (`/v3/company/{realmId}/…`), as in
 * production; the OAuth endpoints live on the same origin (`/oauth2/v1/tokens/bearer`,
 * `/connect/oauth2`, `/v2/oauth2/tokens/revoke`). See docs/connectors/quickbooks.md.
 */
export async function startQuickbooksEmulator(opts: QuickbooksEmulatorOptions): Promise<RunningEmulator> {
  const { economy } = opts;
  const faults = opts.faults;
  const wall = opts.wallClock ?? Date.now;
  const limits: RateLimits = { ...QBO_RATE_LIMITS, ...opts.rateLimits };
  const stats: QuickbooksEmulatorStats = {
    requests: 0,
    rateLimitViolations: 0,
    faultsInjected: 0,
    missingMinorVersion: 0,
    tokenGrants: { authorization_code: 0, refresh_token: 0, other: 0 },
  };
  const data: CompanyData = createCompanyData(
    economy,
    new Date(Date.parse(opts.now ?? economy.endAt)).toISOString(),
    faults
      ? (companyId, docId, date, json) => {
          const fault = faults.record(companyId, docId, date);
          if (!fault) return json;
          stats.faultsInjected += 1;
          return applyRecordFault(json, fault);
        }
      : undefined,
  );
  const tokens = createTokenStore({
    ...EMULATOR_CLIENT,
    accessTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    refreshTtlSeconds: opts.refreshTokenTtlSeconds ?? 8_726_400,
    now: wall,
  });
  const limiter = createRealmLimiter(limits, wall);
  const realmExists = (realm: string) => economy.byAccount('quickbooks', realm) !== undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : '';

    if (url.pathname === OAUTH_PATHS.token && method === 'POST') {
      handleToken(req, res, body, tokens, {
        onGrant: (grant) => {
          if (grant === 'authorization_code' || grant === 'refresh_token') stats.tokenGrants[grant] += 1;
          else stats.tokenGrants.other += 1;
        },
        revokedByFault: (refreshToken) => {
          if (!faults) return false;
          const hit = faults.refresh('quickbooks', 'token', `refresh ${refreshToken.slice(-8)}`) !== null;
          if (hit) stats.faultsInjected += 1;
          return hit;
        },
      });
      return;
    }
    if (url.pathname === OAUTH_PATHS.authorize && method === 'GET') {
      handleAuthorize(
        url,
        res,
        tokens,
        (id) => id === EMULATOR_CLIENT.clientId,
        economy.companiesOn('quickbooks')[0]?.account,
        realmExists,
      );
      return;
    }
    if (url.pathname === OAUTH_PATHS.revoke && method === 'POST') {
      handleRevoke(req, res, body, tokens);
      return;
    }

    const m = /^\/v3\/company\/([^/]+)\/(.+)$/.exec(url.pathname);
    const asJson = /application\/json/i.test(req.headers.accept ?? '');
    const nowMs = Date.parse(data.now());
    if (!m?.[1] || !m[2]) {
      send(res, 400, faultBody('ValidationFault', [FAULTS.unsupported(method, url.pathname)], nowMs), asJson);
      return;
    }
    const realm = m[1];
    const rest = m[2];
    if (!url.searchParams.has('minorversion')) stats.missingMinorVersion += 1;

    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const check = bearer ? tokens.check(bearer) : 'invalid';
    if (check === 'invalid' || check === 'expired' || !bearer) {
      const detail = !bearer
        ? 'Authorization header missing or not a Bearer token'
        : check === 'expired'
          ? `Token expired: ${bearer.slice(0, 12)}…`
          : `Token invalid: ${bearer.slice(0, 12)}…`;
      send(res, 401, faultBody('AuthenticationFault', [FAULTS.authFailed(detail)], nowMs), asJson);
      return;
    }
    const spec = economy.byAccount('quickbooks', realm);
    if (check.realm !== realm || !spec) {
      send(res, 403, faultBody('AuthorizationFault', [FAULTS.forbidden()], nowMs), asJson);
      return;
    }

    const admission = limiter.enter(realm);
    if (!admission.ok) {
      stats.rateLimitViolations += 1;
      send(res, 429, faultBody('SERVICE', [FAULTS.throttled()], nowMs), asJson);
      return;
    }
    res.once('close', () => admission.release());

    const requestKey = `${method} ${url.pathname}${url.search}${method === 'POST' ? ` ${body}` : ''}`;
    const transport = faults?.transport('quickbooks', realm, requestKey) ?? null;
    let delivery: Delivery = 'whole';
    if (transport) stats.faultsInjected += 1;
    switch (transport) {
      case 'rate_limit':
        send(res, 429, faultBody('SERVICE', [FAULTS.throttled()], nowMs), asJson);
        return;
      case 'server_error':
        send(res, 500, faultBody('SystemFault', [FAULTS.systemError()], nowMs), asJson);
        return;
      case 'expired_token':
        tokens.expire(bearer);
        send(
          res,
          401,
          faultBody('AuthenticationFault', [FAULTS.authFailed(`Token expired: ${bearer.slice(0, 12)}…`)], nowMs),
          asJson,
        );
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, opts.slowMs ?? 1500));
        break;
      case 'drop_mid_body':
        delivery = 'drop_mid_body';
        break;
      default:
        break;
    }

    if (rest === 'query' && (method === 'GET' || method === 'POST')) {
      const text = method === 'GET' ? url.searchParams.get('query') : body;
      const responseFault = faults?.response('quickbooks', realm, requestKey) ?? null;
      if (responseFault) stats.faultsInjected += 1;
      const out = handleQuery(data, spec, text, nowMs, responseFault);
      send(res, out.status, out.body, asJson, delivery === 'whole' ? out.delivery : delivery);
      return;
    }
    if (rest === 'cdc' && method === 'GET') {
      const cdc = runCdc(
        data,
        spec,
        url.searchParams.get('entities'),
        url.searchParams.get('changedSince'),
        data.now(),
      );
      if (!cdc.ok) {
        const error = cdc.missing ? FAULTS.missingParam(cdc.param) : FAULTS.invalidParam(cdc.detail, cdc.param);
        send(res, 400, faultBody('ValidationFault', [error], nowMs), asJson);
        return;
      }
      send(res, 200, cdc.body, asJson, delivery);
      return;
    }
    if (method === 'GET') {
      const out = handleRead(data, spec, rest, nowMs);
      if (out) {
        send(res, out.status, out.body, asJson, delivery);
        return;
      }
    }
    send(res, 400, faultBody('ValidationFault', [FAULTS.unsupported(method, url.pathname)], nowMs), asJson);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        send(res, 500, faultBody('SystemFault', [FAULTS.systemError()], Date.parse(data.now())), true);
      } else res.destroy(e instanceof Error ? e : undefined);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    credentialsFor(account: string) {
      if (!realmExists(account)) throw new RangeError(`no QuickBooks company with realm id ${account}`);
      const grant = tokens.issue(account);
      const issuedAt = wall();
      return {
        client_id: EMULATOR_CLIENT.clientId,
        client_secret: EMULATOR_CLIENT.clientSecret,
        access_token: grant.access_token,
        refresh_token: grant.refresh_token,
        expires_at: String(issuedAt + grant.expires_in * 1000),
        issued_at: String(issuedAt),
        refresh_token_expires_at: String(issuedAt + grant.x_refresh_token_expires_in * 1000),
        realm_id: account,
        token_url: `${baseUrl}${OAUTH_PATHS.token}`,
      };
    },
    setNow(at: string) {
      data.setNow(at);
    },
    stats: () => ({ ...stats, tokenGrants: { ...stats.tokenGrants } }),
    liveRecords(account: string): LiveRecord[] {
      const spec = economy.byAccount('quickbooks', account);
      if (!spec) throw new RangeError(`no QuickBooks company with realm id ${account}`);
      return quickbooksLiveRecords(data, spec, economy.company(spec.id));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
