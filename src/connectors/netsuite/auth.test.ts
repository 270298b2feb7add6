import { describe, expect, it } from 'vitest';
import { accountBaseUrl, accountHostOf, NETSUITE_BASE_URL_TEMPLATE, realmOf } from './auth.js';

describe('NetSuite account ids', () => {
  it('keeps the realm upper-case with an underscore and the host lower-case with a hyphen', () => {
    expect(realmOf('1234567_sb1')).toBe('1234567_SB1');
    expect(realmOf('1234567-SB1')).toBe('1234567_SB1');
    expect(accountHostOf('1234567_SB1')).toBe('1234567-sb1');
  });

  it('fills the base-URL template, or keeps a fixed URL (emulator, proxy)', () => {
    expect(accountBaseUrl(NETSUITE_BASE_URL_TEMPLATE, '1234567_SB1')).toBe(
      'https://1234567-sb1.suitetalk.api.netsuite.com',
    );
    expect(accountBaseUrl('', 'TSTDRV0001')).toBe('https://tstdrv0001.suitetalk.api.netsuite.com');
    expect(accountBaseUrl('http://127.0.0.1:9000/accounts/{accountId}/', 'tstdrv0001')).toBe(
      'http://127.0.0.1:9000/accounts/TSTDRV0001',
    );
    expect(accountBaseUrl('http://127.0.0.1:9000', 'TSTDRV0001')).toBe('http://127.0.0.1:9000');
  });
});
