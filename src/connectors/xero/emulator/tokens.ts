import { randomBytes } from 'node:crypto';

export interface TokenOptions {
  readonly accessTtlMs: number;
  /** How long a used refresh token still works (Xero: about 30 minutes, to allow retrying a lost answer). */
  readonly refreshGraceMs: number;
  /** An unused refresh token expires after this (Xero: 60 days). */
  readonly refreshTtlMs: number;
}

interface AccessRecord {
  readonly tenants: readonly string[];
  readonly expiresAt: number;
}

interface RefreshRecord {
  readonly tenants: readonly string[];
  readonly expiresAt: number;
  usedAt: number | null;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresInS: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type AccessCheck =
  | { readonly ok: true; readonly tenants: readonly string[] }
  | { readonly ok: false; readonly reason: 'unknown' }
  | { readonly ok: false; readonly reason: 'expired'; readonly expiredAt: number };

/**
 * The identity server's tokens: opaque access tokens that expire, and single-use refresh tokens
 * that rotate on every refresh (a used one keeps working only for the grace period).
 */
export function createTokenStore(opts: TokenOptions, now: () => number) {
  const access = new Map<string, AccessRecord>();
  const refresh = new Map<string, RefreshRecord>();
  const codes = new Map<string, { tenants: readonly string[]; redirectUri: string; expiresAt: number }>();
  const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

  function issue(tenants: readonly string[]): TokenPair {
    const t = now();
    const pair = {
      accessToken: token('xat'),
      refreshToken: token('xrt'),
      expiresInS: Math.round(opts.accessTtlMs / 1000),
      issuedAt: t,
      expiresAt: t + opts.accessTtlMs,
    };
    access.set(pair.accessToken, { tenants, expiresAt: pair.expiresAt });
    refresh.set(pair.refreshToken, { tenants, expiresAt: t + opts.refreshTtlMs, usedAt: null });
    return pair;
  }

  return {
    issue,
    check(accessToken: string): AccessCheck {
      const rec = access.get(accessToken);
      if (!rec) return { ok: false, reason: 'unknown' };
      if (rec.expiresAt <= now()) return { ok: false, reason: 'expired', expiredAt: rec.expiresAt };
      return { ok: true, tenants: rec.tenants };
    },
    /** Rotates: a fresh pair, or null (invalid_grant) for an unknown, expired or already-used token past grace. */
    refresh(refreshToken: string): TokenPair | null {
      const rec = refresh.get(refreshToken);
      const t = now();
      if (!rec || rec.expiresAt <= t) return null;
      if (rec.usedAt !== null && t - rec.usedAt > opts.refreshGraceMs) return null;
      if (rec.usedAt === null) rec.usedAt = t;
      return issue(rec.tenants);
    },
    /** Ends a refresh token at once (revocation, or an injected "revoked" fault). */
    revoke(refreshToken: string): void {
      refresh.delete(refreshToken);
    },
    createCode(tenants: readonly string[], redirectUri: string): string {
      const code = token('xac');
      codes.set(code, { tenants, redirectUri, expiresAt: now() + 5 * 60_000 });
      return code;
    },
    /** Codes are single-use and bound to the redirect URI they were issued for. */
    redeemCode(code: string, redirectUri: string): TokenPair | null {
      const rec = codes.get(code);
      codes.delete(code);
      if (!rec || rec.expiresAt <= now() || rec.redirectUri !== redirectUri) return null;
      return issue(rec.tenants);
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
