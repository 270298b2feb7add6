import { InvalidInputError } from '../../errors/index.js';
import { generateBook } from './book.js';
import { addDays } from './calendar.js';
import { createCompanySpecs } from './companies.js';
import { resolveConfig } from './config.js';
import { FxTable } from './fx.js';
import type { ApiPlatform, CompanyBook, CompanySpec, Economy, EconomyConfig } from './types.js';

/**
 * Books kept in memory: at most 8, and at most ~100,000 documents together (a large company's
 * two years are ~25,000 documents, ~45 MB), always at least the book just generated.
 */
export const BOOK_CACHE_SIZE = 8;
export const BOOK_CACHE_DOCUMENTS = 100_000;

/**
 * The period ends at 12:00 UTC of the day after its last date: after the last local day has ended
 * in every zone from UTC-12 eastwards (all generated companies), so no document is created later.
 */
export function periodEnd(config: EconomyConfig): string {
  return `${addDays(config.startDate, config.days)}T12:00:00.000Z`;
}

/**
 * A seeded economy. Company metadata is computed eagerly (cheap); a company's book is generated
 * on first use from its own PRNG streams and kept in a small LRU cache, so the same seed always
 * yields the same books whatever order they are asked for in.
 */
export function createEconomy(partial?: Partial<EconomyConfig>): Economy {
  const config = resolveConfig(partial);
  Object.freeze(config.platforms);
  Object.freeze(config);
  const companies: readonly CompanySpec[] = Object.freeze(createCompanySpecs(config).map((c) => Object.freeze(c)));
  const byId = new Map(companies.map((c) => [c.id, c]));
  const byPlatform = new Map<ApiPlatform, CompanySpec[]>();
  const byAccount = new Map<string, CompanySpec>();
  for (const spec of companies) {
    const list = byPlatform.get(spec.platform) ?? [];
    list.push(spec);
    byPlatform.set(spec.platform, list);
    byAccount.set(`${spec.platform}|${spec.account}`, spec);
  }
  const fx = new FxTable(config.seed, config.startDate, config.days);
  const books = new Map<string, CompanyBook>();
  let cachedDocuments = 0;

  return {
    config,
    companies,
    endAt: periodEnd(config),
    companiesOn: (platform) => byPlatform.get(platform) ?? [],
    byAccount: (platform, account) => byAccount.get(`${platform}|${account}`),
    fxRate: (date, currency, reporting = config.reportingCurrency) => fx.rate(date, currency, reporting),
    company(id: string): CompanyBook {
      const cached = books.get(id);
      if (cached) {
        books.delete(id);
        books.set(id, cached);
        return cached;
      }
      const spec = byId.get(id);
      if (!spec) {
        throw new InvalidInputError('LP_INPUT_UNKNOWN_COMPANY', `no company ${id} in this economy`, {
          companyId: id,
          companies: config.companies,
        });
      }
      const book = generateBook(config, spec);
      books.set(id, book);
      cachedDocuments += book.documents.length;
      while (books.size > 1 && (books.size > BOOK_CACHE_SIZE || cachedDocuments > BOOK_CACHE_DOCUMENTS)) {
        const [oldestId, oldest] = books.entries().next().value ?? [];
        if (oldestId === undefined || oldest === undefined) break;
        books.delete(oldestId);
        cachedDocuments -= oldest.documents.length;
      }
      return book;
    },
  };
}
