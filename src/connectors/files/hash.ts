import { sha256 } from '../kit/envelope.js';

/** Content hash of a dropped file (sha256 hex of its bytes): a file already ingested is skipped by it. */
export function fileHash(bytes: Buffer | Uint8Array | string): string {
  return sha256(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
}
