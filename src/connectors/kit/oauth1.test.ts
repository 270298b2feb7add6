import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../errors/index.js';
import { createTbaSigner, normalizeSignedUrl, percentEncode, tbaCredentialsFrom } from './oauth1.js';

const credentials = { consumerKey: 'ck', consumerSecret: 'cs&x', tokenId: 'tk', tokenSecret: 'ts' };
const fixedClock = { now: () => 1_767_225_600_000 };

function headerParams(header: string): Record<string, string> {
  expect(header.startsWith('OAuth ')).toBe(true);
  const out: Record<string, string> = {};
  for (const m of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) {
    out[m[1] as string] = decodeURIComponent(m[2] as string);
  }
  return out;
}

/** An independent RFC 5849 §3.4.1 base string, to check the library's against. */
function independentSignature(method: string, url: string, oauth: Record<string, string>, secrets: string): string {
  const u = new URL(url);
  const params: [string, string][] = [];
  for (const [k, v] of Object.entries(oauth)) if (k !== 'oauth_signature' && k !== 'realm') params.push([k, v]);
  for (const [k, v] of u.searchParams) params.push([k, v]);
  const encoded = params.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const paramString = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  const base = [method, percentEncode(`${u.protocol}//${u.host}${u.pathname}`), percentEncode(paramString)].join('&');
  return createHmac('sha256', secrets).update(base).digest('base64');
}

describe('createTbaSigner', () => {
  it('signs with HMAC-SHA256 over the method, normalized URL and query parameters (fixed vector)', () => {
    const signer = createTbaSigner({ realm: '1234567_SB1', credentials, clock: fixedClock, nonce: () => 'abc123' });
    const header = signer.authorizationHeader(
      'post',
      'https://1234567-SB1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=5&offset=10',
    );
    // Expected value computed with `openssl dgst -sha256 -hmac 'cs%26x&ts'` over the hand-written base string
    // POST&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Fquery%2Fv1%2Fsuiteql&limit%3D5
    // %26oauth_consumer_key%3Dck%26oauth_nonce%3Dabc123%26oauth_signature_method%3DHMAC-SHA256
    // %26oauth_timestamp%3D1767225600%26oauth_token%3Dtk%26oauth_version%3D1.0%26offset%3D10
    const p = headerParams(header);
    expect(p['oauth_signature']).toBe('EXMPt33T0gutAHaYQ0MDtkxkZzD7wAaxqVWyWxjpqE8=');
    expect(header.startsWith('OAuth realm="1234567_SB1", ')).toBe(true);
    expect(p).toMatchObject({
      realm: '1234567_SB1',
      oauth_consumer_key: 'ck',
      oauth_token: 'tk',
      oauth_nonce: 'abc123',
      oauth_timestamp: '1767225600',
      oauth_signature_method: 'HMAC-SHA256',
      oauth_version: '1.0',
    });
    // The signature is percent-encoded inside the header.
    expect(header).toContain('oauth_signature="EXMPt33T0gutAHaYQ0MDtkxkZzD7wAaxqVWyWxjpqE8%3D"');
  });

  it('changes the signature when a query parameter changes (limit/offset are signed)', () => {
    const signer = createTbaSigner({ realm: 'TSTDRV1', credentials, clock: fixedClock, nonce: () => 'n' });
    const a = headerParams(signer.authorizationHeader('POST', 'https://h.example/q?limit=5&offset=0'));
    const b = headerParams(signer.authorizationHeader('POST', 'https://h.example/q?limit=5&offset=5'));
    expect(a['oauth_signature']).not.toBe(b['oauth_signature']);
  });

  it('uses a fresh nonce per request and the clock for the timestamp', () => {
    let t = 1_700_000_000_000;
    const signer = createTbaSigner({ realm: 'R', credentials, clock: { now: () => t } });
    const a = headerParams(signer.authorizationHeader('GET', 'https://h.example/x'));
    t += 61_000;
    const b = headerParams(signer.authorizationHeader('GET', 'https://h.example/x'));
    expect(a['oauth_nonce']).not.toBe(b['oauth_nonce']);
    expect(a['oauth_nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(b['oauth_timestamp']) - Number(a['oauth_timestamp'])).toBe(61);
  });

  it('agrees with an independent base-string implementation for arbitrary query values', () => {
    const signer = createTbaSigner({ realm: 'R', credentials, clock: fixedClock, nonce: () => 'nonce' });
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,8}$/), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
        fc.constantFrom('GET', 'POST'),
        (query, method) => {
          const u = new URL('http://127.0.0.1:8080/accounts/TSTDRV1/services/rest/record/v1/invoice/12');
          for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
          const req = signer.sign({ method, url: u.toString() });
          const auth = req.headers?.['Authorization'] ?? '';
          const p = headerParams(auth);
          const expected = independentSignature(method, req.url, p, 'cs%26x&ts');
          expect(p['oauth_signature']).toBe(expected);
          // The URL sent keeps the same parameters.
          expect(Object.fromEntries(new URL(req.url).searchParams)).toEqual(query);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('sign() keeps the request headers and body, adding Authorization', () => {
    const signer = createTbaSigner({ realm: 'R', credentials, clock: fixedClock, nonce: () => 'n' });
    const req = signer.sign({
      method: 'POST',
      url: 'https://h.example/suiteql?limit=2',
      headers: { Prefer: 'transient' },
      body: '{"q":"SELECT 1"}',
    });
    expect(req.headers?.['Prefer']).toBe('transient');
    expect(req.body).toBe('{"q":"SELECT 1"}');
    expect(req.headers?.['Authorization']).toMatch(/^OAuth realm="R", oauth_consumer_key="ck"/);
  });
});

describe('normalizeSignedUrl', () => {
  it('lower-cases the host, drops the default port and fragment, re-encodes + and spaces', () => {
    expect(normalizeSignedUrl('HTTPS://ABC-SB1.Example.com:443/Path/x?q=a+b&r=c%2Bd#frag')).toBe(
      'https://abc-sb1.example.com/Path/x?q=a%20b&r=c%2Bd',
    );
    expect(normalizeSignedUrl('http://127.0.0.1:9999/a')).toBe('http://127.0.0.1:9999/a');
  });
});

describe('tbaCredentialsFrom', () => {
  it('reads the snake_case keys', () => {
    expect(tbaCredentialsFrom({ consumer_key: 'a', consumer_secret: 'b', token_id: 'c', token_secret: 'd' })).toEqual({
      consumerKey: 'a',
      consumerSecret: 'b',
      tokenId: 'c',
      tokenSecret: 'd',
    });
  });

  it('refuses incomplete credentials with an AuthError naming what is missing (never the secrets)', () => {
    try {
      tbaCredentialsFrom({ consumer_key: 'a', token_secret: 'secret-value' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AuthError);
      expect((e as AuthError).code).toBe('LP_AUTH_MISSING_CREDENTIALS');
      expect((e as AuthError).message).toContain('consumer_secret, token_id');
      expect((e as AuthError).message).not.toContain('secret-value');
    }
  });
});
