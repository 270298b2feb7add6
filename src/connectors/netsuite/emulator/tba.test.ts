import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTbaSigner } from '../../kit/oauth1.js';
import type { TbaSecrets } from './tba.js';
import { createNonceCache, parseOAuthHeader, verifyTba } from './tba.js';

const secrets: TbaSecrets = { consumerKey: 'ck', consumerSecret: 'c s', tokenId: 'tk', tokenSecret: 't&s' };
const NOW = 1_767_225_600_000;
const signer = (realm = 'TSTDRV0001', now = NOW) =>
  createTbaSigner({ realm, credentials: secrets, clock: { now: () => now } });

function verify(url: string, header: string | undefined, method = 'GET', nowMs = NOW, nonces = createNonceCache(300)) {
  const u = new URL(url);
  return verifyTba(
    { method, origin: `${u.protocol}//${u.host}`, rawPathAndQuery: `${u.pathname}${u.search}`, authorization: header },
    (realm) => (realm === 'TSTDRV0001' ? secrets : undefined),
    nonces,
    nowMs,
    300,
  );
}

describe('verifyTba (server side, independent of the signing library)', () => {
  it('accepts what the kit signer produces, for arbitrary query strings', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 10 }), { maxKeys: 4 }),
        (query) => {
          const u = new URL('http://127.0.0.1:5000/accounts/TSTDRV0001/services/rest/query/v1/suiteql');
          for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
          const req = signer().sign({ method: 'POST', url: u.toString() });
          expect(verify(req.url, req.headers?.['Authorization'], 'POST')).toEqual({ ok: true, realm: 'TSTDRV0001' });
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });

  it('decodes + in a raw query as a space, as the form rules say', () => {
    const req = signer().sign({ method: 'GET', url: 'http://h:1/x?q=a%20b' });
    const header = req.headers?.['Authorization'];
    expect(verify('http://h:1/x?q=a+b', header).ok).toBe(true);
  });

  it.each([
    ['a different method', (h: string) => verify('http://h:1/x?limit=5', h, 'POST')],
    ['a different query', (h: string) => verify('http://h:1/x?limit=6', h)],
    ['a different path', (h: string) => verify('http://h:1/y?limit=5', h)],
    ['a different host', (h: string) => verify('http://h:2/x?limit=5', h)],
    ['a stale timestamp', (h: string) => verify('http://h:1/x?limit=5', h, 'GET', NOW + 301_000)],
    ['an unknown realm', (h: string) => verify('http://h:1/x?limit=5', h.replace('TSTDRV0001', 'TSTDRV0002'))],
  ])('refuses %s', (_name, check) => {
    const header = signer().authorizationHeader('GET', 'http://h:1/x?limit=5');
    expect(check(header).ok).toBe(false);
  });

  it('spends a nonce once', () => {
    const nonces = createNonceCache(300);
    const header = signer().authorizationHeader('GET', 'http://h:1/x');
    expect(verify('http://h:1/x', header, 'GET', NOW, nonces).ok).toBe(true);
    expect(verify('http://h:1/x', header, 'GET', NOW, nonces)).toMatchObject({
      ok: false,
      reason: 'nonce already used',
    });
  });

  it('parses the header and refuses what is not OAuth', () => {
    expect(parseOAuthHeader('OAuth realm="R", oauth_nonce="a%20b"')).toEqual({ realm: 'R', oauth_nonce: 'a b' });
    expect(parseOAuthHeader('Bearer abc')).toBeNull();
    expect(parseOAuthHeader(undefined)).toBeNull();
    expect(verify('http://h:1/x', 'Bearer abc')).toMatchObject({ ok: false });
  });
});
