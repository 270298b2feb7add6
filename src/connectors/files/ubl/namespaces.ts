/** UBL 2.1 namespace URIs. Elements are matched by these, whatever prefixes a file declares. */
export const UBL_INVOICE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const UBL_CREDIT_NOTE = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
export const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
export const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';

export const UBL_ROOTS: Readonly<
  Record<string, { readonly local: string; readonly documentType: 'invoice' | 'credit_note' }>
> = {
  [UBL_INVOICE]: { local: 'Invoice', documentType: 'invoice' },
  [UBL_CREDIT_NOTE]: { local: 'CreditNote', documentType: 'credit_note' },
};

export const cbc = (local: string) => [CBC, local] as const;
export const cac = (local: string) => [CAC, local] as const;
