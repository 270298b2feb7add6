import { ConfigError } from '../errors/index.js';
import { unitOf } from './economy/prng.js';
import type { ApiPlatform } from './economy/types.js';

export type FaultProfileName = 'none' | 'default' | 'heavy';

/**
 * Probabilities in [0, 1]. Transport faults (rateLimitStorm, serverError, slow, dropMidBody,
 * expiredToken) are drawn per request attempt and together must not exceed 1; so must the
 * response faults (truncatedJson, updatedBetweenPages, repeatedAcrossPages) and the record faults
 * (schemaDrift, malformedRecord). revokedRefresh is drawn per token refresh.
 */
export interface FaultRates {
  rateLimitStorm: number;
  serverError: number;
  slow: number;
  dropMidBody: number;
  expiredToken: number;
  revokedRefresh: number;
  schemaDrift: number;
  malformedRecord: number;
  truncatedJson: number;
  updatedBetweenPages: number;
  repeatedAcrossPages: number;
}

export type TransportFault = 'rate_limit' | 'server_error' | 'slow' | 'drop_mid_body' | 'expired_token';
export type RecordFault =
  | 'schema_drift'
  | 'malformed_wrong_type'
  | 'malformed_decimal_comma'
  | 'malformed_missing_field';
export type ResponseFault = 'truncated_json' | 'updated_between_pages' | 'repeated_across_pages';

const NONE: FaultRates = {
  rateLimitStorm: 0,
  serverError: 0,
  slow: 0,
  dropMidBody: 0,
  expiredToken: 0,
  revokedRefresh: 0,
  schemaDrift: 0,
  malformedRecord: 0,
  truncatedJson: 0,
  updatedBetweenPages: 0,
  repeatedAcrossPages: 0,
};

export const FAULT_PROFILES: Readonly<Record<FaultProfileName, Readonly<FaultRates>>> = Object.freeze({
  none: Object.freeze({ ...NONE }),
  default: Object.freeze({
    rateLimitStorm: 0.01,
    serverError: 0.02,
    slow: 0.01,
    dropMidBody: 0.005,
    expiredToken: 0.005,
    revokedRefresh: 0,
    schemaDrift: 0.05,
    malformedRecord: 0.002,
    truncatedJson: 0.002,
    updatedBetweenPages: 0.01,
    repeatedAcrossPages: 0.01,
  }),
  heavy: Object.freeze({
    rateLimitStorm: 0.08,
    serverError: 0.1,
    slow: 0.05,
    dropMidBody: 0.03,
    expiredToken: 0.03,
    revokedRefresh: 0.01,
    schemaDrift: 0.3,
    malformedRecord: 0.02,
    truncatedJson: 0.02,
    updatedBetweenPages: 0.05,
    repeatedAcrossPages: 0.05,
  }),
});

const TRANSPORT_KEYS = ['rateLimitStorm', 'serverError', 'slow', 'dropMidBody', 'expiredToken'] as const;
const RESPONSE_KEYS = ['truncatedJson', 'updatedBetweenPages', 'repeatedAcrossPages'] as const;
const RECORD_KEYS = ['schemaDrift', 'malformedRecord'] as const;

function invalidSpec(spec: string, reason: string): ConfigError {
  return new ConfigError('LP_CONFIG_INVALID', `fault spec ${JSON.stringify(spec)}: ${reason}`, { spec });
}

function isRateKey(key: string): key is keyof FaultRates {
  return Object.hasOwn(NONE, key);
}

function isProfileName(name: string): name is FaultProfileName {
  return Object.hasOwn(FAULT_PROFILES, name);
}

/**
 * Parses 'none' | 'default' | 'heavy' | 'serverError=0.1,slow=0.02'. Tokens are applied left to
 * right, so 'default,serverError=0.2' is the default profile with more server errors; rates not
 * named start at 0. An empty spec means 'none'.
 */
export function faultRates(spec: FaultProfileName | string): FaultRates {
  const rates: FaultRates = { ...NONE };
  for (const raw of spec.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) {
      if (!isProfileName(token)) throw invalidSpec(spec, `unknown profile ${token} (none, default, heavy)`);
      Object.assign(rates, FAULT_PROFILES[token]);
      continue;
    }
    const key = token.slice(0, eq).trim();
    const text = token.slice(eq + 1).trim();
    if (!isRateKey(key)) throw invalidSpec(spec, `unknown fault ${key} (${Object.keys(NONE).join(', ')})`);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw invalidSpec(spec, `${key} must be a probability in [0, 1], got ${text}`);
    }
    rates[key] = value;
  }
  for (const group of [TRANSPORT_KEYS, RESPONSE_KEYS, RECORD_KEYS]) {
    const total = group.reduce((acc, key) => acc + rates[key], 0);
    if (total > 1) throw invalidSpec(spec, `${group.join(' + ')} must not exceed 1 (is ${total})`);
  }
  return rates;
}

/** One injected fault. Record faults (record()) know no platform: platform is '' and account the company id. */
export interface FaultLogEntry {
  platform: string;
  account: string;
  kind: string;
  requestKey?: string;
  docId?: string;
  /** Wall-clock time of the injection (or options.now()), for reading logs; not part of any decision. */
  at: string;
}

