import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { ErrorContext, LedgerpulseError } from '../../errors/index.js';
import { AuthError, ContractViolationError, RateLimitError, TransientError } from '../../errors/index.js';
import type { Lease } from '../../ports/shared-state.js';
import type { StreamContext } from './define.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * OAuth 2.0 for connectors: access tokens refreshed ahead of expiry, single-flight across every
 * worker of a profile, and rotating refresh tokens persisted before the new access token is used.
 *
 * Why the lock: with rotation, the refresh token is single-use. Two workers refreshing with the same
 * token means one of them gets `invalid_grant`, and if the loser's answer were taken at face value
 * the connection would be paused for a re-consent it does not need. So a refresh holds the lease
 * `oauth2:<connectionId>`, re-reads the stored credentials once it holds it (another worker may have
 * refreshed meanwhile), refreshes only if still needed, and saves the rotated pair before anyone
 * uses the new access token.
 */

export interface OAuth2Client {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Refresh this long before expiry (default 120 000 ms; capped at half the token's lifetime). */
  readonly refreshAheadMs?: number;
}

export interface TokenProvider {
  /** A token valid for at least the refresh-ahead window, refreshing first if needed. */
  accessToken(): Promise<string>;
  /** The platform refused `rejected` (401): get a token other than it, refreshing unless a peer already did. */
  forceRefresh(rejected: string): Promise<string>;
}

/** What the provider needs from a stream context (a whole StreamContext fits). */
export type TokenContext = Pick<
  StreamContext,
  'connection' | 'logger' | 'clock' | 'shared' | 'signal' | 'loadCredentials' | 'saveCredentials'
>;

/** Credentials keys written by this module (the record may hold others, e.g. client_id; they are kept). */
export const CREDENTIAL_KEYS = {
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
  expiresAt: 'expires_at',
  issuedAt: 'issued_at',
  refreshExpiresAt: 'refresh_token_expires_at',
} as const;

const DEFAULT_REFRESH_AHEAD_MS = 120_000;
/** The lease outlives one token call (its timeout) plus the save, so it does not lapse mid-refresh. */
const LOCK_TTL_MS = 30_000;
const TOKEN_TIMEOUT_MS = 15_000;
/** How long a worker waits for a peer's refresh before giving up with a transient error. */
const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 50;
const TOKEN_ATTEMPTS = 3;
const SAVE_ATTEMPTS = 3;

type Credentials = Record<string, string>;
type FetchLike = typeof fetch;

export function createTokenProvider(
  client: OAuth2Client,
  ctx: TokenContext,
  fetchImpl: FetchLike = fetch,
): TokenProvider {
  const lockKey = `oauth2:${ctx.connection.id}`;
  const owner = `${ctx.connection.id}:${randomUUID()}`;
  const log = ctx.logger.child({ connectionId: ctx.connection.id, component: 'oauth2' });
  const context = { connectionId: ctx.connection.id, url: client.tokenUrl };
  let local: Credentials = { ...ctx.connection.credentials };
  /** Set while a rotated pair is in memory but not yet saved: nothing is handed out until it is. */
  let unsaved = false;
  let inflight: Promise<string> | null = null;

  function usable(creds: Credentials, rejected: string | null): boolean {
    const token = creds[CREDENTIAL_KEYS.accessToken];
    if (!token || token === rejected) return false;
    const expiresAt = Number(creds[CREDENTIAL_KEYS.expiresAt]);
    // No expiry recorded: use it until the platform says otherwise (forceRefresh).
    if (!Number.isFinite(expiresAt) || creds[CREDENTIAL_KEYS.expiresAt] === undefined) return true;
    const issuedAt = Number(creds[CREDENTIAL_KEYS.issuedAt]);
    let ahead = client.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS;
    // A short-lived token (tests, some platforms) would otherwise always look due.
    if (Number.isFinite(issuedAt) && issuedAt < expiresAt) ahead = Math.min(ahead, (expiresAt - issuedAt) / 2);
    return expiresAt - ahead > ctx.clock.now();
  }

  async function flushUnsaved(): Promise<void> {
    if (!unsaved) return;
    await ctx.saveCredentials({ ...local });
    unsaved = false;
  }

  /**
   * The old refresh token is spent: until the new pair is stored, a peer reading the store would refresh
   * with a dead token and take the connection for revoked. So the save is retried while the lease is
   * still held; if it keeps failing, the pair stays in memory (unsaved) and is saved before any later use.
   */
  async function saveHoldingLease(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await flushUnsaved();
        return;
      } catch (e) {
        if (attempt >= SAVE_ATTEMPTS) throw e;
        log.warn({ attempt }, 'saving rotated credentials failed; retrying');
        await ctx.clock.sleep(100 * attempt, ctx.signal);
      }
    }
  }

  /**
   * Waits for the refresh lease. While a peer holds it, the stored credentials are looked at on every
   * poll: once the peer has saved a usable token there is nothing left to do but use it.
   */
  async function acquireLock(rejected: string | null): Promise<Lease | { readonly adopted: Credentials }> {
    const deadline = ctx.clock.now() + LOCK_WAIT_MS;
    for (;;) {
      const lease = await ctx.shared.acquire(lockKey, owner, LOCK_TTL_MS);
      if (lease) return lease;
      const stored = await ctx.loadCredentials();
      if (usable(stored, rejected)) return { adopted: stored };
      if (ctx.clock.now() > deadline) {
        throw new TransientError(
          'LP_TRANSIENT_AUTH_LOCK',
          'timed out waiting for a peer to finish a token refresh',
          context,
        );
      }
      await ctx.clock.sleep(LOCK_POLL_MS, ctx.signal);
    }
  }

  async function refreshUnderLock(rejected: string | null): Promise<string> {
    const got = await acquireLock(rejected);
    if ('adopted' in got) {
      log.debug('token refreshed by a peer while we waited');
      local = { ...got.adopted };
      return got.adopted[CREDENTIAL_KEYS.accessToken] as string;
    }
    const lease = got;
    try {
      let current = await ctx.loadCredentials();
      if (usable(current, rejected)) {
        log.debug('token already refreshed by a peer');
        local = { ...current };
        return current[CREDENTIAL_KEYS.accessToken] as string;
      }
      for (let round = 0; ; round++) {
        const refreshToken = current[CREDENTIAL_KEYS.refreshToken];
        if (!refreshToken) {
          throw new AuthError('LP_AUTH_MISSING_CREDENTIALS', 'no refresh token stored for this connection', context);
        }
        let granted: TokenGrant;
        try {
          granted = await requestToken(
            client,
            { grant_type: 'refresh_token', refresh_token: refreshToken },
            ctx.clock.now,
            fetchImpl,
            ctx.signal,
          );
        } catch (e) {
          if (!(e instanceof AuthError && e.code === 'LP_AUTH_REFRESH_REVOKED') || round > 0) throw e;
          // A peer whose lease lapsed may have rotated the token under us: what is stored now wins.
          const stored = await ctx.loadCredentials();
          if (stored[CREDENTIAL_KEYS.refreshToken] === refreshToken) throw e;
          log.warn('refresh token was rotated by a peer during our refresh; adopting the stored one');
          if (usable(stored, rejected)) {
            local = { ...stored };
            return stored[CREDENTIAL_KEYS.accessToken] as string;
          }
          current = stored;
          continue;
        }
        if (!(await ctx.shared.isCurrent(lockKey, lease.fencingToken))) {
          // Our lease lapsed; we still hold the only valid refresh token, so it must be saved regardless.
          log.warn('token lease lapsed during refresh; saving the rotated token anyway');
        }
        local = { ...current, ...granted.credentials };
        unsaved = true;
        await saveHoldingLease();
        log.info(
          { rotated: granted.credentials[CREDENTIAL_KEYS.refreshToken] !== refreshToken },
          'access token refreshed',
        );
        return granted.credentials[CREDENTIAL_KEYS.accessToken] as string;
      }
    } finally {
      await ctx.shared.release(lease);
    }
  }

  function singleFlight(rejected: string | null): Promise<string> {
    if (!inflight) {
      inflight = refreshUnderLock(rejected).finally(() => {
        inflight = null;
      });
    }
    return inflight;
  }

  return {
    async accessToken() {
      await flushUnsaved();
      if (usable(local, null)) return local[CREDENTIAL_KEYS.accessToken] as string;
      return singleFlight(null);
    },
    async forceRefresh(rejected: string) {
      await flushUnsaved();
      if (inflight) {
        const token = await inflight;
        if (token !== rejected) return token;
      }
      if (usable(local, rejected)) return local[CREDENTIAL_KEYS.accessToken] as string;
      return singleFlight(rejected);
    },
  };
}

