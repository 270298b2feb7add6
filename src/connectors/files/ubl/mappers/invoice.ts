import type { CanonicalRecord, Invoice, LineItem, TaxSubtotal } from '../../../../canonical/index.js';
import {
  add,
  canonicalId,
  cmp,
  div,
  isValidCalendarDate,
  isZero,
  mul,
  round,
  sub,
  sum,
} from '../../../../canonical/index.js';
import type { MapContext } from '../../../kit/mapper.js';
import { provenanceOf } from '../../../kit/mapper.js';
import { problem } from '../../guarded-mapper.js';
import { atLeastCents, decimalOrNull } from '../../money-text.js';
import { partyRecord } from '../../party.js';
import { zonedToUtc } from '../../zoned-time.js';
import { CAC, CBC, cac, cbc, UBL_CREDIT_NOTE, UBL_ROOTS } from '../namespaces.js';
import { ublStampWithOffset } from '../reader.js';
import type { XmlElement } from '../safe-xml.js';
import { at, attrOf, child, childrenOf, textOf } from '../safe-xml.js';
import { amountOf, quantityOf, requiredAmount } from './amounts.js';

function dateOf(el: XmlElement | null, field: string): string | null {
  const t = textOf(el);
  if (t === null) return null;
  if (!isValidCalendarDate(t)) throw problem('LP_INPUT_MAPPING', `${field} ${JSON.stringify(t)} is not a date`, field);
  return t;
}

/** Tax on an amount at the category percent (rounded to cents, half-even); zero without a percent. */
function taxAt(amount: string, category: XmlElement | null): string {
  const pct = decimalOrNull(textOf(child(category, CBC, 'Percent')));
  return pct === null ? '0.00' : round(div(mul(amount, pct), 100), 2);
}

interface AllowanceCharge {
  readonly isCharge: boolean;
  readonly amount: string;
  readonly reason: string | null;
  readonly category: XmlElement | null;
}

function allowanceCharges(parent: XmlElement, currency: string, where: string): AllowanceCharge[] {
  return childrenOf(parent, CAC, 'AllowanceCharge').map((ac, i) => {
    const indicator = textOf(child(ac, CBC, 'ChargeIndicator'));
    if (indicator !== 'true' && indicator !== 'false') {
      throw problem(
        'LP_INPUT_SCHEMA',
        `${where} AllowanceCharge ${i + 1} has no ChargeIndicator true/false`,
        'ChargeIndicator',
      );
    }
    return {
      isCharge: indicator === 'true',
      amount: requiredAmount(child(ac, CBC, 'Amount'), `${where} AllowanceCharge ${i + 1} Amount`, currency),
      reason: textOf(child(ac, CBC, 'AllowanceChargeReason')) ?? textOf(child(ac, CBC, 'AllowanceChargeReasonCode')),
      category: child(ac, CAC, 'TaxCategory'),
    };
  });
}

function lineOf(line: XmlElement, index: number, creditNote: boolean, currency: string): LineItem {
  const where = `line ${index + 1}`;
  const qty = quantityOf(child(line, CBC, creditNote ? 'CreditedQuantity' : 'InvoicedQuantity'), `${where} quantity`);
  if (qty === null) throw problem('LP_INPUT_SCHEMA', `${where} has no quantity`, 'InvoicedQuantity');
  const total = requiredAmount(child(line, CBC, 'LineExtensionAmount'), `${where} LineExtensionAmount`, currency);
  const price = amountOf(at(line, cac('Price'), cbc('PriceAmount')), `${where} PriceAmount`, currency);
  const base = quantityOf(at(line, cac('Price'), cbc('BaseQuantity')), `${where} BaseQuantity`) ?? '1';
  const unitPrice = price !== null && !isZero(base) ? div(price, base) : isZero(qty) ? '0' : div(total, qty);
  const adjustments = allowanceCharges(line, currency, where);
  const item = child(line, CAC, 'Item');
  const id = textOf(child(line, CBC, 'ID'));
  return {
    lineNumber: id !== null && /^\d+$/.test(id) ? Number(id) : index + 1,
    description: textOf(child(item, CBC, 'Name')) ?? textOf(child(item, CBC, 'Description')),
    sku:
      textOf(at(item, cac('SellersItemIdentification'), cbc('ID'))) ??
      textOf(at(item, cac('StandardItemIdentification'), cbc('ID'))),
    productSourceId: null,
    quantity: qty,
    unitPrice: atLeastCents(unitPrice),
    discount: atLeastCents(sum(adjustments.filter((a) => !a.isCharge).map((a) => a.amount))),
    tax: taxAt(total, child(item, CAC, 'ClassifiedTaxCategory')),
    total,
  };
}

