import type { RawEnvelope } from '../../canonical/index.js';
import type { InvalidInputError } from '../../errors/index.js';
import { makeEnvelope } from '../kit/envelope.js';
import { decodeText } from './decode.js';
import { fileHash } from './hash.js';
import type { SplitFileOptions } from './split.js';
import { splitFile } from './split.js';
import type { FileFormat } from './types.js';

const FILE_CONTENT_TYPES: Readonly<Record<FileFormat, string>> = {
  csv: 'text/csv',
  ubl: 'application/xml',
  x12: 'application/edi-x12',
};

/** The whole file as the raw store keeps it (same fields as ports' RawPage). */
export interface FilePage {
  readonly hash: string;
  readonly connectionId: string;
  /** With "; encoding=base64" when the bytes are not UTF-8 and `body` holds them as base64. */
  readonly contentType: string;
  readonly body: string;
  readonly source: string;
  readonly fetchedAt: string;
}

export interface PreparedFile {
  readonly format: FileFormat | null;
  /** sha256 hex of the file's bytes: skip the file when this hash was ingested before. */
  readonly fileHash: string;
  readonly page: FilePage;
  readonly envelopes: readonly RawEnvelope[];
  /** Envelope id -> the document's label ("X12 810 ST 0001 (invoice 6463367) in a.edi"). */
  readonly labels: Readonly<Record<string, string>>;
  readonly errors: readonly InvalidInputError[];
}

export interface PrepareFileOptions extends SplitFileOptions {
  readonly connectionId: string;
  readonly fetchedAt: string;
  readonly runId?: string | null;
}

/**
 * A dropped file as raw envelopes (one per document, pageHash = the file's hash) plus the file
 * page that keeps its bytes. Pure: the caller stores, queues and records the hash.
 */
export function prepareFile(bytes: Buffer | Uint8Array | string, opts: PrepareFileOptions): PreparedFile {
  const raw = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const hash = fileHash(raw);
  const split = splitFile(raw, opts);
  const decoded = decodeText(raw);
  const baseType = split.format ? FILE_CONTENT_TYPES[split.format] : 'application/octet-stream';
  // Valid UTF-8 (with or without a BOM) is kept as text, which re-encodes to the same bytes.
  const utf8 = decoded.encoding === 'utf-8';
  const page: FilePage = {
    hash,
    connectionId: opts.connectionId,
    contentType: utf8 ? baseType : `${baseType}; encoding=base64`,
    body: utf8 ? Buffer.from(raw).toString('utf8') : Buffer.from(raw).toString('base64'),
    source: `file:${opts.fileName}`,
    fetchedAt: opts.fetchedAt,
  };
  const labels: Record<string, string> = {};
  const envelopes = split.documents.map((d) => {
    const env = makeEnvelope({
      platform: 'files',
      connectionId: opts.connectionId,
      account: opts.connectionId,
      object: d.object,
      externalId: d.externalId,
      sourceVersion: d.sourceVersion,
      sourceUpdatedAt: d.sourceUpdatedAt,
      fetchedAt: opts.fetchedAt,
      contentType: d.contentType,
      payload: d.payload,
      pageHash: hash,
      runId: opts.runId ?? null,
    });
    labels[env.id] = d.label;
    return env;
  });
  return { format: split.format, fileHash: hash, page, envelopes, labels, errors: split.errors };
}
