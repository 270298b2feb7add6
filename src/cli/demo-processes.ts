import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type RoleName = 'scheduler' | 'connector' | 'normalizer';

/** One line a role prints with --json (ready, plan, turn, lease, stopped). */
export interface RoleEvent {
  readonly event: string;
  readonly role: string;
  readonly pid: number;
  readonly [key: string]: unknown;
}

export interface RoleProcess {
  readonly role: RoleName;
  /** The worker's own pid (from its ready line); bin/ledgerpulse.js runs it as a child. */
  readonly pid: number;
  readonly metricsUrl: string | null;
  /** Resolves with the exit code (null after a signal) when the process has ended. */
  readonly exited: Promise<number | null>;
  readonly hasExited: () => boolean;
  /** SIGTERM to the worker: it finishes what it holds and exits. */
  stop(): Promise<number | null>;
  /** SIGKILL to the worker, as a crash would. */
  kill(): void;
  /** The last lines it wrote on stderr, for error messages. */
  stderrTail(): string;
}

export interface RoleProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly args?: readonly string[];
  readonly onEvent?: (e: RoleEvent) => void;
  /** Copy the worker's stderr (its warnings) to ours. */
  readonly echoStderr?: boolean;
  readonly readyTimeoutMs?: number;
}

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/ledgerpulse.js');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `ledgerpulse <role> --json --metrics-port 0 …` and resolves once it printed its ready line.
 * Signals go to the worker's own pid, not to the bin wrapper, which does not forward them.
 */
export function startRoleProcess(role: RoleName, o: RoleProcessOptions): Promise<RoleProcess> {
  const child = spawn(process.execPath, [BIN, role, '--json', ...(o.args ?? [])], {
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (o.echoStderr) process.stderr.write(`[${role}] ${line}\n`);
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  return new Promise((resolve, reject) => {
    let ready: RoleProcess | null = null;
    const timer = setTimeout(() => {
      if (ready) return;
      child.kill('SIGKILL');
      reject(new Error(`${role} did not start within ${o.readyTimeoutMs ?? 60_000} ms: ${tail.join('\n')}`));
    }, o.readyTimeoutMs ?? 60_000);
    void exited.then((code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${role} exited with code ${code} before it was ready: ${tail.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let e: RoleEvent;
      try {
        e = JSON.parse(line) as RoleEvent;
      } catch {
        return; // not an event line
      }
      if (!ready && e.event === 'ready') {
        clearTimeout(timer);
        const pid = e.pid;
        const signal = (sig: NodeJS.Signals) => {
          if (exitCode !== undefined) return;
          if (alive(pid)) process.kill(pid, sig);
          else child.kill(sig);
        };
        ready = {
          role,
          pid,
          metricsUrl: typeof e['metricsUrl'] === 'string' ? e['metricsUrl'] : null,
          exited,
          hasExited: () => exitCode !== undefined,
          stop: () => {
            signal('SIGTERM');
            return exited;
          },
          kill: () => signal('SIGKILL'),
          stderrTail: () => tail.join('\n'),
        };
        resolve(ready);
      }
      o.onEvent?.(e);
    });
  });
}
