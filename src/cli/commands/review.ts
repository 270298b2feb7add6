import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { OpenRuntime } from '../../main.js';
import { isoNow } from '../../pipeline/context.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../ports/review-store.js';
import type { Actor } from '../../ports/review-workflow.js';
import { listReviewItems, reviewGroups, setReviewStatus, showReviewItem } from '../../review/queue.js';
import { printJson, UsageError } from '../output.js';
import { openCliRuntime } from '../runtime.js';

/** Options every workflow command takes. */
export interface WorkflowFlags {
  readonly dataDir?: string;
  readonly config?: string;
  readonly json?: boolean;
  readonly by?: string;
}

export function withRuntimeOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'where the store lives (default: LP_DATA_DIR or ./.data)')
    .option('--config <file>', 'a JSON config file')
    .option('--json', 'print JSON instead of tables');
}

export async function withRuntime<T>(flags: WorkflowFlags, run: (rt: OpenRuntime) => Promise<T>): Promise<T> {
  const rt = await openCliRuntime({
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.config ? { config: flags.config } : {}),
  });
  try {
    return await run(rt);
  } finally {
    await rt.close();
  }
}

/** The audit actor of a CLI change: --by, else the OS user. */
export function cliActor(flags: WorkflowFlags, rt: OpenRuntime): Actor {
  return { by: flags.by ?? `cli:${userInfo().username}`, at: isoNow(rt.clock) };
}

const cellText = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** A plain aligned table on stdout. */
export function printTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cells = rows.map((r) => columns.map((c) => cellText(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

function parseStatus(s: string | undefined): ReviewStatus | undefined {
  if (s === undefined) return undefined;
  if (!(REVIEW_STATUSES as readonly string[]).includes(s))
    throw new UsageError(`--status is one of ${REVIEW_STATUSES.join(', ')}`);
  return s as ReviewStatus;
}

interface ListFlags extends WorkflowFlags {
  status?: string;
  reason?: string;
  connection?: string;
  platform?: string;
  object?: string;
  field?: string;
  limit: string;
  groups?: boolean;
}

interface StatusFlags extends WorkflowFlags {
  reason?: string;
  platform?: string;
  object?: string;
  field?: string;
  note?: string;
}

async function changeStatus(ids: string[], o: StatusFlags, status: ReviewStatus): Promise<void> {
  if (ids.length === 0 && !(o.reason && o.platform)) {
    throw new UsageError(
      'name review item ids, or a kind with --reason and --platform (and optionally --object, --field)',
    );
  }
  await withRuntime(o, async (rt) => {
    const group =
      ids.length === 0 && o.reason && o.platform
        ? {
            reason: o.reason,
            platform: o.platform,
            ...(o.object !== undefined ? { object: o.object === '' ? null : o.object } : {}),
            ...(o.field !== undefined ? { field: o.field === '' ? null : o.field } : {}),
          }
        : undefined;
    const out = await setReviewStatus(
      rt.store,
      { ...(ids.length ? { ids } : {}), ...(group ? { group } : {}) },
      status,
      o.note ?? null,
      cliActor(o, rt),
    );
    if (o.json) printJson(out);
    else process.stdout.write(`${out.updated} review item(s) ${status}\n`);
  });
}

export function registerReview(program: Command): void {
  const review = program
    .command('review')
    .description('the review queue: failed, dead-lettered and suspicious records');

  withRuntimeOptions(review.command('list'))
    .description('list review items (or --groups: counts per kind)')
    .option('--status <status>', 'open | resolved | ignored', 'open')
    .option('--reason <code>', 'e.g. LP_INPUT_SCHEMA, LP_SUSPICIOUS_TOTAL')
    .option('--connection <id>')
    .option('--platform <platform>')
    .option('--object <object>')
    .option('--field <field>')
    .option('--limit <n>', 'at most this many items', '100')
    .option('--groups', 'group by kind (reason, platform, object, field)')
    .action(async (o: ListFlags) => {
      await withRuntime(o, async (rt) => {
        const status = parseStatus(o.status);
        if (o.groups) {
          const groups = await reviewGroups(rt.store, status);
          if (o.json) printJson(groups);
          else
            printTable(groups as unknown as Record<string, unknown>[], [
              'reason',
              'platform',
              'object',
              'field',
              'open',
              'total',
            ]);
          return;
        }
        const items = await listReviewItems(rt.store, {
          ...(status ? { status } : {}),
          ...(o.reason ? { reason: o.reason } : {}),
          ...(o.connection ? { connectionId: o.connection } : {}),
          ...(o.platform ? { platform: o.platform } : {}),
          ...(o.object !== undefined ? { object: o.object } : {}),
          ...(o.field !== undefined ? { field: o.field } : {}),
          limit: o.object !== undefined || o.field !== undefined ? 1_000_000 : Number(o.limit),
        });
        const shown = items.slice(0, Number(o.limit));
        if (o.json) printJson(shown);
        else
          printTable(shown as unknown as Record<string, unknown>[], [
            'id',
            'reason',
            'connectionId',
            'object',
            'field',
            'status',
            'lastSeen',
            'message',
          ]);
      });
    });

  withRuntimeOptions(review.command('show'))
    .description('one item beside its raw envelope and the records it produced')
    .argument('<id>')
    .action(async (id: string, o: WorkflowFlags) => {
      await withRuntime(o, async (rt) => {
        const view = await showReviewItem(rt.store, id);
        if (o.json) {
          printJson(view);
          return;
        }
        const { item, envelope, records } = view;
        process.stdout.write(
          `${item.id}  ${item.status}  ${item.reason}${item.field ? ` (${item.field})` : ''}\n${item.message}\n` +
            `platform ${item.platform}  connection ${item.connectionId}  object ${item.object ?? '-'}\n` +
            `first seen ${item.firstSeen}  last seen ${item.lastSeen}  ×${item.occurrences}\n`,
        );
        if (envelope) {
          let payload = envelope.payload;
          try {
            payload = JSON.stringify(JSON.parse(payload), null, 2);
          } catch {
            // Not JSON (CSV, XML, EDI): shown as received.
          }
          process.stdout.write(
            `\nraw envelope ${envelope.id} (${envelope.externalId} @ ${envelope.sourceVersion})\n${payload}\n`,
          );
        }
        for (const r of records) process.stdout.write(`\nrecord ${r.id} (${r.provenance.mappingVersion})\n`);
      });
    });

  for (const [name, status] of [
    ['resolve', 'resolved'],
    ['ignore', 'ignored'],
  ] as const) {
    withRuntimeOptions(review.command(name))
      .description(`${name} items by id, or every open item of one kind`)
      .argument('[ids...]')
      .option('--reason <code>', 'with --platform: the kind to act on')
      .option('--platform <platform>')
      .option('--object <object>')
      .option('--field <field>')
      .option('--note <text>')
      .option('--by <name>', 'who (audit log); default the OS user')
      .action(async (ids: string[], o: StatusFlags) => {
        await changeStatus(ids, o, status);
      });
  }
}
