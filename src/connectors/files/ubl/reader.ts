import { InvalidInputError, isLedgerpulseError } from '../../../errors/index.js';
import { sha256 } from '../../kit/envelope.js';
import type { FileDocument } from '../types.js';
import { cbc, UBL_ROOTS } from './namespaces.js';
import type { XmlElement } from './safe-xml.js';
import { at, findAll, parseSafeXml, textOf } from './safe-xml.js';

export const UBL_CONTENT_TYPE = 'application/xml';

/** The UBL Invoice or CreditNote element: the document element, or inside an envelope such as the Peppol SBDH. */
export function findUblDocuments(root: XmlElement): XmlElement[] {
  return findAll(root, (e) => UBL_ROOTS[e.ns]?.local === e.local);
}

export function ublLabel(doc: XmlElement): string {
  const kind = UBL_ROOTS[doc.ns]?.local ?? doc.local;
  return `UBL ${kind} ${textOf(at(doc, cbc('ID'))) ?? '(no ID)'}`;
}

/** An instant from IssueDate + IssueTime only when the time carries a UTC offset; otherwise null. */
export function ublStampWithOffset(doc: XmlElement): { utc: string; offset: string } | null {
  const date = textOf(at(doc, cbc('IssueDate')));
  const time = textOf(at(doc, cbc('IssueTime')));
  if (!date || !time) return null;
  const m = /^(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!m?.[1] || !m[3]) return null;
  const ms = Date.parse(`${date}T${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return null;
  return { utc: new Date(ms).toISOString(), offset: m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3] };
}

/**
 * A UBL file is one document: an Invoice or CreditNote (by namespace URI), possibly inside an
 * envelope. The payload is the whole XML text, so the document is kept byte for byte.
 */
export function splitUbl(text: string, fileName: string): { documents: FileDocument[]; errors: InvalidInputError[] } {
  let root: XmlElement;
  try {
    root = parseSafeXml(text, fileName);
  } catch (e) {
    if (isLedgerpulseError(e) && e instanceof InvalidInputError) {
      return { documents: [], errors: [new InvalidInputError(e.code, e.message, { ...e.context, fileName })] };
    }
    throw e;
  }
  const docs = findUblDocuments(root);
  const [doc] = docs;
  if (!doc || docs.length > 1) {
    const message =
      docs.length > 1
        ? `${fileName} holds ${docs.length} UBL documents; send one Invoice or CreditNote per file`
        : `${fileName} holds no UBL 2.1 Invoice or CreditNote (document element {${root.ns}}${root.local}); namespaces are matched by URI`;
    return { documents: [], errors: [new InvalidInputError('LP_INPUT_FILE', message, { format: 'ubl', fileName })] };
  }
  const { documentType } = UBL_ROOTS[doc.ns] ?? { documentType: 'invoice' };
  const id = textOf(at(doc, cbc('ID')));
  const sourceVersion = sha256(text);
  return {
    documents: [
      {
        externalId: id ? `ubl:${documentType}:${id}` : `ubl:${documentType}:sha256-${sourceVersion.slice(0, 16)}`,
        sourceVersion,
        sourceUpdatedAt: ublStampWithOffset(doc)?.utc ?? null,
        object: 'ubl',
        contentType: UBL_CONTENT_TYPE,
        payload: text,
        label: `${ublLabel(doc)} in ${fileName}`,
      },
    ],
    errors: [],
  };
}