/** The counterparty: PartyName (else the legal name), an id from EndpointID or PartyIdentification. */
function partyOf(party: XmlElement | null) {
  const idEl =
    child(party, CBC, 'EndpointID') ??
    at(party, cac('PartyIdentification'), cbc('ID')) ??
    at(party, cac('PartyLegalEntity'), cbc('CompanyID'));
  const idText = textOf(idEl);
  const scheme = attrOf(idEl, 'schemeID');
  return {
    sourceId: idText === null ? null : scheme ? `${scheme}:${idText}` : idText,
    name:
      textOf(at(party, cac('PartyName'), cbc('Name'))) ??
      textOf(at(party, cac('PartyLegalEntity'), cbc('RegistrationName'))),
    email: textOf(at(party, cac('Contact'), cbc('ElectronicMail'))),
    country: textOf(at(party, cac('PostalAddress'), cac('Country'), cbc('IdentificationCode'))),
  };
}

/**
 * UBL 2.1 / Peppol BIS 3 Invoice or CreditNote to a canonical invoice (receivable): the buyer is
 * the party. Lines are net of their allowances and document charges become lines of their own;
 * subtotal is TaxExclusiveAmount (after every allowance), discountTotal adds up all allowances,
 * total is TaxInclusiveAmount and amountDue PayableAmount.
 */
