import type { Store } from '../ports/store.js';
import { naicsSector, UNKNOWN_CELL } from './sectors.js';

/** What the signals group companies by, from the connection's company profile (or a Company record). */
export interface CompanyDims {
  readonly companyId: string;
  readonly sector: string;
  readonly naics: string;
  readonly sizeBand: string;
  readonly country: string;
  readonly timeZone: string;
  readonly baseCurrency: string;
}

/**
 * Company dimensions by company id. The connection profile is the operator's statement about the
 * company and wins; a canonical Company record fills in companies without a connection row.
 */
export async function loadCompanyDims(store: Store): Promise<Map<string, CompanyDims>> {
  const dims = new Map<string, CompanyDims>();
  for await (const batch of store.canonical.scan({ kind: 'company' }, 1000)) {
    for (const r of batch) {
      if (r.kind !== 'company') continue;
      dims.set(r.companyId, {
        companyId: r.companyId,
        sector: naicsSector(r.naics),
        naics: r.naics,
        sizeBand: r.sizeBand,
        country: r.country,
        timeZone: r.timeZone,
        baseCurrency: r.baseCurrency,
      });
    }
  }
  for (const c of await store.connections.list()) {
    dims.set(c.id, {
      companyId: c.id,
      sector: naicsSector(c.company.naics),
      naics: c.company.naics,
      sizeBand: c.company.sizeBand,
      country: c.company.country,
      timeZone: c.company.timeZone,
      baseCurrency: c.company.baseCurrency,
    });
  }
  return dims;
}

/** A company seen in records but described nowhere: grouped under "unknown", dated in UTC. */
export function unknownCompany(companyId: string): CompanyDims {
  return {
    companyId,
    sector: UNKNOWN_CELL,
    naics: '',
    sizeBand: UNKNOWN_CELL,
    country: UNKNOWN_CELL,
    timeZone: 'UTC',
    baseCurrency: '',
  };
}
