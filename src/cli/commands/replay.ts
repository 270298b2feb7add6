import type { Command } from 'commander';
import { type ReplayDiff, type ReplaySelection, replay } from '../../pipeline/replay.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../ports/review-store.js';
import { createWorkflowHooks } from '../../review/hooks.js';
import { printJson, UsageError } from '../output.js';
import { cliActor, printTable, type WorkflowFlags, withRuntime, withRuntimeOptions } from './review.js';

interface ReplayFlags extends WorkflowFlags {
  dryRun?: boolean;
  envelopes?: string;
  reviewItems?: string;
  reason?: string;
  status?: string;
  driftAlert?: string;
  connection?: string;
  platform?: string;
  object?: string;
  from?: string;
  to?: string;
  run?: string;
  all?: boolean;
  maxDetails: string;
}

const list = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function selectionOf(o: ReplayFlags): ReplaySelection {
  if (o.status !== undefined && !(REVIEW_STATUSES as readonly string[]).includes(o.status)) {
    throw new UsageError(`--status is one of ${REVIEW_STATUSES.join(', ')}`);
  }
  const envelopeIds = list(o.envelopes);
  const reviewItemIds = list(o.reviewItems);
  return {
    ...(envelopeIds ? { envelopeIds } : {}),
    ...(reviewItemIds ? { reviewItemIds } : {}),
    ...(o.reason ? { reviewReason: o.reason } : {}),
    ...(o.status ? { reviewStatus: o.status as ReviewStatus } : {}),
    ...(o.driftAlert ? { driftAlertId: o.driftAlert } : {}),
    ...(o.connection ? { connectionId: o.connection } : {}),
    ...(o.platform ? { platform: o.platform } : {}),
    ...(o.object ? { object: o.object } : {}),
    ...(o.from ? { fetchedFrom: new Date(o.from).toISOString() } : {}),
    ...(o.to ? { fetchedTo: new Date(o.to).toISOString() } : {}),
    ...(o.run ? { runId: o.run } : {}),
    ...(o.all ? { all: true } : {}),
  };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The diff as an operator reads it: counts, then each record added, changed (field by field) or removed. */
export function printDiff(d: ReplayDiff): void {
  process.stdout.write(
    `${d.dryRun ? 'Dry run: nothing written.' : 'Applied.'} ${d.envelopes} envelope(s) replayed from the raw store.\n\n`,
  );
  printTable(
    [
      { what: 'records added', n: d.counts.added },
      { what: 'records changed', n: d.counts.changed },
      { what: 'records removed to review', n: d.counts.removed },
      { what: 'records unchanged', n: d.unchanged },
      { what: 'superseded by a newer version', n: d.superseded },
      { what: 'review items opened', n: d.counts.opened },
      { what: 'review items resolved', n: d.counts.resolved },
    ],
    ['what', 'n'],
  );
  if (d.added.length) {
    process.stdout.write('\nadded\n');
    printTable(d.added as unknown as Record<string, unknown>[], ['id', 'mappingVersion', 'envelopeId']);
  }
  if (d.changed.length) {
    process.stdout.write('\nchanged\n');
    printTable(
      d.changed.flatMap((c) =>
        c.fields.map((f) => ({ id: c.id, field: f.path, before: show(f.before), after: show(f.after) })),
      ),
      ['id', 'field', 'before', 'after'],
    );
  }
  if (d.removed.length) {
    process.stdout.write('\nremoved to review\n');
    printTable(d.removed as unknown as Record<string, unknown>[], ['id', 'reason', 'message']);
  }
  if (d.reviews.resolved.length) {
    process.stdout.write('\nreview items resolved\n');
    printTable(d.reviews.resolved as unknown as Record<string, unknown>[], ['id', 'reason', 'field', 'envelopeId']);
  }
  if (d.reviews.opened.length) {
    process.stdout.write('\nreview items opened\n');
    printTable(d.reviews.opened as unknown as Record<string, unknown>[], ['reason', 'field', 'envelopeId', 'message']);
  }
  if (d.truncated) process.stdout.write('\n(lists truncated; the counts are exact)\n');
}

export function registerReplay(program: Command): void {
  withRuntimeOptions(program.command('replay'))
    .description(
      're-normalize a selection from the raw store with the current mapping version (never contacts the source)',
    )
    .option('--dry-run', 'print the diff of what would change, write nothing')
    .option('--envelopes <ids>', 'comma-separated envelope ids')
    .option('--review-items <ids>', 'comma-separated review item ids')
    .option('--reason <code>', 'the envelopes of review items with this reason')
    .option('--status <status>', 'with --reason: review status (default open)')
    .option('--drift-alert <id>', 'the envelopes a drift alert affects')
    .option('--connection <id>')
    .option('--platform <platform>')
    .option('--object <object>')
    .option('--from <instant>', 'fetched at or after')
    .option('--to <instant>', 'fetched before')
    .option('--run <id>', 'the sync run (batch) that fetched the envelopes')
    .option('--all', 'every envelope in the raw store')
    .option('--max-details <n>', 'records listed per section', '50')
    .option('--by <name>', 'who (audit log); default the OS user')
    .action(async (o: ReplayFlags) => {
      const selection = selectionOf(o);
      await withRuntime(o, async (rt) => {
        const hooks = createWorkflowHooks(rt.store.workflow, { clock: rt.clock, drift: false });
        const diff = await replay(rt, selection, {
          dryRun: o.dryRun === true,
          by: cliActor(o, rt).by,
          hooks,
          maxDetails: Number(o.maxDetails),
        });
        if (o.json) printJson(diff);
        else printDiff(diff);
      });
    });
}
