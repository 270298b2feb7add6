import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createEconomy, createFaultInjector } from '../../emulation/economy/index.js';
import { writeGroundTruth, writeRecordFaults } from '../../emulation/ground-truth.js';
import { API_PLATFORMS, parsePlatforms } from './emulate.js';

export function registerEconomy(program: Command): void {
  program
    .command('economy')
    .description("write the synthetic economy's ground truth (CSV files, byte-identical for a seed)")
    .option('--seed <n>', 'economy seed', '42')
    .option('--companies <n>', 'number of companies (up to 10000)', '200')
    .option('--platforms <list>', 'platforms companies are spread over', API_PLATFORMS.join(','))
    .option('--volume-scale <x>', 'multiplies daily document counts', '1')
    .option('--faults <spec>', 'also write record-faults.csv: the documents this fault profile corrupts', 'none')
    .requiredOption('--out <dir>', 'directory to write the files to')
    .action(
      async (o: {
        seed: string;
        companies: string;
        platforms: string;
        volumeScale: string;
        out: string;
        faults: string;
      }) => {
        const economy = createEconomy({
          seed: Number(o.seed),
          companies: Number(o.companies),
          platforms: parsePlatforms(o.platforms),
          volumeScale: Number(o.volumeScale),
        });
        const started = Date.now();
        const { files } = await writeGroundTruth(economy, resolve(o.out));
        if (o.faults !== 'none') {
          files.push(await writeRecordFaults(economy, createFaultInjector(Number(o.seed), o.faults), resolve(o.out)));
        }
        process.stdout.write(
          `${files.length} files written to ${resolve(o.out)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
        );
        for (const f of files) process.stdout.write(`  ${f}\n`);
      },
    );
}
