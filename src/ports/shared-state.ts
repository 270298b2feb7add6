import type { AdapterDeps } from './deps.js';

export interface Lease {
  readonly key: string;
  readonly owner: string;
  /** Increases with every grant of the key: a write carrying an older token is refused. */
  readonly fencingToken: number;
  readonly expiresAt: number;
}

export interface RateLimitRule {
  /** Bucket size (burst). */
  readonly capacity: number;
  /** Tokens restored per second. */
  readonly refillPerSecond: number;
}

export interface TakeResult {
  readonly granted: boolean;
  /** When not granted: how long until `cost` tokens are available. */
  readonly waitMs: number;
}

/** Rate-limit counters, token cache, leases and locks shared by every worker of a profile. */
export interface SharedState {
  take(key: string, rule: RateLimitRule, cost?: number): Promise<TakeResult>;
  acquire(key: string, owner: string, ttlMs: number): Promise<Lease | null>;
  renew(lease: Lease, ttlMs: number): Promise<Lease | null>;
  release(lease: Lease): Promise<void>;
  /** True when `token` is still the newest grant of `key` (fencing check before a write). */
  isCurrent(key: string, token: number): Promise<boolean>;
  getValue(key: string): Promise<string | null>;
  setValue(key: string, value: string, ttlMs?: number): Promise<void>;
  close(): Promise<void>;
}

export type SharedStateFactory = (url: URL, deps: AdapterDeps) => Promise<SharedState>;
