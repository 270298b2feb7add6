import { ConfigError } from '../../errors/index.js';
import { addDays, dateToUtcMs } from './calendar.js';
import { CURRENCIES } from './fx.js';
import type { ApiPlatform, EconomyConfig } from './types.js';

export const API_PLATFORMS: readonly ApiPlatform[] = ['shopify', 'quickbooks', 'xero', 'netsuite'];
export const MAX_COMPANIES = 10_000;

export const DEFAULT_ECONOMY_CONFIG: Readonly<EconomyConfig> = Object.freeze({
  seed: 42,
  companies: 200,
  startDate: '2024-12-02',
  days: 728,
  platforms: [...API_PLATFORMS],
  volumeScale: 1,
  reportingCurrency: 'USD',
});

function invalid(message: string, field: string, value: unknown): ConfigError {
  return new ConfigError('LP_CONFIG_INVALID', `economy config: ${message}`, { field, value });
}

/** Fills defaults and rejects configurations that would generate nonsense. */
export function resolveConfig(partial: Partial<EconomyConfig> = {}): EconomyConfig {
  const config: EconomyConfig = {
    ...DEFAULT_ECONOMY_CONFIG,
    ...partial,
    platforms: [...(partial.platforms ?? DEFAULT_ECONOMY_CONFIG.platforms)],
  };
  if (!Number.isSafeInteger(config.seed)) throw invalid('seed must be an integer', 'seed', config.seed);
  if (!Number.isInteger(config.companies) || config.companies < 1 || config.companies > MAX_COMPANIES) {
    throw invalid(`companies must be an integer in 1..${MAX_COMPANIES}`, 'companies', config.companies);
  }
  const start = config.startDate;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || addDays(start, 0) !== start || Number.isNaN(dateToUtcMs(start))) {
    throw invalid('startDate must be a calendar date YYYY-MM-DD', 'startDate', start);
  }
  if (!Number.isInteger(config.days) || config.days < 1 || config.days > 3660) {
    throw invalid('days must be an integer in 1..3660', 'days', config.days);
  }
  if (config.platforms.length === 0 || config.platforms.some((p) => !API_PLATFORMS.includes(p))) {
    throw invalid(`platforms must be a non-empty subset of ${API_PLATFORMS.join(', ')}`, 'platforms', config.platforms);
  }
  if (!(Number.isFinite(config.volumeScale) && config.volumeScale > 0 && config.volumeScale <= 100)) {
    throw invalid('volumeScale must be a number in (0, 100]', 'volumeScale', config.volumeScale);
  }
  if (!(CURRENCIES as readonly string[]).includes(config.reportingCurrency)) {
    throw invalid(
      `reportingCurrency must be one of ${CURRENCIES.join(', ')}`,
      'reportingCurrency',
      config.reportingCurrency,
    );
  }
  return config;
}
