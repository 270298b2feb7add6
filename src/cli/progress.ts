import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, total: number): void;
  update(done: number, info?: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; on a pipe or in CI, one plain line every few seconds instead, so
 * logs stay readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: '{label} [{bar}] {value}/{total} {info}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (label, total) => bar.start(total, 0, { label, info: '' }),
      update: (done, info = '') => bar.update(done, { info }),
      stop: () => bar.stop(),
    };
  }
  let label = '';
  let total = 0;
  let last = 0;
  let done = 0;
  return {
    start(l, t) {
      label = l;
      total = t;
      last = Date.now();
      stream.write(`${label}: 0/${total}\n`);
    },
    update(d, info = '') {
      done = d;
      if (Date.now() - last > 3000) {
        last = Date.now();
        stream.write(`${label}: ${done}/${total} ${info}\n`);
      }
    },
    stop() {
      stream.write(`${label}: ${done}/${total} done\n`);
    },
  };
}
