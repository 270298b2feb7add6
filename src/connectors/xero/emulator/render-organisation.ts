import type { CompanySpec } from '../../../emulation/economy/index.js';
import { formatMsDate } from '../mappers/ms-date.js';

const DAY_MS = 86_400_000;

/** The organisation record of a company (`GET /Organisation`). */
export function renderOrganisation(spec: CompanySpec, createdMs: number): Record<string, unknown> {
  return {
    Name: spec.legalName,
    LegalName: spec.legalName,
    PaysTax: true,
    Version: spec.country === 'GB' ? 'UK' : spec.country === 'US' ? 'US' : spec.country === 'AU' ? 'AU' : 'GLOBAL',
    OrganisationType: 'COMPANY',
    BaseCurrency: spec.currency,
    CountryCode: spec.country,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 12,
    SalesTaxBasis: 'ACCRUALS',
    CreatedDateUTC: formatMsDate(createdMs - 400 * DAY_MS, null),
    OrganisationEntityType: 'COMPANY',
    Timezone: windowsZoneOf(spec.timeZone),
    ShortCode: `!${spec.id}`,
    OrganisationID: spec.account,
    Edition: 'BUSINESS',
    Class: 'STANDARD',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}

/** Xero names time zones the Windows way, upper-cased without spaces. */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'America/New_York': 'EASTERNSTANDARDTIME',
  'America/Toronto': 'EASTERNSTANDARDTIME',
  'America/Chicago': 'CENTRALSTANDARDTIME',
  'America/Denver': 'MOUNTAINSTANDARDTIME',
  'America/Edmonton': 'MOUNTAINSTANDARDTIME',
  'America/Los_Angeles': 'PACIFICSTANDARDTIME',
  'America/Vancouver': 'PACIFICSTANDARDTIME',
  'America/Halifax': 'ATLANTICSTANDARDTIME',
  'Europe/London': 'GMTSTANDARDTIME',
  'Europe/Dublin': 'GMTSTANDARDTIME',
  'Europe/Berlin': 'WEUROPESTANDARDTIME',
  'Europe/Amsterdam': 'WEUROPESTANDARDTIME',
  'Europe/Paris': 'ROMANCESTANDARDTIME',
  'Australia/Sydney': 'AUSEASTERNSTANDARDTIME',
  'Australia/Melbourne': 'AUSEASTERNSTANDARDTIME',
  'Australia/Brisbane': 'EAUSTRALIASTANDARDTIME',
  'Australia/Perth': 'WAUSTRALIASTANDARDTIME',
};

function windowsZoneOf(zone: string): string {
  return WINDOWS_ZONES[zone] ?? 'UTC';
}
