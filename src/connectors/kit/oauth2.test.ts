import { describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../adapters/shared-state/memory/shared-state.js';
import { AuthError } from '../../errors/index.js';
import { silentLogger } from '../../log/logger.js';
import type { SharedState } from '../../ports/shared-state.js';
import { createFakeClock, type FakeClock } from './clock.js';
import { authorizeUrl, createTokenProvider, exchangeCode, type OAuth2Client, type TokenContext } from './oauth2.js';

const TOKEN_URL = 'https://auth.test/oauth2/token';
const client: OAuth2Client = { tokenUrl: TOKEN_URL, clientId: 'cid', clientSecret: 'csecret' };

/**
 * An in-memory token endpoint with rotating refresh tokens: each refresh token works once. It answers
 * on microtasks only, so the fake clock drives every wait.
 */
function fakeTokenEndpoint(clock: FakeClock, opts: { failFirst?: number; expiresIn?: number } = {}) {
  let valid = new Set(['r0']);
  let serial = 0;
  let failures = opts.failFirst ?? 0;
  const calls: URLSearchParams[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    expect(String(url)).toBe(TOKEN_URL);
    expect(new Headers(init?.headers).get('authorization')).toBe(
      `Basic ${Buffer.from('cid:csecret').toString('base64')}`,
    );
    const form = new URLSearchParams(String(init?.body));
    calls.push(form);
    if (failures > 0) {
      failures -= 1;
      return new Response('{"error":"server_error"}', { status: 503 });
    }
    const presented = form.get('grant_type') === 'refresh_token' ? form.get('refresh_token') : form.get('code');
    if (!presented || !valid.has(presented)) {
      return new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 });
    }
    serial += 1;
    valid = new Set([`r${serial}`]);
    return Response.json({
      token_type: 'bearer',
      access_token: `a${serial}`,
      refresh_token: `r${serial}`,
      expires_in: opts.expiresIn ?? 3600,
      x_refresh_token_expires_in: 8_726_400,
    });
  }) as typeof fetch;
  return { fetchImpl, calls, allow: (token: string) => valid.add(token), now: () => clock.now() };
}

/** The stored credentials every worker of the connection reads (the connection store, in production). */
function credentialsHolder(initial: Record<string, string>) {
  let stored = { ...initial };
  const saves: Record<string, string>[] = [];
  return {
    get: () => ({ ...stored }),
    saves,
    load: async () => ({ ...stored }),
    save: async (c: Record<string, string>) => {
      saves.push({ ...c });
      stored = { ...c };
    },
  };
}

function contextFor(
  holder: ReturnType<typeof credentialsHolder>,
  shared: SharedState,
  clock: FakeClock,
  overrides: Partial<TokenContext> = {},
): TokenContext {
  return {
    connection: { id: 'conn_1', account: '9130350000000001', baseUrl: 'https://api.test', credentials: holder.get() },
    logger: silentLogger(),
    clock,
    shared,
    signal: new AbortController().signal,
    loadCredentials: holder.load,
    saveCredentials: holder.save,
    ...overrides,
  };
}

function setup(expiresAt: number, opts: { failFirst?: number; expiresIn?: number } = {}) {
  const clock = createFakeClock(Date.UTC(2026, 0, 1));
  const shared = createMemorySharedState(clock);
  const endpoint = fakeTokenEndpoint(clock, opts);
  const holder = credentialsHolder({
    client_id: 'cid',
    client_secret: 'csecret',
    access_token: 'a0',
    refresh_token: 'r0',
    expires_at: String(expiresAt),
  });
  return { clock, shared, endpoint, holder };
}

