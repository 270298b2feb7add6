import type { Connection } from '../ports/connection-store.js';

/** The company metadata flags `add` and `connect` share. */
export interface CompanyFlags {
  name: string;
  naics: string;
  country: string;
  currency: string;
  timeZone: string;
  sizeBand: string;
}

export function companyOf(o: CompanyFlags): Connection['company'] {
  return {
    legalName: o.name,
    naics: o.naics,
    country: o.country,
    baseCurrency: o.currency,
    timeZone: o.timeZone,
    sizeBand: o.sizeBand as Connection['company']['sizeBand'],
  };
}
