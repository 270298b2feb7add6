import type { Economy, FaultInjector } from '../../../emulation/economy/index.js';
import type { XeroLimits } from '../api.js';
import type { RateLimits } from './rate-limits.js';
import type { TenantDataSource } from './tenant-data.js';
import type { TokenStore } from './tokens.js';

/** Everything the routes share: the data clock, the wall clock, tokens, limits and counters. */
export interface EmulatorState {
  readonly economy: Economy;
  readonly faults: FaultInjector | undefined;
  /** The emulator's data clock: documents are served as they stood at this instant. */
  now: string;
  /** Wall clock (ms) for tokens and rate-limit windows; a test passes a fake one. */
  readonly clock: () => number;
  readonly limits: XeroLimits;
  readonly tokens: TokenStore;
  readonly rateLimits: RateLimits;
  readonly data: TenantDataSource;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly slowMs: number;
  readonly counters: { requests: number; rateLimitViolations: number; faultsInjected: number };
}