export interface FaultInjector {
  readonly rates: FaultRates;
  /**
   * Transport fault for this request, deterministic from (seed, platform, account, requestKey, attempt),
   * where attempt counts the calls made with the same triple (so a retry draws again). A
   * 'rate_limit' from rateLimitStorm starts a storm: the same request is also refused on its next
   * 0 to 3 attempts (drawn), and only then draws normally again.
   */
  transport(platform: ApiPlatform, account: string, requestKey: string): TransportFault | null;
  /**
   * Data fault for one record, deterministic from (seed, company, doc id): the same record is
   * corrupted the same way on every call. When `date` (the record's calendar date) is given,
   * 'schema_drift' is returned only for dates on or after driftFrom (earlier records stay clean).
   */
  record(companyId: string, docId: string, date?: string): RecordFault | null;
  /** Addition: fault in the body of a successful list response (drawn like transport()). */
  response(platform: ApiPlatform, account: string, requestKey: string): ResponseFault | null;
  /** Addition: whether this refresh-token exchange is answered as revoked (drawn like transport()). */
  refresh(platform: ApiPlatform, account: string, requestKey: string): 'revoked_refresh' | null;
  /** Every fault returned by the methods above, in call order. */
  readonly log: FaultLogEntry[];
  readonly driftFrom: string;
}

export interface FaultInjectorOptions {
  /** Calendar date from which schema drift applies; default DEFAULT_DRIFT_FROM. */
  driftFrom?: string;
  /** Clock for log timestamps; default the wall clock. */
  now?: () => string;
}

/** A Monday in the second year of the default period. */
export const DEFAULT_DRIFT_FROM = '2026-03-02';
const MAX_STORM_REPEATS = 3;
const MALFORMED: readonly RecordFault[] = [
  'malformed_wrong_type',
  'malformed_decimal_comma',
  'malformed_missing_field',
];

/** Picks the fault whose slice of [0, 1) holds u, slices laid out in `keys` order. */
function sliceOf<K extends keyof FaultRates>(rates: FaultRates, keys: readonly K[], u: number): K | null {
  let edge = 0;
  for (const key of keys) {
    edge += rates[key];
    if (u < edge) return key;
  }
  return null;
}

const TRANSPORT_FAULT: Record<(typeof TRANSPORT_KEYS)[number], TransportFault> = {
  rateLimitStorm: 'rate_limit',
  serverError: 'server_error',
  slow: 'slow',
  dropMidBody: 'drop_mid_body',
  expiredToken: 'expired_token',
};
const RESPONSE_FAULT: Record<(typeof RESPONSE_KEYS)[number], ResponseFault> = {
  truncatedJson: 'truncated_json',
  updatedBetweenPages: 'updated_between_pages',
  repeatedAcrossPages: 'repeated_across_pages',
};

export function createFaultInjector(
  seed: number,
  spec: FaultProfileName | string,
  options: FaultInjectorOptions = {},
): FaultInjector {
  const rates = Object.freeze(faultRates(spec));
  const driftFrom = options.driftFrom ?? DEFAULT_DRIFT_FROM;
  const now = options.now ?? (() => new Date().toISOString());
  const log: FaultLogEntry[] = [];
  const attempts = new Map<string, number>();
  const storms = new Map<string, number>();
  const draw = (...parts: readonly (string | number)[]): number => unitOf(seed, 'fault', ...parts);
  const nextAttempt = (channel: string, platform: string, account: string, requestKey: string): [string, number] => {
    const key = `${channel}|${platform}|${account}|${requestKey}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    return [key, attempt];
  };
  const logged = <T extends string>(kind: T, entry: Omit<FaultLogEntry, 'kind' | 'at'>): T => {
    log.push({ ...entry, kind, at: now() });
    return kind;
  };

  return {
    rates,
    log,
    driftFrom,
    transport(platform, account, requestKey) {
      const [key, attempt] = nextAttempt('transport', platform, account, requestKey);
      const storm = storms.get(key) ?? 0;
      if (storm > 0) {
        storms.set(key, storm - 1);
        return logged('rate_limit', { platform, account, requestKey });
      }
      const hit = sliceOf(rates, TRANSPORT_KEYS, draw('transport', platform, account, requestKey, attempt));
      if (hit === null) return null;
      if (hit === 'rateLimitStorm') {
        storms.set(key, Math.floor(draw('storm', platform, account, requestKey, attempt) * (MAX_STORM_REPEATS + 1)));
      }
      return logged(TRANSPORT_FAULT[hit], { platform, account, requestKey });
    },
    response(platform, account, requestKey) {
      const [, attempt] = nextAttempt('response', platform, account, requestKey);
      const hit = sliceOf(rates, RESPONSE_KEYS, draw('response', platform, account, requestKey, attempt));
      return hit === null ? null : logged(RESPONSE_FAULT[hit], { platform, account, requestKey });
    },
    refresh(platform, account, requestKey) {
      const [, attempt] = nextAttempt('refresh', platform, account, requestKey);
      if (draw('refresh', platform, account, requestKey, attempt) >= rates.revokedRefresh) return null;
      return logged('revoked_refresh', { platform, account, requestKey });
    },
    record(companyId, docId, date) {
      const u = draw('record', companyId, docId);
      const hit = sliceOf(rates, RECORD_KEYS, u);
      if (hit === null) return null;
      if (hit === 'schemaDrift') {
        if (date !== undefined && date < driftFrom) return null;
        return logged('schema_drift', { platform: '', account: companyId, docId });
      }
      const variant =
        MALFORMED[Math.floor(draw('malformed', companyId, docId) * MALFORMED.length)] ?? 'malformed_wrong_type';
      return logged(variant, { platform: '', account: companyId, docId });
    },
  };
}
