import type { Command } from 'commander';
import { type CorrectionResult, correctRecord, revertCorrection } from '../../review/corrections.js';
import { printJson, UsageError } from '../output.js';
import { cliActor, printTable, type WorkflowFlags, withRuntime, withRuntimeOptions } from './review.js';

interface CorrectFlags extends WorkflowFlags {
  reason?: string;
  jsonValue?: boolean;
  revert?: string;
  list?: boolean;
}

function printResult(r: CorrectionResult, verb: string): void {
  const c = r.correction;
  process.stdout.write(
    `${verb} ${c.recordId} ${c.field}: ${JSON.stringify(c.oldValue)} → ${JSON.stringify(c.value)} (${c.id}, by ${
      c.createdBy
    }: ${c.reason})\n`,
  );
  if (r.record) process.stdout.write(`record now at mapping version ${r.record.provenance.mappingVersion}\n`);
}

export function registerCorrect(program: Command): void {
  withRuntimeOptions(program.command('correct'))
    .description('correct one field of a canonical record (an audited overlay; the raw payload is never edited)')
    .argument('[recordId]', 'canonical record id, e.g. sales_order:c0001:1001')
    .argument('[field]', 'dot path, e.g. total or lines.0.quantity')
    .argument('[value]', 'the new value (text; with --json-value, JSON)')
    .option('--reason <text>', 'why (required)')
    .option('--json-value', 'read the value as JSON (numbers, booleans, null, objects)')
    .option('--revert <correctionId>', 'revert a correction instead')
    .option('--list', "list the record's corrections")
    .option('--by <name>', 'who (audit log); default the OS user')
    .action(
      async (recordId: string | undefined, field: string | undefined, value: string | undefined, o: CorrectFlags) => {
        await withRuntime(o, async (rt) => {
          if (o.revert) {
            const r = await revertCorrection(rt, o.revert, cliActor(o, rt));
            if (o.json) printJson(r);
            else printResult(r, 'Reverted');
            return;
          }
          if (!recordId) throw new UsageError('name the record id (or --revert <correctionId>)');
          if (o.list) {
            const list = await rt.store.workflow.corrections.list({ recordId });
            if (o.json) printJson(list);
            else
              printTable(list as unknown as Record<string, unknown>[], [
                'id',
                'field',
                'oldValue',
                'value',
                'status',
                'createdBy',
                'createdAt',
                'reason',
              ]);
            return;
          }
          if (!field || value === undefined) throw new UsageError('correct <recordId> <field> <value> --reason <text>');
          if (!o.reason) throw new UsageError('--reason is required: corrections are audited');
          let parsed: unknown = value;
          if (o.jsonValue) {
            try {
              parsed = JSON.parse(value);
            } catch (e) {
              throw new UsageError(`--json-value: ${(e as Error).message}`);
            }
          }
          const r = await correctRecord(rt, { recordId, field, value: parsed, reason: o.reason }, cliActor(o, rt));
          if (o.json) printJson(r);
          else printResult(r, 'Corrected');
        });
      },
    );
}
