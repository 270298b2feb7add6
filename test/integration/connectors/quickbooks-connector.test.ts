import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySharedState } from '../../../src/adapters/shared-state/memory/shared-state.js';
import { createFakeClock, systemClock } from '../../../src/connectors/kit/clock.js';
import type { PageRecord, StreamContext } from '../../../src/connectors/kit/define.js';
import type { TokenContext } from '../../../src/connectors/kit/oauth2.js';
import { createTokenProvider, receiveCallback } from '../../../src/connectors/kit/oauth2.js';
import {
  exchangeQuickbooksCode,
  oauthClientFor,
  quickbooksAuthorizeUrl,
} from '../../../src/connectors/quickbooks/auth.js';
import {
  EMULATOR_CLIENT,
  type RunningEmulator,
  startQuickbooksEmulator,
} from '../../../src/connectors/quickbooks/emulator/server.js';
import { createQuickbooksConnector } from '../../../src/connectors/quickbooks/index.js';
import type { CompanySpec, SynthKind } from '../../../src/emulation/economy/index.js';
import { createEconomy, createFaultInjector, documentAt } from '../../../src/emulation/economy/index.js';
import { AuthError } from '../../../src/errors/index.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { Clock } from '../../../src/ports/clock.js';
import type { SharedState } from '../../../src/ports/shared-state.js';

const economy = createEconomy({ seed: 11, companies: 4, platforms: ['quickbooks'], volumeScale: 0.05 });
const [alpha, beta] = economy.companiesOn('quickbooks') as [CompanySpec, CompanySpec];

type StreamName = 'invoices' | 'credit_memos' | 'bills' | 'purchase_orders' | 'items' | 'customers' | 'vendors';

/** The stored credentials of one connection, as every worker sees them (the connection store's role). */
function credentialsHolder<T extends Record<string, string>>(initial: T) {
  let stored = { ...initial };
  return {
    get: () => ({ ...stored }),
    load: async () => ({ ...stored }),
    save: async (c: Record<string, string>) => {
      stored = { ...(c as T) };
    },
  };
}

