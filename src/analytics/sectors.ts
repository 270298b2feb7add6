/**
 * NAICS sectors (the 2-digit level). Manufacturing, Retail Trade and Transportation span several
 * 2-digit codes and are published under their range ("31-33"), as the Census Bureau does.
 */
export const NAICS_SECTORS: Readonly<Record<string, string>> = {
  '11': 'Agriculture, Forestry, Fishing and Hunting',
  '21': 'Mining, Quarrying, and Oil and Gas Extraction',
  '22': 'Utilities',
  '23': 'Construction',
  '31-33': 'Manufacturing',
  '42': 'Wholesale Trade',
  '44-45': 'Retail Trade',
  '48-49': 'Transportation and Warehousing',
  '51': 'Information',
  '52': 'Finance and Insurance',
  '53': 'Real Estate and Rental and Leasing',
  '54': 'Professional, Scientific, and Technical Services',
  '55': 'Management of Companies and Enterprises',
  '56': 'Administrative and Support and Waste Management and Remediation Services',
  '61': 'Educational Services',
  '62': 'Health Care and Social Assistance',
  '71': 'Arts, Entertainment, and Recreation',
  '72': 'Accommodation and Food Services',
  '81': 'Other Services (except Public Administration)',
  '92': 'Public Administration',
};

const RANGES: Readonly<Record<string, string>> = {
  '31': '31-33',
  '32': '31-33',
  '33': '31-33',
  '44': '44-45',
  '45': '44-45',
  '48': '48-49',
  '49': '48-49',
};

export const UNKNOWN_CELL = 'unknown';

/** The published sector code of a NAICS code of 2 to 6 digits ("445110" → "44-45"); "unknown" if none. */
export function naicsSector(naics: string | null | undefined): string {
  if (!naics || !/^\d{2,6}$/.test(naics)) return UNKNOWN_CELL;
  const two = naics.slice(0, 2);
  const sector = RANGES[two] ?? two;
  return NAICS_SECTORS[sector] ? sector : UNKNOWN_CELL;
}

export function sectorName(sector: string): string {
  return NAICS_SECTORS[sector] ?? 'Unknown sector';
}
