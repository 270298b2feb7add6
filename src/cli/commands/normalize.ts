import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CanonicalRecord, Platform } from '../../canonical/index.js';
import { PLATFORMS } from '../../canonical/index.js';
import { sha256 } from '../../connectors/kit/envelope.js';
import type { MapContext } from '../../connectors/kit/mapper.js';
import { loadConnector } from '../../connectors/registry.js';
import { InvalidInputError } from '../../errors/index.js';
import { printJson, UsageError } from '../output.js';

/** Finds the list inside a page ({"orders": [...]}, {"QueryResponse": {"Invoice": [...]}}, [...]). */
export function unwrapList(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (payload && typeof payload === 'object') {
    const obj = payload as Record<string, unknown>;
    const looksLikeRecord = ['id', 'Id', 'ID', 'InvoiceID', 'ItemID', 'PurchaseOrderID'].some((k) => k in obj);
    if (!looksLikeRecord) {
      for (const v of Object.values(obj)) {
        if (Array.isArray(v) && v.every((x) => x && typeof x === 'object')) return v;
      }
      for (const v of Object.values(obj)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const inner = unwrapList(v);
          if (inner.length && inner !== (v as unknown)) return inner;
        }
      }
    }
  }
  return [payload];
}

function resolveObject(mappers: Readonly<Record<string, unknown>>, object: string): string {
  const candidates = [
    object,
    `${object}s`,
    object.replace(/s$/, ''),
    object.replace(/-/g, '_'),
    `${object.replace(/-/g, '_')}s`,
  ];
  const found = candidates.find((c) => c in mappers);
  if (!found)
    throw new UsageError(`unknown object "${object}"; this platform maps: ${Object.keys(mappers).join(', ')}`);
  return found;
}

export interface NormalizeFileOptions {
  readonly platform: string;
  readonly object: string;
  readonly text: string;
  /** The raw bytes, for file formats whose encoding is detected from them. */
  readonly bytes?: Buffer;
  readonly timeZone: string;
  readonly currency: string;
  readonly profile?: string;
  readonly fileName: string;
}

/** Maps one payload (a record or a list page) and returns the canonical records, or throws a one-line reason. */
export async function normalizeText(o: NormalizeFileOptions): Promise<CanonicalRecord[]> {
  if (!(PLATFORMS as readonly string[]).includes(o.platform)) {
    throw new UsageError(`unknown platform "${o.platform}"; known: ${PLATFORMS.join(', ')}`);
  }
  const connector = await loadConnector(o.platform);
  const ctxBase = {
    platform: o.platform as Platform,
    connectionId: 'cli',
    mappingVersion: connector.mappingVersion,
    timeZone: o.timeZone,
    baseCurrency: o.currency,
  };
  const items = o.platform === 'files' ? await filesItems(o) : jsonItems(o.text);
  const object = o.platform === 'files' ? undefined : resolveObject(connector.mappers, o.object);
  const out: CanonicalRecord[] = [];
  for (const [i, item] of items.entries()) {
    const key = object ?? item.object;
    const mapper = connector.mappers[key] ?? connector.mappers[key.split(':')[0] ?? ''];
    if (!mapper) throw new UsageError(`no mapper for object "${key}"`);
    const ctx: MapContext = { ...ctxBase, envelopeId: `env_cli_${sha256(o.text).slice(0, 16)}_${i}` };
    const result = mapper(item.payload, ctx);
    if ('review' in result) {
      const where = items.length > 1 ? `record ${i + 1} of ${items.length}: ` : '';
      throw new InvalidInputError(
        result.review.code,
        `${where}${result.review.message}${result.review.field ? ` (field ${result.review.field})` : ''}`,
      );
    }
    out.push(...result.ok);
  }
  return out;
}

function jsonItems(text: string): { object: string; payload: unknown }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const why = text.trim() === '' ? 'the input is empty' : (error as Error).message;
    throw new InvalidInputError('LP_INPUT_NOT_JSON', `input is not valid JSON (${why}); is it truncated?`);
  }
  return unwrapList(parsed).map((payload) => ({ object: '', payload }));
}

async function filesItems(o: NormalizeFileOptions): Promise<{ object: string; payload: unknown }[]> {
  const files = await import('../../connectors/files/index.js');
  const format = ['csv', 'ubl', 'x12'].includes(o.object) ? (o.object as 'csv' | 'ubl' | 'x12') : undefined;
  // A --profile that is not a built-in name is a saved profile file.
  const builtin = o.profile ? files.builtinProfile(o.profile) : undefined;
  const profile = o.profile && !builtin ? files.parseProfile(readFileSync(o.profile, 'utf8')) : undefined;
  const split = files.splitFile(o.bytes ?? o.text, {
    ...(format ? { format } : {}),
    ...(builtin && o.profile ? { profileName: o.profile } : {}),
    ...(profile ? { profile } : {}),
    fileName: o.fileName,
  });
  const first = split.errors[0];
  if (first && split.documents.length === 0) throw first;
  return split.documents.map((d) => ({ object: d.object, payload: d.payload }));
}

export function registerNormalize(program: Command): void {
  program
    .command('normalize')
    .description('print the canonical records for a raw payload (one record or a list page) as JSON')
    .requiredOption('--platform <platform>', `one of ${PLATFORMS.join(', ')}`)
    .requiredOption('--object <object>', 'source object, e.g. order, product, inventory_level; for files: csv|ubl|x12')
    .option('--profile <name>', 'CSV profile (files only)')
    .option('--time-zone <zone>', "the company's IANA time zone", 'UTC')
    .option('--currency <code>', "the company's base currency", 'USD')
    .argument('[file]', 'payload file, or - for stdin', '-')
    .action(
      async (
        file: string,
        opts: { platform: string; object: string; profile?: string; timeZone: string; currency: string },
      ) => {
        let text: string;
        try {
          text = readFileSync(file === '-' ? 0 : file, 'utf8');
        } catch (error) {
          throw new InvalidInputError('LP_INPUT_FILE', `cannot read ${file}: ${(error as Error).message}`);
        }
        const records = await normalizeText({
          platform: opts.platform,
          object: opts.object,
          text,
          timeZone: opts.timeZone,
          currency: opts.currency,
          fileName: file,
          ...(opts.profile ? { profile: opts.profile } : {}),
        });
        printJson(records);
      },
    );
}
