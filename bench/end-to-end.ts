/**
 * End-to-end rate of the embedded profile: runs `ledgerpulse demo` (SQLite store and queue in the
 * demo process, each emulator in its own child process) in a temporary data dir, and prints the
 * records per second from its report with the CPU time each process used, because wall clock on a
 * shared machine measures the neighbours as much as the code.
 *
 * Run: npx tsx bench/end-to-end.ts [--platforms shopify|all|a,b] [--companies 80] [--volume-scale 0.5]
 *        [--cpu-prof <dir>] [--keep] [--verbose]
 * --cpu-prof writes a V8 CPU profile of every process (demo and emulators) into <dir>; --keep keeps
 * the data dir; --verbose passes the demo's stderr through.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    platforms: { type: 'string', default: 'shopify' },
    companies: { type: 'string', default: '80' },
    'volume-scale': { type: 'string', default: '0.5' },
    seed: { type: 'string', default: '42' },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const platforms = values.platforms === 'all' ? 'shopify,quickbooks,xero,netsuite' : values.platforms;

interface ProcessCpu {
  readonly pid: number;
  readonly ppid: number;
  readonly argv: readonly string[];
  readonly userMs: number;
  readonly systemMs: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
}
interface Report {
  readonly recordsFetched: number;
  readonly rawEnvelopes: number;
  readonly pagesFetched: number;
  readonly elapsedMs: number;
  readonly envelopesPerSecond: number;
  readonly canonical: Record<string, { live: number; deleted: number }>;
  readonly reviewItems: { open: number };
  readonly syncErrors: readonly string[];
}

const dataDir = mkdtempSync(join(tmpdir(), 'lp-bench-e2e-'));
const cpuFile = join(dataDir, 'process-cpu.jsonl');
const preload = join(root, 'bench/process-cpu.mjs');
const nodeOptions = `${process.env['NODE_OPTIONS'] ?? ''} --import=${preload}`.trim();
const profDir = values['cpu-prof'] ? resolve(values['cpu-prof']) : null;
if (profDir) mkdirSync(profDir, { recursive: true });

const args = [
  '--import',
  'tsx',
  join(root, 'src/cli/index.ts'),
  'demo',
  '--data-dir',
  dataDir,
  '--platforms',
  platforms,
  '--companies',
  values.companies,
  '--volume-scale',
  values['volume-scale'],
  '--seed',
  values.seed,
  '--json',
];
process.stderr.write(`end-to-end: demo --platforms ${platforms} --companies ${values.companies} in ${dataDir}\n`);
const startedAt = performance.now();
const child = spawn(process.execPath, args, {
  cwd: root,
  env: {
    ...process.env,
    NODE_OPTIONS: nodeOptions,
    LP_BENCH_CPU_FILE: cpuFile,
    ...(profDir ? { LP_BENCH_CPU_PROF_DIR: profDir } : {}),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
child.stdout.resume();
child.stderr.setEncoding('utf8').on('data', (s: string) => {
  stderr += s;
  if (values.verbose) process.stderr.write(s);
});
const code = await new Promise<number | null>((done) => child.once('exit', done));
const wallSeconds = (performance.now() - startedAt) / 1000;

// The emulators append their line after the demo has closed them; give a straggler a moment.
const deadline = Date.now() + 2000;
const lines = (): ProcessCpu[] =>
  existsSync(cpuFile)
    ? readFileSync(cpuFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ProcessCpu)
    : [];
while (
  lines().filter((p) => p.argv.includes('emulate')).length < platforms.split(',').length &&
  Date.now() < deadline
) {
  await new Promise((r) => setTimeout(r, 50));
}
const procs = lines();

// The demo writes its report to <data dir>/report.json (stdout also carries progress output).
const reportFile = join(dataDir, 'report.json');
if (!existsSync(reportFile)) {
  process.stderr.write(stderr);
  process.stderr.write(`demo exited with code ${code} without a report\n`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;

const cpuOf = (p: ProcessCpu) => (p.userMs + p.systemMs) / 1000;
const isTsx = (p: ProcessCpu) => p.argv.some((a) => a.endsWith('src/cli/index.ts'));
const demo = procs.find((p) => p.pid === child.pid);
const emulatorProcs = procs.filter((p) => isTsx(p) && p.argv.includes('emulate'));
const launchers = procs.filter((p) => !isTsx(p));
const demoCpu = demo ? cpuOf(demo) : Number.NaN;
const emulatorCpu = emulatorProcs.reduce((a, p) => a + cpuOf(p), 0);
const launcherCpu = launchers.reduce((a, p) => a + cpuOf(p), 0);
const records = report.recordsFetched;
const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(34)} ${value}\n`);

process.stdout.write(`end-to-end (embedded profile, ${platforms}, ${values.companies} companies)\n`);
line('records fetched / raw envelopes', `${records} / ${report.rawEnvelopes} in ${report.pagesFetched} pages`);
line(
  'canonical records',
  String(Object.values(report.canonical).reduce((a, c) => a + c.live + c.deleted, 0)) +
    `; review items open ${report.reviewItems.open}; sync errors ${report.syncErrors.length}`,
);
line('wall (report / whole run)', `${(report.elapsedMs / 1000).toFixed(1)} s / ${wallSeconds.toFixed(1)} s`);
line('records/s, wall (report)', String(report.envelopesPerSecond));
if (demo) {
  line(
    'demo process CPU (user + sys)',
    `${demoCpu.toFixed(1)} s (${(demo.userMs / 1000).toFixed(1)} + ${(demo.systemMs / 1000).toFixed(1)}), peak RSS ${demo.maxRssMb} MB`,
  );
  line('records per demo CPU-second', String(Math.round(records / demoCpu)));
}
for (const p of emulatorProcs) {
  const platform = p.argv[p.argv.indexOf('--platform') + 1] ?? '?';
  line(`emulator ${platform} CPU`, `${cpuOf(p).toFixed(1)} s, peak RSS ${p.maxRssMb} MB`);
}
line('launchers CPU', `${launcherCpu.toFixed(1)} s`);
const total = demoCpu + emulatorCpu + launcherCpu;
line('all processes CPU', `${total.toFixed(1)} s → ${Math.round(records / total)} records per CPU-second`);
if (report.syncErrors.length) process.stdout.write(`  sync errors: ${report.syncErrors.slice(0, 5).join('; ')}\n`);

if (values.keep) process.stderr.write(`kept ${dataDir}\n`);
else rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) process.exitCode = code ?? 1;
