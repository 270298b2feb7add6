import type { Platform } from '../canonical/index.js';

export interface CompanyProfile {
  readonly legalName: string;
  readonly naics: string;
  readonly country: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly sizeBand: 'micro' | 'small' | 'medium' | 'large';
}

export interface Connection {
  readonly id: string;
  readonly platform: Platform;
  /** Shop domain, realm id, tenant id or NetSuite account id. */
  readonly account: string;
  readonly baseUrl: string;
  readonly company: CompanyProfile;
  /** Credentials sealed by the secret box; never stored or logged in clear. */
  readonly sealedCredentials: string | null;
  readonly schedule: string | null;
  readonly createdAt: string;
}

export interface StreamState {
  readonly connectionId: string;
  readonly stream: string;
  readonly cursor: string | null;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
  readonly failures: number;
}

export interface ConnectionStore {
  upsert(connection: Connection): Promise<void>;
  get(id: string): Promise<Connection | undefined>;
  list(): Promise<Connection[]>;
  remove(id: string): Promise<boolean>;
  getState(connectionId: string): Promise<StreamState[]>;
  /** Called only after the page's envelopes are durable and published. */
  saveState(state: StreamState): Promise<void>;
}
