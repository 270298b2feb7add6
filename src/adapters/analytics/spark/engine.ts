import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, TransientError } from '../../../errors/index.js';
import type { AnalyticsEngine, AnalyticsEngineOptions, AnalyticsJob, SqlRow } from '../../../ports/analytics-engine.js';
import type { AdapterDeps } from '../../../ports/deps.js';

/** The PySpark version `scripts/pyspark` installs, and where. Keep both in step with that script. */
export const PYSPARK_VERSION = '3.5.7';
export function defaultSparkPython(): string {
  return join(homedir(), '.cache', 'ledgerpulse', `pyspark-${PYSPARK_VERSION}`, 'bin', 'python');
}

const RUNNER = fileURLToPath(new URL('./spark_runner.py', import.meta.url));
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const STDERR_KEEP = 16_000;

interface RunnerResult {
  results?: Record<string, SqlRow[]>;
  timings?: Record<string, number>;
  error?: { statement: string; message: string };
}

/**
 * Spark SQL as the analytics engine: each job is one `spark_runner.py` process (PySpark, Spark in
 * local mode unless `master` says otherwise) that registers the lake's Parquet files as views and
 * runs the same metric SQL files DuckDB runs. Start-up of the JVM dominates small jobs (~10 s).
 */
export async function createSparkEngine(options: AnalyticsEngineOptions, deps: AdapterDeps): Promise<AnalyticsEngine> {
  const python = options.python ?? defaultSparkPython();
  if (!existsSync(python)) {
    throw new ConfigError(
      'LP_CONFIG_ENGINE_MISSING',
      `PySpark is not installed (no ${python}): run scripts/pyspark, which installs pyspark ${PYSPARK_VERSION} into a venv under ~/.cache/ledgerpulse and prints its python`,
      { engine: 'spark', python },
    );
  }
  const log = deps.logger.child({ role: 'analytics', engine: 'spark' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: 'spark',
    capabilities: { embedded: false },
    async run(job: AnalyticsJob): Promise<Record<string, SqlRow[]>> {
      const base = options.workDir ?? tmpdir();
      mkdirSync(base, { recursive: true });
      const work = mkdtempSync(join(base, 'lp-spark-'));
      const jobPath = join(work, 'job.json');
      const resultPath = join(work, 'result.json');
      try {
        writeFileSync(jobPath, JSON.stringify({ master: options.master ?? 'local[2]', workDir: work, ...job }));
        const started = Date.now();
        const { code, stderr } = await runProcess(python, [RUNNER, jobPath, resultPath], timeoutMs);
        const result: RunnerResult = existsSync(resultPath)
          ? (JSON.parse(readFileSync(resultPath, 'utf8')) as RunnerResult)
          : {};
        if (result.error) {
          throw new ConfigError(
            'LP_CONFIG_ENGINE_SQL',
            `spark failed on ${result.error.statement}: ${result.error.message.split('\n')[0]}`,
            { engine: 'spark', statement: result.error.statement, detail: result.error.message },
          );
        }
        if (code !== 0 || !result.results) {
          const tail = stderr.slice(-2000);
          if (/JAVA_HOME|Java gateway process exited|java: not found|No such file.*java/i.test(tail)) {
            throw new ConfigError('LP_CONFIG_ENGINE_MISSING', `Spark could not start Java (install Java 17): ${tail}`, {
              engine: 'spark',
            });
          }
          throw new TransientError('LP_TRANSIENT_ENGINE', `spark runner exited with ${code}: ${tail}`, {
            engine: 'spark',
          });
        }
        log.debug({ ms: Date.now() - started, timings: result.timings }, 'spark job done');
        return result.results;
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    async close() {},
  };
}

function runProcess(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends the JVM that PySpark starts beneath it.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
      reject(new TransientError('LP_TRANSIENT_ENGINE', `spark job exceeded ${timeoutMs} ms`, { engine: 'spark' }));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new ConfigError('LP_CONFIG_ENGINE_MISSING', `cannot start ${command}: ${error.message}`, { engine: 'spark' }),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
  });
}
