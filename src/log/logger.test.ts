import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

const FAKE = 'sk_live_FAKE_SECRET_4242424242';

/** A logger writing into an array of lines. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

describe('the logger never writes a credential', () => {
  it('censors credentials by key at any depth and case, in text, in bindings, in errors and in messages', () => {
    const { logger, text } = capture();
    logger.info({ connection: { auth: { tokens: { refresh_token: FAKE } } } }, 'nested');
    logger.info({ req: { headers: { Authorization: `Bearer ${FAKE}` } } }, 'capitalised header');
    logger.info({ url: `https://api.example.com/token?grant_type=refresh_token&refresh_token=${FAKE}` }, 'url');
    logger.info({ body: `grant_type=authorization_code&client_secret=${FAKE}&code=abc` }, 'form body');
    logger.info({ payload: JSON.stringify({ access_token: FAKE, expires_in: 3600 }) }, 'json text');
    logger.info({ netsuite: { a: { b: { token_secret: FAKE } } } }, 'tba');
    logger.child({ credentials: { access_token: FAKE } }).info('bindings');
    logger.error({ err: new Error(`refresh failed for Bearer ${FAKE}`) }, 'error');
    logger.warn(`retrying with access_token=${FAKE}`);
    const out = text();
    expect(out).not.toContain(FAKE);
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(9);
    // What is not a secret stays readable.
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['msg'])).toEqual([
      'nested',
      'capitalised header',
      'url',
      'form body',
      'json text',
      'tba',
      'bindings',
      'error',
      'retrying with access_token=[redacted]',
    ]);
    expect(lines[2]?.['url']).toBe('https://api.example.com/token?grant_type=refresh_token&refresh_token=[redacted]');
    expect(JSON.parse(String(lines[4]?.['payload']))).toEqual({ access_token: '[redacted]', expires_in: 3600 });
  });
});
