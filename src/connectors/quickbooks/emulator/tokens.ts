import { randomBytes } from 'node:crypto';

/**
 * The emulator's OAuth 2.0 state: authorization codes (single use, 5 min), access tokens (1 h by
 * default) and rotating refresh tokens: every refresh returns a new refresh token and the one
 * presented stops working at once, so a client that refreshes twice with the same token, or loses
 * the rotated one, gets `invalid_grant`.
 */
export interface TokenOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlSeconds: number;
  readonly now: () => number;
}

export interface Grant {
  readonly token_type: 'bearer';
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly x_refresh_token_expires_in: number;
}

interface Issued {
  readonly realm: string;
  readonly expiresAt: number;
}

export type TokenCheck = { readonly realm: string } | 'expired' | 'invalid';

function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export function createTokenStore(o: TokenOptions) {
  const access = new Map<string, Issued>();
  const refresh = new Map<string, Issued>();
  const codes = new Map<string, Issued & { readonly redirectUri: string }>();

  function issue(realm: string): Grant {
    const now = o.now();
    const a = token('eyJlbXUiOiJxYm8ifQ.');
    const r = token('AB1');
    access.set(a, { realm, expiresAt: now + o.accessTtlSeconds * 1000 });
    refresh.set(r, { realm, expiresAt: now + o.refreshTtlSeconds * 1000 });
    return {
      token_type: 'bearer',
      access_token: a,
      refresh_token: r,
      expires_in: o.accessTtlSeconds,
      x_refresh_token_expires_in: o.refreshTtlSeconds,
    };
  }

  return {
    clientOk(id: string, secret: string): boolean {
      return id === o.clientId && secret === o.clientSecret;
    },
    issue,
    createCode(realm: string, redirectUri: string): string {
      const code = token('AB11');
      codes.set(code, { realm, redirectUri, expiresAt: o.now() + 300_000 });
      return code;
    },
    redeemCode(code: string, redirectUri: string): Grant | null {
      const c = codes.get(code);
      codes.delete(code);
      if (!c || c.expiresAt <= o.now() || c.redirectUri !== redirectUri) return null;
      return issue(c.realm);
    },
    /** Rotation: the presented refresh token is spent whatever happens next. */
    redeemRefresh(presented: string): Grant | null {
      const r = refresh.get(presented);
      refresh.delete(presented);
      if (!r || r.expiresAt <= o.now()) return null;
      return issue(r.realm);
    },
    revokeRefresh(presented: string): void {
      refresh.delete(presented);
    },
    revoke(t: string): void {
      access.delete(t);
      refresh.delete(t);
    },
    check(t: string): TokenCheck {
      const a = access.get(t);
      if (!a) return 'invalid';
      if (a.expiresAt <= o.now()) return 'expired';
      return { realm: a.realm };
    },
    /** The "expired token" fault: the token really stops working. */
    expire(t: string): void {
      const a = access.get(t);
      if (a) access.set(t, { ...a, expiresAt: 0 });
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
