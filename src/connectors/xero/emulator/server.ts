import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Economy, FaultInjector } from '../../../emulation/economy/index.js';
import type { LiveRecord } from '../../../emulation/live-record.js';
import { XERO_LIMITS, type XeroLimits } from '../api.js';
import type { EmulatorState } from './emulator-state.js';
import { xeroGuid } from './ids.js';
import { xeroLiveRecords } from './live-records.js';
import { createRateLimits } from './rate-limits.js';
import { sendNotFound } from './responses.js';
import { API_PREFIX, handleAccounting } from './routes/accounting.js';
import { handleAuthorize } from './routes/authorize.js';
import { handleConnections } from './routes/connections.js';
import { handleToken } from './routes/token.js';
import { createTenantDataSource } from './tenant-data.js';
import { createTokenStore } from './tokens.js';

export interface EmulatorOptions {
  economy: Economy;
  faults?: FaultInjector;
  /** 0 = a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** The data clock: documents are served as they stood at this instant (default economy.endAt). */
  now?: string;
}

/** Xero-only knobs; every default is the documented behaviour. */
export interface XeroEmulatorOptions extends EmulatorOptions {
  /** Wall clock (ms) for token expiry and rate-limit windows; tests pass a fake one (default Date.now). */
  clock?: () => number;
  /** Allowances (default 60/min, 5000/day, 10 000/min app-wide, 5 concurrent). */
  limits?: Partial<XeroLimits>;
  /** Access-token lifetime (default 1800 s, Xero's 30 minutes). */
  accessTokenTtlSeconds?: number;
  /** How long a used refresh token still works (default 1800 s). */
  refreshGraceSeconds?: number;
  /** How long a 'slow' fault holds a response (default 1500 ms, real time). */
  slowMs?: number;
}

export interface RunningEmulator {
  baseUrl: string;
  credentialsFor(account: string): Record<string, string>;
  setNow(at: string): void;
  stats(): { requests: number; rateLimitViolations: number; faultsInjected: number };
  /** The tenant's live records at the emulator's `now`, as the connector stores them (reconciliation truth). */
  liveRecords(account: string): LiveRecord[];
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * The Xero emulator: one HTTP server playing both hosts, the Accounting API
 * (`/api.xro/2.0/…`, tenant chosen by the `xero-tenant-id` header) and the identity server
 * (`/connect/token`, `/identity/connect/authorize`, `/connections`), over the economy's Xero
 * companies. See docs/connectors/xero.md for what it reproduces and its deliberate choices.
 */
export async function startXeroEmulator(opts: XeroEmulatorOptions): Promise<RunningEmulator> {
  const clock = opts.clock ?? Date.now;
  const limits: XeroLimits = { ...XERO_LIMITS, ...opts.limits };
  const seed = String(opts.economy.config.seed);
  const state: EmulatorState = {
    economy: opts.economy,
    faults: opts.faults,
    now: new Date(opts.now ?? opts.economy.endAt).toISOString(),
    clock,
    limits,
    tokens: createTokenStore(
      {
        accessTtlMs: (opts.accessTokenTtlSeconds ?? 1800) * 1000,
        refreshGraceMs: (opts.refreshGraceSeconds ?? 1800) * 1000,
        refreshTtlMs: 60 * DAY_MS,
      },
      clock,
    ),
    rateLimits: createRateLimits(limits, clock),
    data: createTenantDataSource(opts.economy, opts.faults),
    clientId: xeroGuid('client-id', seed).replace(/-/g, '').toUpperCase(),
    clientSecret: xeroGuid('client-secret', seed),
    slowMs: opts.slowMs ?? 1500,
    counters: { requests: 0, rateLimitViolations: 0, faultsInjected: 0 },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    state.counters.requests += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(API_PREFIX)) return handleAccounting(url, req, res, state);
    if (path === '/connect/token') return handleToken(req, res, state);
    if (path === '/identity/connect/authorize') return handleAuthorize(url, req, res, state);
    if (path === '/connections') return handleConnections(req, res, state);
    return sendNotFound(res);
  }

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('emulator error');
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    credentialsFor(account: string): Record<string, string> {
      if (!opts.economy.byAccount('xero', account)) throw new RangeError(`no Xero tenant ${account} in this economy`);
      const pair = state.tokens.issue([account]);
      return {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        access_token: pair.accessToken,
        refresh_token: pair.refreshToken,
        expires_at: String(pair.expiresAt),
        issued_at: String(pair.issuedAt),
        tenant_id: account,
      };
    },
    setNow(at: string): void {
      state.now = new Date(at).toISOString();
    },
    stats: () => ({
      requests: state.counters.requests,
      rateLimitViolations: state.counters.rateLimitViolations,
      faultsInjected: state.counters.faultsInjected + state.data.faultsInjected(),
    }),
    liveRecords(account: string): LiveRecord[] {
      const spec = opts.economy.byAccount('xero', account);
      if (!spec) throw new RangeError(`no Xero tenant ${account} in this economy`);
      return xeroLiveRecords(state.data.get(spec, state.now));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
