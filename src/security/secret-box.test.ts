import { describe, expect, it } from 'vitest';
import { createSecretBox, parseMasterKey } from './secret-box.js';

const key = parseMasterKey('11'.repeat(32));

describe('secret box', () => {
  it('round-trips and never shows the secret in the sealed text', () => {
    const box = createSecretBox(key);
    const sealed = box.seal({ refresh_token: 'rt-very-secret' });
    expect(sealed).not.toContain('rt-very-secret');
    expect(box.open(sealed)).toEqual({ refresh_token: 'rt-very-secret' });
  });

  it('refuses a wrong key with a clear error', () => {
    const sealed = createSecretBox(key).seal({ a: 'b' });
    expect(() => createSecretBox(parseMasterKey('22'.repeat(32))).open(sealed)).toThrow(/wrong LEDGERPULSE_MASTER_KEY/);
  });

  it('explains a missing or short key', () => {
    expect(() => parseMasterKey(undefined)).toThrow(/LEDGERPULSE_MASTER_KEY/);
    expect(() => parseMasterKey('abcd')).toThrow(/32 bytes/);
  });
});