interface TokenGrant {
  readonly credentials: Credentials;
}

/** Posts a grant to the token endpoint (client_secret_basic) and turns the answer into credentials. */
async function requestToken(
  client: OAuth2Client,
  form: Record<string, string>,
  now: () => number,
  fetchImpl: FetchLike,
  signal?: AbortSignal,
): Promise<TokenGrant> {
  const context = { url: client.tokenUrl };
  let lastError: LedgerpulseError | undefined;
  for (let attempt = 1; attempt <= TOKEN_ATTEMPTS; attempt++) {
    let status: number;
    let text: string;
    let retryAfter: string | null = null;
    try {
      const signals = [AbortSignal.timeout(TOKEN_TIMEOUT_MS)];
      if (signal) signals.push(signal);
      const res = await fetchImpl(client.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.any(signals),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw e;
      lastError = new TransientError('LP_TRANSIENT_NETWORK', 'token request failed', context, { cause: e });
      continue;
    }
    const body = parseJsonObject(text);
    if (status >= 200 && status < 300) return { credentials: credentialsFrom(body, now(), context) };
    const error = typeof body?.error === 'string' ? body.error : '';
    const ctx = { ...context, httpStatus: status, oauthError: error };
    if (error === 'invalid_grant') {
      throw new AuthError('LP_AUTH_REFRESH_REVOKED', 'the refresh token or code was rejected (invalid_grant)', ctx);
    }
    if (error === 'invalid_client' || status === 401) {
      throw new AuthError('LP_AUTH_INVALID_CLIENT', 'the token endpoint rejected the client credentials', ctx);
    }
    if (status === 429) {
      throw new RateLimitError(
        'LP_RATE_LIMITED',
        'token endpoint rate limited',
        parseRetryAfter(retryAfter ?? undefined, now()) ?? now() + 1_000,
        ctx,
      );
    }
    if (status >= 500) {
      lastError = new TransientError('LP_TRANSIENT_HTTP', `token endpoint answered ${status}`, ctx);
      continue;
    }
    throw new AuthError('LP_AUTH_TOKEN_REQUEST', `token endpoint answered ${status} ${error}`.trim(), ctx);
  }
  throw lastError ?? new TransientError('LP_TRANSIENT_HTTP', 'token request failed', context);
}

/** The token endpoint's JSON (RFC 6749 §5.1/5.2 plus Intuit's x_refresh_token_expires_in). */
interface TokenBody {
  readonly access_token?: unknown;
  readonly refresh_token?: unknown;
  readonly expires_in?: unknown;
  readonly x_refresh_token_expires_in?: unknown;
  readonly refresh_token_expires_in?: unknown;
  readonly token_type?: unknown;
  readonly error?: unknown;
}

function parseJsonObject(text: string): TokenBody | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as TokenBody) : null;
  } catch {
    return null;
  }
}

