// Preloaded into every Node process of a benchmarked demo (through NODE_OPTIONS, which child
// processes inherit): on exit, appends one JSON line with this process's own CPU time (user and
// system, all threads) and peak RSS to the file named by LP_BENCH_CPU_FILE. With LP_BENCH_CPU_PROF_DIR set it
// also records a V8 CPU profile of the process there (NODE_OPTIONS refuses --cpu-prof).
// Plain JavaScript so it loads before tsx is registered.
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const file = process.env.LP_BENCH_CPU_FILE;
const profDir = process.env.LP_BENCH_CPU_PROF_DIR;
let session = null;
if (profDir) {
  session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
}
process.once('exit', () => {
  if (session && profDir) {
    // An in-thread inspector session answers synchronously, so this completes inside 'exit'.
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(profDir, `${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  }
  if (!file) return;
  const cpu = process.cpuUsage();
  const line = {
    pid: process.pid,
    ppid: process.ppid,
    argv: process.argv.slice(1),
    userMs: Math.round(cpu.user / 1000),
    systemMs: Math.round(cpu.system / 1000),
    wallMs: Math.round(process.uptime() * 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
});