describe('createTokenProvider', () => {
  it('hands out the stored token while it is valid beyond the refresh-ahead window', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 + 3_600_000);
    const provider = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    expect(await provider.accessToken()).toBe('a0');
    expect(endpoint.calls).toHaveLength(0);
  });

  it('refreshes ahead of expiry and persists the rotated refresh token (other keys kept)', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    // Expires in 60 s: inside the default 120 s refresh-ahead window.
    const { clock, shared, endpoint, holder } = setup(t0 + 60_000);
    const provider = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    expect(await provider.accessToken()).toBe('a1');
    expect(endpoint.calls).toHaveLength(1);
    expect(endpoint.calls[0]?.get('grant_type')).toBe('refresh_token');
    expect(endpoint.calls[0]?.get('refresh_token')).toBe('r0');
    expect(holder.get()).toMatchObject({
      client_id: 'cid',
      client_secret: 'csecret',
      access_token: 'a1',
      refresh_token: 'r1',
      expires_at: String(t0 + 3_600_000),
      issued_at: String(t0),
      refresh_token_expires_at: String(t0 + 8_726_400_000),
    });
    // The new token is cached: no second call.
    expect(await provider.accessToken()).toBe('a1');
    expect(endpoint.calls).toHaveLength(1);
  });

  it('persists the rotated token before handing out the new access token', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 - 1);
    let releaseSave: () => void = () => {};
    const saveGate = new Promise<void>((r) => {
      releaseSave = r;
    });
    const provider = createTokenProvider(
      client,
      contextFor(holder, shared, clock, {
        saveCredentials: async (c) => {
          await saveGate;
          await holder.save(c);
        },
      }),
      endpoint.fetchImpl,
    );
    let handedOut: string | null = null;
    const pending = provider.accessToken().then((t) => {
      handedOut = t;
      return t;
    });
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(endpoint.calls).toHaveLength(1);
    expect(handedOut).toBeNull();
    releaseSave();
    expect(await pending).toBe('a1');
    expect(holder.get()).toMatchObject({ refresh_token: 'r1' });
  });

  it('single-flight across two workers: one refresh call, both get the new token', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 - 1);
    const workerA = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    const workerB = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    const [a, b, a2] = await Promise.all([workerA.accessToken(), workerB.accessToken(), workerA.accessToken()]);
    expect([a, b, a2]).toEqual(['a1', 'a1', 'a1']);
    expect(endpoint.calls).toHaveLength(1);
    expect(holder.saves).toHaveLength(1);
    expect(holder.get()).toMatchObject({ refresh_token: 'r1' });
  });

  it('forceRefresh after a 401 adopts a peer’s newer token without calling the endpoint', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 + 3_600_000);
    const workerA = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    const workerB = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    expect(await workerB.accessToken()).toBe('a0');
    expect(await workerA.forceRefresh('a0')).toBe('a1');
    expect(await workerB.forceRefresh('a0')).toBe('a1');
    expect(endpoint.calls).toHaveLength(1);
  });

  it('invalid_grant with the stored token is a revoked connection (AuthError LP_AUTH_REFRESH_REVOKED)', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, holder } = setup(t0 - 1);
    const endpoint = fakeTokenEndpoint(clock);
    await holder.save({ ...holder.get(), refresh_token: 'revoked' });
    const provider = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    const err = await provider.accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('LP_AUTH_REFRESH_REVOKED');
    expect((err as AuthError).disposition).toBe('reauthenticate');
  });

  it('invalid_grant because a peer rotated meanwhile adopts the stored token instead of failing', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 - 1);
    // A replica that is one write behind: the first read still shows r0, which a peer already used.
    endpoint.allow('r0');
    const peer = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    expect(await peer.accessToken()).toBe('a1');
    let reads = 0;
    const stale = { ...holder.get(), access_token: 'a0', refresh_token: 'r0', expires_at: String(t0 - 1) };
    const provider = createTokenProvider(
      client,
      contextFor(holder, shared, clock, {
        connection: { id: 'conn_1', account: '9130350000000001', baseUrl: 'https://api.test', credentials: stale },
        loadCredentials: async () => (reads++ === 0 ? { ...stale } : holder.load()),
      }),
      endpoint.fetchImpl,
    );
    expect(await provider.accessToken()).toBe('a1');
    expect(endpoint.calls).toHaveLength(2);
  });

  it('retries a 5xx from the token endpoint', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 - 1, { failFirst: 2 });
    const provider = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    expect(await provider.accessToken()).toBe('a1');
    expect(endpoint.calls).toHaveLength(3);
  });

  it('a save that fails once is retried while the lease is held', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 - 1);
    let failures = 1;
    const provider = createTokenProvider(
      client,
      contextFor(holder, shared, clock, {
        saveCredentials: async (c) => {
          if (failures-- > 0) throw new Error('store blip');
          await holder.save(c);
        },
      }),
      endpoint.fetchImpl,
    );
    expect(await provider.accessToken()).toBe('a1');
    expect(holder.get()).toMatchObject({ refresh_token: 'r1' });
    expect(endpoint.calls).toHaveLength(1);
  });

  it('a save that keeps failing withholds the token; the next call saves it without another refresh', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const { clock, shared, endpoint, holder } = setup(t0 - 1);
    let failures = 3;
    const provider = createTokenProvider(
      client,
      contextFor(holder, shared, clock, {
        saveCredentials: async (c) => {
          if (failures > 0) {
            failures -= 1;
            throw new Error('store unavailable');
          }
          await holder.save(c);
        },
      }),
      endpoint.fetchImpl,
    );
    await expect(provider.accessToken()).rejects.toThrow('store unavailable');
    expect(await provider.accessToken()).toBe('a1');
    expect(holder.get()).toMatchObject({ refresh_token: 'r1' });
    expect(endpoint.calls).toHaveLength(1);
  });

  it('caps the refresh-ahead window at half the lifetime of short-lived tokens', async () => {
    const { clock, shared, endpoint, holder } = setup(Date.UTC(2026, 0, 1) - 1, { expiresIn: 10 });
    const provider = createTokenProvider(client, contextFor(holder, shared, clock), endpoint.fetchImpl);
    expect(await provider.accessToken()).toBe('a1');
    clock.advance(4_000);
    expect(await provider.accessToken()).toBe('a1');
    clock.advance(2_000);
    expect(await provider.accessToken()).toBe('a2');
    expect(endpoint.calls).toHaveLength(2);
  });

  it('a connection without a refresh token cannot refresh', async () => {
    const clock = createFakeClock();
    const holder = credentialsHolder({ access_token: 'a0', expires_at: '0' });
    const provider = createTokenProvider(
      client,
      contextFor(holder, createMemorySharedState(clock), clock),
      fakeTokenEndpoint(clock).fetchImpl,
    );
    await expect(provider.accessToken()).rejects.toMatchObject({ code: 'LP_AUTH_MISSING_CREDENTIALS' });
  });
});

describe('authorization-code helpers', () => {
  it('builds the consent URL', () => {
    const url = new URL(
      authorizeUrl({
        authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
        clientId: 'cid',
        redirectUri: 'http://127.0.0.1:8765/callback',
        scope: ['com.intuit.quickbooks.accounting'],
        state: 'st-1',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      redirect_uri: 'http://127.0.0.1:8765/callback',
      state: 'st-1',
    });
  });

  it('exchanges a code for credentials, keeping the client id and secret', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const endpoint = fakeTokenEndpoint(clock);
    endpoint.allow('code-1');
    const creds = await exchangeCode(client, 'code-1', 'http://127.0.0.1/cb', {
      now: clock.now,
      fetchImpl: endpoint.fetchImpl,
    });
    expect(endpoint.calls[0]?.get('grant_type')).toBe('authorization_code');
    expect(endpoint.calls[0]?.get('redirect_uri')).toBe('http://127.0.0.1/cb');
    expect(creds).toMatchObject({
      client_id: 'cid',
      client_secret: 'csecret',
      access_token: 'a1',
      refresh_token: 'r1',
      expires_at: String(Date.UTC(2026, 0, 1) + 3_600_000),
      token_type: 'bearer',
    });
  });
});
