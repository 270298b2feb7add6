import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CsvProfile } from '../connectors/files/index.js';
import { fileHash, prepareFile } from '../connectors/files/index.js';
import { InvalidInputError } from '../errors/index.js';
import { publishCompanyProfile } from './company-profile.js';
import { isoNow, RAW_TOPIC, type RawBatchMessage, type Runtime } from './context.js';

export interface IngestOptions {
  readonly connectionId: string;
  readonly format?: 'csv' | 'ubl' | 'x12';
  readonly profileName?: string;
  readonly profile?: CsvProfile;
  /** Ingest files this connection has ingested already (e.g. again with a CSV profile after a failure). */
  readonly force?: boolean;
}

export interface IngestedFile {
  readonly file: string;
  readonly status: 'ingested' | 'skipped' | 'failed';
  readonly documents: number;
  readonly errors: readonly string[];
}

/** Lists the files under the given paths (directories one level deep, hidden files skipped), sorted. */
export function listDropFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.')) continue;
        const full = join(p, name);
        if (statSync(full).isFile()) out.push(full);
      }
    } else out.push(p);
  }
  return out;
}

/**
 * Ingests dropped files through the same path as API pages: the file's bytes are kept once by
 * hash, each document becomes an envelope, one raw-queue message names them. A file whose hash is
 * already in the raw store is skipped, so a drop folder can be scanned again and again.
 */
export async function ingestFiles(rt: Runtime, files: readonly string[], opts: IngestOptions): Promise<IngestedFile[]> {
  const connection = await rt.store.connections.get(opts.connectionId);
  if (!connection) {
    throw new InvalidInputError(
      'LP_INPUT_USAGE',
      `no connection ${opts.connectionId}; add one with \`ledgerpulse connections add --platform files --id ${opts.connectionId} …\``,
    );
  }
  await publishCompanyProfile(rt, connection);
  const results: IngestedFile[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    const seen = opts.force ? undefined : await rt.store.raw.getPage(fileHash(bytes));
    // The file's page is written last (below), so it marks a file this connection has ingested.
    if (seen && seen.connectionId === opts.connectionId) {
      results.push({ file, status: 'skipped', documents: 0, errors: [] });
      continue;
    }
    const at = isoNow(rt.clock);
    const prepared = prepareFile(bytes, {
      connectionId: opts.connectionId,
      fetchedAt: at,
      fileName: basename(file),
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.profileName ? { profileName: opts.profileName } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
    });
    // The same bytes dropped for another connection first: skip only if this connection's
    // envelopes of it are all stored already (pages are shared by content, envelopes are not).
    if (seen && prepared.envelopes.length > 0) {
      const stored = await rt.store.raw.get(prepared.envelopes.map((e) => e.id));
      if (stored.length === prepared.envelopes.length) {
        results.push({ file, status: 'skipped', documents: 0, errors: [] });
        continue;
      }
    }
    const errors = prepared.errors.map((e) => e.message);
    if (errors.length) {
      await rt.store.review.add(
        prepared.errors.map((e) => ({
          reason: e.code,
          message: e.message,
          platform: 'files',
          connectionId: opts.connectionId,
          object: prepared.format,
          envelopeId: null,
          field: basename(file),
          detail: { file, fileHash: prepared.fileHash },
        })),
        at,
      );
    }
    // Envelopes, then their messages, then the page: a crash before the page is written leaves the
    // file unmarked, so the next scan ingests it again (ids are deterministic: nothing doubles).
    await rt.store.raw.put(prepared.envelopes);
    const byObject = new Map<string, string[]>();
    for (const e of prepared.envelopes) byObject.set(e.object, [...(byObject.get(e.object) ?? []), e.id]);
    await rt.queue.publish(
      RAW_TOPIC,
      [...byObject.entries()].map(([object, envelopeIds]) => {
        const body: RawBatchMessage = { connectionId: opts.connectionId, platform: 'files', object, envelopeIds };
        return { id: `${opts.connectionId}:${prepared.fileHash}:${object}`, body };
      }),
    );
    await rt.store.raw.put([], [prepared.page]);
    results.push({
      file,
      status: prepared.envelopes.length === 0 && errors.length ? 'failed' : 'ingested',
      documents: prepared.envelopes.length,
      errors,
    });
  }
  return results;
}