function credentialsFrom(body: TokenBody | null, nowMs: number, context: ErrorContext): Credentials {
  const access = body?.access_token;
  if (typeof access !== 'string' || access === '') {
    throw new ContractViolationError('LP_CONTRACT_TOKEN_RESPONSE', 'token response has no access_token', context);
  }
  const out: Credentials & { token_type?: string } = {
    [CREDENTIAL_KEYS.accessToken]: access,
    [CREDENTIAL_KEYS.issuedAt]: String(nowMs),
  };
  const refresh = body?.refresh_token;
  if (typeof refresh === 'string' && refresh !== '') out[CREDENTIAL_KEYS.refreshToken] = refresh;
  const expiresIn = Number(body?.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) out[CREDENTIAL_KEYS.expiresAt] = String(nowMs + expiresIn * 1000);
  const refreshIn = Number(body?.x_refresh_token_expires_in ?? body?.refresh_token_expires_in);
  if (Number.isFinite(refreshIn) && refreshIn > 0)
    out[CREDENTIAL_KEYS.refreshExpiresAt] = String(nowMs + refreshIn * 1000);
  const tokenType = body?.token_type;
  if (typeof tokenType === 'string') out.token_type = tokenType;
  return out;
}

export interface AuthorizeUrlOptions {
  readonly authorizeUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string | readonly string[];
  readonly state: string;
  /** Platform extras, e.g. Xero's `prompt` or an emulator's realm hint. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The consent URL for the authorization-code grant (response_type=code). */
export function authorizeUrl(o: AuthorizeUrlOptions): string {
  const url = new URL(o.authorizeUrl);
  url.searchParams.set('client_id', o.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', typeof o.scope === 'string' ? o.scope : o.scope.join(' '));
  url.searchParams.set('redirect_uri', o.redirectUri);
  url.searchParams.set('state', o.state);
  for (const [k, v] of Object.entries(o.extra ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Trades an authorization code for the first credentials (access + refresh token, expiry), ready to
 * be sealed and stored. The client id and secret are kept in the record too, so a stored connection
 * can refresh without other configuration.
 */
export async function exchangeCode(
  client: OAuth2Client,
  code: string,
  redirectUri: string,
  opts: { readonly now?: () => number; readonly fetchImpl?: FetchLike; readonly signal?: AbortSignal } = {},
): Promise<Credentials> {
  const grant = await requestToken(
    client,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
    opts.now ?? Date.now,
    opts.fetchImpl ?? fetch,
    opts.signal,
  );
  return { client_id: client.clientId, client_secret: client.clientSecret, ...grant.credentials };
}

export interface CallbackResult {
  readonly code: string;
  readonly state: string;
  readonly realmId?: string;
}

/**
 * Listens on 127.0.0.1:`port` for the browser's redirect after consent and resolves with the code,
 * state and (QuickBooks) realmId. An `error` parameter (consent denied) rejects with an AuthError.
 * Other paths (favicon) get 404 and the wait goes on. The server closes once it has an answer.
 */
export function receiveCallback(port: number, signal?: AbortSignal): Promise<CallbackResult> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const error = url.searchParams.get('error');
      const code = url.searchParams.get('code');
      const state = url.searchParams.get('state');
      if (error) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Authorization was not granted. You can close this window.');
        finish(() =>
          reject(
            new AuthError('LP_AUTH_CONSENT_DENIED', `authorization failed: ${error}`, {
              oauthError: error,
              description: url.searchParams.get('error_description') ?? undefined,
            }),
          ),
        );
        return;
      }
      if (!code || state === null) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Connected</title><p>Ledgerpulse is connected. You can close this window.</p>');
      const realmId = url.searchParams.get('realmId');
      finish(() => resolve(realmId ? { code, state, realmId } : { code, state }));
    });
    const onAbort = () => finish(() => reject(signal?.reason ?? new Error('aborted')));
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      server.close();
      server.closeAllConnections();
      settle();
    }
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    server.once('error', (e) => finish(() => reject(e)));
    server.listen(port, '127.0.0.1');
  });
}
