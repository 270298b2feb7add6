import type { Command } from 'commander';
import { InvalidInputError } from '../../errors/index.js';
import { printJson, UsageError } from '../output.js';
import { cliActor, printTable, type WorkflowFlags, withRuntime, withRuntimeOptions } from './review.js';

interface DriftFlags extends WorkflowFlags {
  status?: string;
  platform?: string;
  limit: string;
  note?: string;
}

export function registerDrift(program: Command): void {
  const drift = program.command('drift').description('schema drift: fields appearing, disappearing or changing type');

  withRuntimeOptions(drift.command('list'))
    .description('list drift alerts')
    .option('--status <status>', 'open | acknowledged (default: all)')
    .option('--platform <platform>')
    .action(async (o: DriftFlags) => {
      if (o.status && o.status !== 'open' && o.status !== 'acknowledged')
        throw new UsageError('--status is open or acknowledged');
      await withRuntime(o, async (rt) => {
        const alerts = await rt.store.workflow.drift.alerts({
          ...(o.status ? { status: o.status as 'open' | 'acknowledged' } : {}),
          ...(o.platform ? { platform: o.platform } : {}),
        });
        if (o.json) printJson(alerts);
        else
          printTable(
            alerts.map((a) => ({
              id: a.id,
              stream: `${a.platform}/${a.object}`,
              field: a.path,
              change: a.change,
              types: `${a.fromType ?? '∅'} → ${a.toType ?? '∅'}`,
              affected: a.affected,
              status: a.status,
              firstSeen: a.firstSeen,
              firstEnvelope: a.firstEnvelopeId,
            })),
            ['id', 'stream', 'field', 'change', 'types', 'affected', 'status', 'firstSeen', 'firstEnvelope'],
          );
      });
    });

  withRuntimeOptions(drift.command('show'))
    .description('one alert and the envelopes it affects')
    .argument('<id>')
    .option('--limit <n>', 'envelopes listed', '100')
    .action(async (id: string, o: DriftFlags) => {
      await withRuntime(o, async (rt) => {
        const [alert] = await rt.store.workflow.drift.alerts({ ids: [id] });
        if (!alert) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no drift alert ${id}`);
        const affected = await rt.store.workflow.drift.affected(id, Number(o.limit));
        if (o.json) printJson({ ...alert, affectedEnvelopeIds: affected });
        else {
          process.stdout.write(
            `${alert.platform}/${alert.object}: ${alert.path} ${alert.change} (${alert.fromType ?? '∅'} → ${alert.toType ?? '∅'})\n` +
              `first seen ${alert.firstSeen} in envelope ${alert.firstEnvelopeId}; ${alert.affected} envelope(s) affected\n` +
              `replay them: ledgerpulse replay --drift-alert ${alert.id} --dry-run\n\n${affected.join('\n')}\n`,
          );
        }
      });
    });

  withRuntimeOptions(drift.command('ack'))
    .description('acknowledge an alert')
    .argument('<id>')
    .option('--note <text>')
    .option('--by <name>', 'who (audit log); default the OS user')
    .action(async (id: string, o: DriftFlags) => {
      await withRuntime(o, async (rt) => {
        const alert = await rt.store.workflow.drift.acknowledge(id, o.note ?? null, cliActor(o, rt));
        if (!alert) throw new InvalidInputError('LP_INPUT_NOT_FOUND', `no open drift alert ${id}`);
        if (o.json) printJson(alert);
        else process.stdout.write(`Acknowledged ${id}.\n`);
      });
    });
}
