/**
 * A transaction's `currency` is a reference to the account's currency record: `{id, refName}`
 * where refName is the record's *name* ("US Dollar"), not its ISO code (that is the record's
 * `symbol`, which the transaction does not carry). Names of NetSuite's predefined currency records
 * are mapped here; an account that renamed its currencies gets a review item naming the value.
 */
const BY_NAME: Readonly<Record<string, string>> = {
  'us dollar': 'USD',
  'u.s. dollar': 'USD',
  usa: 'USD',
  'canadian dollar': 'CAD',
  euro: 'EUR',
  'british pound': 'GBP',
  'british pound sterling': 'GBP',
  'pound sterling': 'GBP',
  'australian dollar': 'AUD',
  'new zealand dollar': 'NZD',
  'japanese yen': 'JPY',
  yen: 'JPY',
  'chinese yuan': 'CNY',
  'chinese yuan renminbi': 'CNY',
  'indian rupee': 'INR',
  'mexican peso': 'MXN',
  'brazilian real': 'BRL',
  'swiss franc': 'CHF',
  'swedish krona': 'SEK',
  'norwegian krone': 'NOK',
  'danish krone': 'DKK',
  'singapore dollar': 'SGD',
  'hong kong dollar': 'HKD',
  'south african rand': 'ZAR',
  'polish zloty': 'PLN',
  'south korean won': 'KRW',
  'czech koruna': 'CZK',
  'hungarian forint': 'HUF',
  'israeli shekel': 'ILS',
  'philippine peso': 'PHP',
  'thai baht': 'THB',
  'uae dirham': 'AED',
};

/** ISO 4217 code for a currency reference's name (or an ISO code written as the name), else null. */
export function currencyCodeOf(refName: string | undefined): string | null {
  if (refName === undefined) return null;
  const text = refName.trim();
  if (/^[A-Z]{3}$/.test(text)) return text;
  return BY_NAME[text.toLowerCase().replace(/\s+/g, ' ')] ?? null;
}
