/**
 * How fast a synthetic economy and its emulators start: creating 10,000 companies (metadata only,
 * no books), generating one CompanyBook (a small and the first large company), then each platform's
 * emulator as its own process (as the demo runs them) with 10,000 companies: the time until it
 * listens and answers, and its peak RSS. Run: npx tsx bench/emulation-start.ts
 */
import { readFileSync } from 'node:fs';
import { startEmulatorProcess } from '../src/cli/emulators.js';
import { API_PLATFORMS, createEconomy } from '../src/emulation/economy/index.js';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const line = (label: string, value: string): void => {
  process.stdout.write(`${label.padEnd(44)} ${value}\n`);
};

line('RSS before', mb(process.memoryUsage().rss));
let t = performance.now();
const economy = createEconomy({ companies: 10_000 });
line('createEconomy({ companies: 10000 })', `${(performance.now() - t).toFixed(0)} ms`);
line('RSS after metadata', mb(process.memoryUsage().rss));

const large = economy.companies.find((c) => c.sizeBand === 'large');
const small = economy.companies.find((c) => c.sizeBand === 'small');
for (const spec of [small, large]) {
  if (!spec) continue;
  t = performance.now();
  const book = economy.company(spec.id);
  const ms = performance.now() - t;
  line(
    `company(${spec.id}) ${spec.sizeBand} ${spec.platform} ${spec.naics}`,
    `${ms.toFixed(0)} ms, ${book.documents.length} documents, ${book.products.length} products`,
  );
  t = performance.now();
  economy.company(spec.id);
  line(`company(${spec.id}) again (cached)`, `${(performance.now() - t).toFixed(2)} ms`);
}
line('RSS after two books', mb(process.memoryUsage().rss));

// Each emulator as the demo runs it: its own process, 10,000 companies, answering one API call.
for (const platform of API_PLATFORMS) {
  t = performance.now();
  const handle = await startEmulatorProcess({
    platform,
    seed: 42,
    companies: 10_000,
    platforms: API_PLATFORMS,
    faults: 'none',
    volumeScale: 1,
  });
  const listening = performance.now() - t;
  const accounts = Object.keys(handle.credentials);
  t = performance.now();
  const live = await handle.liveRecords(accounts[0] ?? '');
  const firstCompany = performance.now() - t;
  const stats = await handle.stats();
  const rss = peakRssOf(handle);
  await handle.close();
  line(
    `${platform} emulator, 10000 companies`,
    `listening in ${listening.toFixed(0)} ms (${accounts.length} accounts); first company's ${live.length} live records in ${firstCompany.toFixed(0)} ms${rss ? `; peak RSS ${rss}` : ''}; ${stats.requests} requests`,
  );
}

/** VmHWM of the emulator's process, from /proc (Linux); null elsewhere. */
function peakRssOf(handle: { pid?: number }): string | null {
  if (!handle.pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${handle.pid}/status`, 'utf8'));
    return m ? mb(Number(m[1]) * 1024) : null;
  } catch {
    return null;
  }
}
