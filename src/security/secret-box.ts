import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigError, InvalidInputError } from '../errors/index.js';

/**
 * Credentials at rest are sealed with AES-256-GCM under a 32-byte master key. The sealed form is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a wrong key or a tampered value fails loudly.
 */
export interface SecretBox {
  seal(value: Record<string, string>): string;
  open(sealed: string): Record<string, string>;
}

export function parseMasterKey(text: string | undefined): Buffer {
  if (!text) {
    throw new ConfigError(
      'LP_CONFIG_MASTER_KEY',
      'no master key: set LEDGERPULSE_MASTER_KEY to 32 bytes as 64 hex characters or base64 ' +
        '(e.g. `openssl rand -hex 32`), or LEDGERPULSE_MASTER_KEY_FILE to a file holding it',
    );
  }
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('LP_CONFIG_MASTER_KEY', `the master key must be 32 bytes; got ${key.length}`);
  }
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        data.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || data === undefined) {
        throw new InvalidInputError('LP_AUTH_MISSING_CREDENTIALS', 'sealed credentials are not in the v1 format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
        return JSON.parse(text) as Record<string, string>;
      } catch (cause) {
        throw new ConfigError(
          'LP_CONFIG_MASTER_KEY',
          'cannot open sealed credentials: wrong LEDGERPULSE_MASTER_KEY or tampered value',
          {},
          { cause },
        );
      }
    },
  };
}

/**
 * The secret box of a runtime opened without a master key: commands that never touch credentials
 * (review, drift, signals, replay) work; the first seal or open fails with the missing-key error.
 */
export function secretBoxFor(masterKey: string | undefined): SecretBox {
  if (masterKey) return createSecretBox(parseMasterKey(masterKey));
  return {
    seal: () => createSecretBox(parseMasterKey(masterKey)).seal({}),
    open: () => createSecretBox(parseMasterKey(masterKey)).open(''),
  };
}
