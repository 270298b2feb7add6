/**
 * How fast a synthetic economy starts: creating 10,000 companies (metadata only, no books) and
 * generating one CompanyBook (the first large company, the worst case), with the process RSS.
 * Run: npx tsx bench/emulation-start.ts
 */
import { createEconomy } from '../src/emulation/economy/index.js';

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
