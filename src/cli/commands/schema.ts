import type { Command } from 'commander';
import { canonicalJsonSchema } from '../../canonical/index.js';
import { printJson } from '../output.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the canonical model (records and raw envelopes)')
    .action(() => printJson(canonicalJsonSchema()));
}
