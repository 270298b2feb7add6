import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { SqlValue } from '../ports/analytics-engine.js';

export const LAKE_LAYOUT_VERSION = 1;
const MANIFEST = '_lake.json';

export interface PartitionEntry {
  /** Path of the partition's one Parquet file, relative to the lake folder. */
  readonly file: string;
  readonly fingerprint: string;
  readonly rows: number;
}

/** What the lake holds: one file per partition, and the settings its rows were written with. */
export interface LakeManifest {
  readonly layout: number;
  readonly reportingCurrency: string;
  readonly fxSource: string;
  readonly asOf: string | null;
  readonly partitions: Record<string, PartitionEntry>;
}

export function readManifest(lakeDir: string, reportingCurrency: string): LakeManifest {
  const path = join(lakeDir, MANIFEST);
  if (!existsSync(path)) {
    return { layout: LAKE_LAYOUT_VERSION, reportingCurrency, fxSource: '', asOf: null, partitions: {} };
  }
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as LakeManifest;
  if (manifest.layout !== LAKE_LAYOUT_VERSION) {
    throw new ConfigError(
      'LP_CONFIG_LAKE_LAYOUT',
      `lake ${lakeDir} has layout ${manifest.layout}, expected ${LAKE_LAYOUT_VERSION}`,
      {
        lakeDir,
      },
    );
  }
  // Observations (inventory, receivables) cannot be re-converted, so one lake holds one reporting currency.
  if (manifest.reportingCurrency !== reportingCurrency) {
    throw new ConfigError(
      'LP_CONFIG_LAKE_CURRENCY',
      `lake ${lakeDir} holds amounts in ${manifest.reportingCurrency}, not ${reportingCurrency}: use another lake folder`,
      { lakeDir, lake: manifest.reportingCurrency, requested: reportingCurrency },
    );
  }
  return manifest;
}

/** Written last and atomically: a crash before this leaves the old manifest, and its files, in force. */
export function writeManifest(lakeDir: string, manifest: LakeManifest): void {
  const path = join(lakeDir, MANIFEST);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Order-independent content hash of a partition's rows (sorted by key). */
export function fingerprint(rows: readonly { key: string; values: readonly SqlValue[] }[]): string {
  const hash = createHash('sha256');
  for (const r of [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    hash.update(JSON.stringify(r.values));
    hash.update('\n');
  }
  return hash.digest('hex');
}

function parquetFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...parquetFilesUnder(path));
    else if (name.endsWith('.parquet') || name.includes('.parquet.tmp-')) out.push(path);
  }
  return out;
}

/**
 * Removes Parquet files the manifest does not name: leftovers of an export that crashed after
 * writing a partition's new file but before the manifest named it. Engines read every file of
 * an object's folder, so a stray file would be counted twice.
 */
export function removeUnlisted(lakeDir: string, manifest: LakeManifest, objects: readonly string[]): number {
  const listed = new Set(Object.values(manifest.partitions).map((p) => p.file));
  let removed = 0;
  for (const object of objects) {
    for (const path of parquetFilesUnder(join(lakeDir, object))) {
      if (!listed.has(relative(lakeDir, path))) {
        rmSync(path, { force: true });
        removed++;
      }
    }
  }
  return removed;
}