export function mapUblInvoice(doc: XmlElement, ctx: MapContext): CanonicalRecord[] {
  const creditRoot = doc.ns === UBL_CREDIT_NOTE;
  const typeCode = textOf(child(doc, CBC, creditRoot ? 'CreditNoteTypeCode' : 'InvoiceTypeCode'));
  const documentType =
    creditRoot || typeCode === '381' ? 'credit_note' : (UBL_ROOTS[doc.ns]?.documentType ?? 'invoice');
  const number = textOf(child(doc, CBC, 'ID'));
  if (!number) throw problem('LP_INPUT_SCHEMA', 'cbc:ID (document number) is missing', 'ID');
  const issueDate = dateOf(child(doc, CBC, 'IssueDate'), 'IssueDate');
  if (!issueDate) throw problem('LP_INPUT_SCHEMA', 'cbc:IssueDate is missing', 'IssueDate');
  const dueDate =
    dateOf(child(doc, CBC, 'DueDate'), 'DueDate') ??
    dateOf(at(doc, cac('PaymentMeans'), cbc('PaymentDueDate')), 'PaymentDueDate');
  const currency = textOf(child(doc, CBC, 'DocumentCurrencyCode'));
  if (!currency || !/^[A-Z]{3}$/.test(currency)) {
    throw problem('LP_INPUT_SCHEMA', 'cbc:DocumentCurrencyCode is missing or not ISO 4217', 'DocumentCurrencyCode');
  }

  // With a TaxCurrencyCode there are two TaxTotals; the one in the document currency is the tax total.
  const taxTotals = childrenOf(doc, CAC, 'TaxTotal');
  const docTax =
    taxTotals.find((t) => attrOf(child(t, CBC, 'TaxAmount'), 'currencyID') === currency) ??
    taxTotals.find((t) => attrOf(child(t, CBC, 'TaxAmount'), 'currencyID') === undefined) ??
    null;
  if (taxTotals.length > 0 && !docTax) {
    throw problem('LP_INPUT_MAPPING', `no TaxTotal is in the document currency ${currency}`, 'TaxTotal');
  }
  const taxTotal = amountOf(child(docTax, CBC, 'TaxAmount'), 'TaxTotal/TaxAmount', currency) ?? '0.00';
  const taxes: TaxSubtotal[] = childrenOf(docTax, CAC, 'TaxSubtotal').map((st, i) => {
    const category = child(st, CAC, 'TaxCategory');
    const percent = textOf(child(category, CBC, 'Percent'));
    return {
      category: textOf(child(category, CBC, 'ID')) ?? null,
      scheme: textOf(at(category, cac('TaxScheme'), cbc('ID'))) ?? null,
      percent: percent ? decimalOrNull(percent) : null,
      taxableAmount: requiredAmount(child(st, CBC, 'TaxableAmount'), `TaxSubtotal[${i}]/TaxableAmount`, currency),
      taxAmount: requiredAmount(child(st, CBC, 'TaxAmount'), `TaxSubtotal[${i}]/TaxAmount`, currency),
    };
  });
  // BT-111: with a TaxCurrencyCode, the second TaxTotal states the tax in that currency.
  const taxCurrencyCode = textOf(child(doc, CBC, 'TaxCurrencyCode'));
  const inTaxCurrency =
    taxCurrencyCode && taxCurrencyCode !== currency
      ? taxTotals.find((t) => attrOf(child(t, CBC, 'TaxAmount'), 'currencyID') === taxCurrencyCode)
      : undefined;
  const taxCurrency = inTaxCurrency
    ? {
        currency: taxCurrencyCode as string,
        taxTotal: requiredAmount(
          child(inTaxCurrency, CBC, 'TaxAmount'),
          'TaxTotal/TaxAmount',
          taxCurrencyCode as string,
        ),
      }
    : null;

  const totals = child(doc, CAC, 'LegalMonetaryTotal');
  if (!totals) throw problem('LP_INPUT_SCHEMA', 'cac:LegalMonetaryTotal is missing', 'LegalMonetaryTotal');
  const m = (local: string) => amountOf(child(totals, CBC, local), local, currency);
  const lineExtension = requiredAmount(child(totals, CBC, 'LineExtensionAmount'), 'LineExtensionAmount', currency);
  const taxInclusive = requiredAmount(child(totals, CBC, 'TaxInclusiveAmount'), 'TaxInclusiveAmount', currency);
  const payable = requiredAmount(child(totals, CBC, 'PayableAmount'), 'PayableAmount', currency);
  const prepaid = m('PrepaidAmount');

  const docAdjustments = allowanceCharges(doc, currency, 'document');
  const lineEls = childrenOf(doc, CAC, creditRoot ? 'CreditNoteLine' : 'InvoiceLine');
  const itemLines = lineEls.map((l, i) => lineOf(l, i, creditRoot, currency));
  const linesSum = sum(itemLines.map((l) => l.total));
  if (cmp(linesSum, lineExtension) !== 0) {
    throw problem(
      'LP_INPUT_CONTROL_MISMATCH',
      `the lines add up to ${atLeastCents(linesSum)} but LineExtensionAmount is ${lineExtension}`,
      'LineExtensionAmount',
    );
  }
  const charges = docAdjustments.filter((a) => a.isCharge);
  const chargeLines: LineItem[] = charges.map((c, i) => ({
    lineNumber: itemLines.length + i + 1,
    description: `Charge: ${c.reason ?? 'unspecified'}`,
    sku: null,
    productSourceId: null,
    quantity: '1',
    unitPrice: c.amount,
    discount: '0.00',
    tax: taxAt(c.amount, c.category),
    total: c.amount,
  }));
  const chargeTotal = m('ChargeTotalAmount') ?? sum(charges.map((c) => c.amount));
  const allowanceTotal =
    m('AllowanceTotalAmount') ?? sum(docAdjustments.filter((a) => !a.isCharge).map((a) => a.amount));
  const subtotal = m('TaxExclusiveAmount') ?? atLeastCents(sub(add(lineExtension, chargeTotal), allowanceTotal));
  const discountTotal = atLeastCents(add(allowanceTotal, ...itemLines.map((l) => l.discount)));

  const status =
    isZero(payable) && !isZero(taxInclusive)
      ? 'paid'
      : prepaid !== null && !isZero(prepaid)
        ? 'partially_paid'
        : 'open';
  const customer = partyOf(at(doc, cac('AccountingCustomerParty'), cac('Party')));
  const withOffset = ublStampWithOffset(doc);
  const wall = /^(\d{2}):(\d{2}):(\d{2})/.exec(textOf(child(doc, CBC, 'IssueTime')) ?? '');
  const sourceUpdatedAt =
    withOffset?.utc ??
    zonedToUtc(
      issueDate,
      wall ? { hour: Number(wall[1]), minute: Number(wall[2]), second: Number(wall[3]) } : null,
      ctx.timeZone,
    );
  const offset = withOffset ? { sourceOffset: withOffset.offset } : {};
  const sourceId = documentType === 'credit_note' ? `credit_note:${number}` : number;
  const invoice: Invoice = {
    kind: 'invoice',
    id: canonicalId('invoice', ctx.connectionId, sourceId),
    companyId: ctx.connectionId,
    source: { platform: 'files', connectionId: ctx.connectionId, sourceId, sourceUpdatedAt, ...offset },
    provenance: provenanceOf(ctx),
    deleted: false,
    documentType,
    number,
    issueDate,
    dueDate,
    party: { sourceId: customer.sourceId, name: customer.name },
    lines: [...itemLines, ...chargeLines],
    currency,
    subtotal,
    discountTotal,
    taxTotal,
    total: taxInclusive,
    amountDue: payable,
    // UBL has no status field; the value is read from the amounts and the original left empty.
    status: { value: status, original: '' },
    taxes,
    taxCurrency,
  };
  const records: CanonicalRecord[] = [invoice];
  if (customer.sourceId && customer.name) {
    records.push(
      partyRecord(ctx, {
        sourceId: customer.sourceId,
        name: customer.name,
        role: 'customer',
        email: customer.email,
        country: customer.country,
        currency: null,
        sourceUpdatedAt,
        ...offset,
      }),
    );
  }
  return records;
}