function contextFor(
  spec: CompanySpec,
  baseUrl: string,
  holder: ReturnType<typeof credentialsHolder>,
  shared: SharedState,
  clock: Clock = systemClock,
): StreamContext & TokenContext {
  return {
    connection: { id: `qbo-${spec.id}`, account: spec.account, baseUrl, credentials: holder.get() },
    logger: silentLogger(),
    clock,
    shared,
    signal: new AbortController().signal,
    loadCredentials: holder.load,
    saveCredentials: holder.save,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function drain(
  connector: ReturnType<typeof createQuickbooksConnector>,
  ctx: StreamContext,
  names?: readonly StreamName[],
): Promise<Partial<Record<StreamName, PageRecord[]>>> {
  const out: Partial<Record<StreamName, PageRecord[]>> = {};
  for (const stream of connector.streams) {
    const name = stream.name as StreamName;
    if (names && !names.includes(name)) continue;
    const records: PageRecord[] = [];
    for await (const page of stream.read(ctx, null)) records.push(...page.records);
    out[name] = records;
  }
  return out;
}

function liveIds(spec: CompanySpec, kind: SynthKind, at: string): string[] {
  return economy
    .company(spec.id)
    .documents.filter((d) => d.kind === kind)
    .filter((d) => {
      const s = documentAt(d, at);
      return s !== undefined && s.status !== 'deleted';
    })
    .map((d) => d.id)
    .sort();
}

describe('OAuth 2.0 against the emulator token endpoint', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startQuickbooksEmulator({ economy });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('two workers racing to refresh one rotating token: one refresh reaches the emulator, both get a working token', async () => {
    const initial = emu.credentialsFor(alpha.account);
    // The stored access token has expired: both workers decide to refresh at once.
    const holder = credentialsHolder({ ...initial, expires_at: String(Date.now() - 1_000) });
    const shared = createMemorySharedState();
    const client = oauthClientFor(contextFor(alpha, emu.baseUrl, holder, shared).connection);
    const workerA = createTokenProvider(client, contextFor(alpha, emu.baseUrl, holder, shared));
    const workerB = createTokenProvider(client, contextFor(alpha, emu.baseUrl, holder, shared));
    const before = emu.stats().tokenGrants.refresh_token;

    const [a, b] = await Promise.all([workerA.accessToken(), workerB.accessToken()]);

    expect(emu.stats().tokenGrants.refresh_token).toBe(before + 1);
    expect(a).toBe(b);
    expect(a).not.toBe(initial.access_token);
    const stored = holder.get();
    expect(stored.access_token).toBe(a);
    expect(stored.refresh_token).not.toBe(initial.refresh_token);
    // The connection stays usable: the token works, and the rotated refresh token refreshes again.
    const res = await fetch(
      `${emu.baseUrl}/v3/company/${alpha.account}/query?query=${encodeURIComponent('select count(*) from Invoice')}&minorversion=75`,
      { headers: { authorization: `Bearer ${a}`, accept: 'application/json' } },
    );
    expect(res.status).toBe(200);
    const next = await workerB.forceRefresh(a);
    expect(next).not.toBe(a);
    expect(emu.stats().tokenGrants.refresh_token).toBe(before + 2);
  });

  it('connect: consent URL → emulator consent → local callback → code exchange → working credentials', async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const callback = receiveCallback(port, AbortSignal.timeout(10_000));
    const url = quickbooksAuthorizeUrl({
      authorizeUrl: `${emu.baseUrl}/connect/oauth2`,
      clientId: EMULATOR_CLIENT.clientId,
      redirectUri,
      state: 'state-123',
    });
    expect(new URL(url).searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
    // The "browser": follow the consent redirect to the local receiver.
    const consent = await fetch(`${url}&realmId=${beta.account}`, { redirect: 'manual' });
    const location = consent.headers.get('location') ?? '';
    const landing = await fetch(location);
    expect(landing.status).toBe(200);
    const got = await callback;
    expect(got).toMatchObject({ state: 'state-123', realmId: beta.account });

    const credentials = await exchangeQuickbooksCode(
      { tokenUrl: `${emu.baseUrl}/oauth2/v1/tokens/bearer`, ...EMULATOR_CLIENT },
      got.code,
      redirectUri,
      got.realmId ?? '',
    );
    expect(credentials).toMatchObject({
      client_id: EMULATOR_CLIENT.clientId,
      realm_id: beta.account,
      token_url: `${emu.baseUrl}/oauth2/v1/tokens/bearer`,
    });
    const holder = credentialsHolder(credentials);
    const connector = createQuickbooksConnector();
    const read = await drain(connector, contextFor(beta, emu.baseUrl, holder, createMemorySharedState()), ['vendors']);
    expect(read.vendors).toHaveLength(economy.company(beta.id).vendors.length);
  });

  it('a consent denial rejects the callback with an AuthError', async () => {
    const port = await freePort();
    const callback = receiveCallback(port, AbortSignal.timeout(10_000));
    const settled = callback.catch((e: unknown) => e);
    await fetch(`http://127.0.0.1:${port}/callback?error=access_denied&state=s`);
    const err = await settled;
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('LP_AUTH_CONSENT_DENIED');
  });
});

describe('connector behaviour under the contract’s failure modes', () => {
  it('reads everything despite throttles, 5xx, cut bodies, expired tokens and records moving between pages', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 5));
    const faults = createFaultInjector(
      17,
      'rateLimitStorm=0.04,serverError=0.05,dropMidBody=0.03,expiredToken=0.03,slow=0.02,truncatedJson=0.05,updatedBetweenPages=0.1,repeatedAcrossPages=0.05',
    );
    const emu = await startQuickbooksEmulator({ economy, faults, wallClock: clock.now, slowMs: 5 });
    try {
      const shared = createMemorySharedState(clock);
      const holder = credentialsHolder(emu.credentialsFor(alpha.account));
      // A storm is up to four 429s in a row, and other faults may follow: allow more attempts than the default 6.
      const connector = createQuickbooksConnector({
        pageSize: 7,
        maxAttempts: 12,
        breaker: { failureThreshold: 50 },
        retryBaseMs: 10,
      });
      const read = await drain(connector, contextFor(alpha, emu.baseUrl, holder, shared, clock), [
        'invoices',
        'bills',
        'purchase_orders',
      ]);
      for (const [stream, kind] of [
        ['invoices', 'invoice'],
        ['bills', 'bill'],
        ['purchase_orders', 'purchase_order'],
      ] as const) {
        const ids = [...new Set((read[stream] ?? []).map((r) => r.externalId))].sort();
        expect(ids, stream).toEqual(liveIds(alpha, kind, economy.endAt));
      }
      const kinds = new Set(faults.log.map((e) => e.kind));
      for (const k of [
        'rate_limit',
        'server_error',
        'drop_mid_body',
        'expired_token',
        'truncated_json',
        'updated_between_pages',
      ]) {
        expect(kinds.has(k), k).toBe(true);
      }
      const stats = emu.stats();
      expect(stats.rateLimitViolations).toBe(0);
      expect(stats.tokenGrants.refresh_token).toBeGreaterThan(0);
      // Throttles were waited out on the fake clock (Intuit's 60 s each), not on the wall clock.
      expect(clock.sleeps.some((ms) => ms >= 59_000)).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it('paces itself under the realm allowance: many small pages, no violations, time spent waiting', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 5));
    const emu = await startQuickbooksEmulator({ economy, wallClock: clock.now });
    try {
      const holder = credentialsHolder(emu.credentialsFor(alpha.account));
      const connector = createQuickbooksConnector({ pageSize: 1 });
      const started = clock.now();
      const read = await drain(
        connector,
        contextFor(alpha, emu.baseUrl, holder, createMemorySharedState(clock), clock),
        ['vendors', 'bills'],
      );
      expect((read.bills ?? []).map((r) => r.externalId).sort()).toEqual(liveIds(alpha, 'bill', economy.endAt));
      const { requests, rateLimitViolations } = emu.stats();
      expect(requests).toBeGreaterThan(25);
      expect(rateLimitViolations).toBe(0);
      // At most 10 a second: the requests could not have gone out faster.
      expect(clock.now() - started).toBeGreaterThanOrEqual(((requests - 10) / 10) * 1000);
    } finally {
      await emu.close();
    }
  });

  it('a revoked refresh token stops the read with AuthError LP_AUTH_REFRESH_REVOKED', async () => {
    const emu = await startQuickbooksEmulator({ economy, faults: createFaultInjector(1, 'revokedRefresh=1') });
    try {
      const holder = credentialsHolder({ ...emu.credentialsFor(alpha.account), expires_at: '0' });
      const connector = createQuickbooksConnector();
      const err = await drain(connector, contextFor(alpha, emu.baseUrl, holder, createMemorySharedState()), [
        'vendors',
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).code).toBe('LP_AUTH_REFRESH_REVOKED');
    } finally {
      await emu.close();
    }
  });

  it('a token for another realm is a 403 AuthError, with no refresh attempted', async () => {
    const emu = await startQuickbooksEmulator({ economy });
    try {
      const holder = credentialsHolder(emu.credentialsFor(beta.account));
      const connector = createQuickbooksConnector();
      const err = await drain(connector, contextFor(alpha, emu.baseUrl, holder, createMemorySharedState()), [
        'vendors',
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).code).toBe('LP_AUTH_FORBIDDEN');
      expect(emu.stats().tokenGrants.refresh_token).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
