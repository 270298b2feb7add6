import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidInputError } from '../../errors/index.js';
import { RULE_TRANSFORM_KINDS } from '../../ports/review-workflow.js';
import { previewRule, saveRule } from '../../review/mapping-rules.js';
import { printJson, UsageError } from '../output.js';
import { printDiff } from './replay.js';
import { cliActor, printTable, type WorkflowFlags, withRuntime, withRuntimeOptions } from './review.js';

interface RuleFlags extends WorkflowFlags {
  source: string;
  target: string;
  platform?: string;
  connection?: string;
  object?: string;
  transform: string;
  format?: string;
  op?: string;
  factor?: string;
  value?: string;
  table?: string;
  tableFile?: string;
  fallback?: string;
  note?: string;
  replaces?: string;
  yes?: boolean;
}

function transformOf(o: RuleFlags): Record<string, unknown> {
  switch (o.transform) {
    case 'rename':
    case 'decimal_comma':
      return { kind: o.transform };
    case 'date_format':
      if (!o.format) throw new UsageError('date_format needs --format, e.g. DD/MM/YYYY');
      return { kind: 'date_format', format: o.format };
    case 'scale':
      if (!o.factor) throw new UsageError('scale needs --factor, e.g. 100 (with --op divide for minor units)');
      return { kind: 'scale', op: o.op ?? 'divide', by: o.factor };
    case 'constant': {
      if (o.value === undefined) throw new UsageError('constant needs --value (JSON: "EUR" quoted, 0, true, null)');
      let value: unknown = o.value;
      try {
        value = JSON.parse(o.value);
      } catch {
        // A bare word is a string constant.
      }
      return { kind: 'constant', value };
    }
    case 'lookup': {
      let table: Record<string, string>;
      if (o.tableFile) table = JSON.parse(readFileSync(o.tableFile, 'utf8')) as Record<string, string>;
      else if (o.table) {
        table = Object.fromEntries(
          o.table.split(',').map((pair) => {
            const eq = pair.indexOf('=');
            if (eq < 1) throw new UsageError(`--table wants key=value pairs, got "${pair}"`);
            return [pair.slice(0, eq), pair.slice(eq + 1)];
          }),
        );
      } else throw new UsageError('lookup needs --table key=value,... or --table-file table.json');
      return { kind: 'lookup', table, ...(o.fallback !== undefined ? { fallback: o.fallback } : {}) };
    }
    default:
      throw new UsageError(`--transform is one of ${RULE_TRANSFORM_KINDS.join(', ')}`);
  }
}

function ruleOf(o: RuleFlags): Record<string, unknown> {
  return {
    scope: { platform: o.platform ?? null, connectionId: o.connection ?? null, object: o.object ?? null },
    sourceField: o.source,
    targetField: o.target,
    transform: transformOf(o),
    note: o.note ?? null,
    ...(o.replaces ? { replaces: o.replaces } : {}),
  };
}

function ruleOptions(cmd: Command): Command {
  return withRuntimeOptions(cmd)
    .requiredOption('--source <path>', 'source field (dot path; * for every array element)')
    .requiredOption('--target <path>', 'the field the mapper reads')
    .option('--platform <platform>', 'scope: one platform (default: all)')
    .option('--connection <id>', 'scope: one connection')
    .option('--object <object>', 'scope: one raw object, e.g. orders')
    .option('--transform <kind>', RULE_TRANSFORM_KINDS.join(' | '), 'rename')
    .option('--format <format>', 'date_format: e.g. DD/MM/YYYY')
    .option('--op <op>', 'scale: multiply | divide', 'divide')
    .option('--factor <n>', 'scale: e.g. 100')
    .option('--value <json>', 'constant: the value')
    .option('--table <pairs>', 'lookup: key=value,key=value')
    .option('--table-file <file>', 'lookup: a JSON object file')
    .option('--fallback <value>', 'lookup: value for keys not in the table')
    .option('--note <text>', 'why the rule exists');
}

export function registerMappings(program: Command): void {
  const mappings = program
    .command('mappings')
    .description('versioned field mapping rules (rewrite source payloads before mapping)');

  withRuntimeOptions(mappings.command('list'))
    .description('list rules in rule-set version order')
    .option('--all', 'include retired rules')
    .action(async (o: WorkflowFlags & { all?: boolean }) => {
      await withRuntime(o, async (rt) => {
        const rules = await rt.store.workflow.rules.list(o.all ? {} : { status: 'active' });
        if (o.json) printJson(rules);
        else
          printTable(
            rules.map((r) => ({
              id: r.id,
              version: r.version,
              status: r.status,
              scope: [r.scope.platform ?? '*', r.scope.connectionId ?? '*', r.scope.object ?? '*'].join('/'),
              source: r.sourceField,
              target: r.targetField,
              transform: r.transform.kind,
              by: r.createdBy,
              note: r.note,
            })),
            ['id', 'version', 'status', 'scope', 'source', 'target', 'transform', 'by', 'note'],
          );
      });
    });

  ruleOptions(mappings.command('preview'))
    .description('show what a rule would change (a dry-run replay of its scope with the rule)')
    .action(async (o: RuleFlags) => {
      await withRuntime(o, async (rt) => {
        const preview = await previewRule(rt, ruleOf(o), { maxDetails: 50 });
        if (o.json) printJson(preview);
        else {
          process.stdout.write(
            `Rule would be version ${preview.version} (mapping versions get +${preview.mappingVersionSuffix}).\n`,
          );
          printDiff(preview.diff);
          process.stdout.write(`\npreview id ${preview.previewId}\n`);
        }
      });
    });

  ruleOptions(mappings.command('add'))
    .description('preview a rule, then save it with --yes (the normalizer applies it from its next batch)')
    .option('--replaces <id>', 'the rule this one supersedes')
    .option('--yes', 'save after the preview')
    .option('--by <name>', 'who (audit log); default the OS user')
    .action(async (o: RuleFlags) => {
      await withRuntime(o, async (rt) => {
        const rule = ruleOf(o);
        const preview = await previewRule(rt, rule, { maxDetails: 50 });
        if (!o.yes) {
          if (o.json) printJson({ saved: false, preview });
          else {
            printDiff(preview.diff);
            process.stdout.write('\nNot saved: run again with --yes to save this rule.\n');
          }
          return;
        }
        const saved = await saveRule(rt, rule, preview.previewId, cliActor(o, rt));
        if (o.json) printJson({ saved: true, rule: saved, preview });
        else {
          process.stdout.write(
            `Saved rule ${saved.id} as version ${saved.version}. ` +
              `${preview.diff.counts.added + preview.diff.counts.changed} record(s) change on replay: ` +
              `ledgerpulse replay${o.connection ? ` --connection ${o.connection}` : o.platform ? ` --platform ${o.platform}` : ' --all'}` +
              `${o.object ? ` --object ${o.object}` : ''} --dry-run\n`,
          );
        }
      });
    });

  withRuntimeOptions(mappings.command('retire'))
    .description('retire a rule (kept for provenance)')
    .argument('<id>')
    .option('--by <name>', 'who (audit log); default the OS user')
    .action(async (id: string, o: WorkflowFlags) => {
      await withRuntime(o, async (rt) => {
        const rule = await rt.store.workflow.rules.retire(id, cliActor(o, rt));
        if (!rule) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no active rule ${id}`);
        if (o.json) printJson(rule);
        else process.stdout.write(`Retired rule ${id}.\n`);
      });
    });
}
