import { InvalidInputError, isLedgerpulseError } from '../../../errors/index.js';
import { sha256 } from '../../kit/envelope.js';
import type { FileDocument } from '../types.js';
import type { X12Interchange, X12Segment } from './tokenizer.js';
import { elTrim, joinSegments, tokenizeX12 } from './tokenizer.js';

export const X12_CONTENT_TYPE = 'application/edi-x12';

const DOCUMENT_NUMBER: Readonly<Record<string, { segment: string; element: number; noun: string }>> = {
  '810': { segment: 'BIG', element: 2, noun: 'invoice' },
  '850': { segment: 'BEG', element: 3, noun: 'purchase order' },
};

/** The document number of a transaction set (BIG02 for an 810, BEG03 for an 850), if it has one. */
export function x12DocumentNumber(setId: string, segments: readonly X12Segment[]): string | null {
  const where = DOCUMENT_NUMBER[setId];
  if (!where) return null;
  const seg = segments.find((s) => s.id === where.segment);
  const value = seg ? elTrim(seg, where.element) : '';
  return value.length > 0 ? value : null;
}

export function x12Label(setId: string, control: string, number: string | null): string {
  const noun = DOCUMENT_NUMBER[setId]?.noun ?? 'document';
  return `X12 ${setId || '?'} ST ${control || '?'}${number ? ` (${noun} ${number})` : ''}`;
}

function documentsOf(ic: X12Interchange, fileName: string): FileDocument[] {
  const docs: FileDocument[] = [];
  const isa = ic.segments[0];
  if (!isa) return docs;
  let gs: X12Segment | null = null;
  let current: X12Segment[] | null = null;
  const close = () => {
    if (!current) return;
    const st = current[0] as X12Segment;
    const setId = elTrim(st, 1);
    const control = elTrim(st, 2);
    const number = x12DocumentNumber(setId, current);
    const raws = [isa.raw, ...(gs ? [gs.raw] : []), ...current.map((s) => s.raw)];
    const payload = joinSegments(raws, ic.separators);
    const fallbackId = `${elTrim(isa, 13)}-${gs ? elTrim(gs, 6) : ''}-${control}`;
    docs.push({
      externalId: `x12:${setId || 'unknown'}:${number ?? fallbackId}`,
      sourceVersion: sha256(payload),
      // X12 dates and times carry no UTC offset; the mapper reads them in the company's zone.
      sourceUpdatedAt: null,
      object: 'x12',
      contentType: X12_CONTENT_TYPE,
      payload,
      label: `${x12Label(setId, control, number)} in ${fileName}`,
    });
    current = null;
  };
  for (const seg of ic.segments.slice(1)) {
    switch (seg.id) {
      case 'GS':
        close();
        gs = seg;
        break;
      case 'ST':
        close();
        current = [seg];
        break;
      case 'SE':
        if (current) {
          current.push(seg);
          close();
        }
        break;
      case 'GE':
      case 'IEA':
        // An ST without its SE still becomes a document: the mapper names what is missing.
        close();
        break;
      default:
        if (current) current.push(seg);
    }
  }
  close();
  return docs;
}

/** Cuts an X12 file into one document per transaction set (ST..SE), each with its ISA and GS. */
export function splitX12(text: string, fileName: string): { documents: FileDocument[]; errors: InvalidInputError[] } {
  let interchanges: X12Interchange[];
  try {
    interchanges = tokenizeX12(text);
  } catch (e) {
    if (isLedgerpulseError(e) && e instanceof InvalidInputError) {
      return {
        documents: [],
        errors: [new InvalidInputError(e.code, `${fileName}: ${e.message}`, { ...e.context, fileName })],
      };
    }
    throw e;
  }
  const documents = interchanges.flatMap((ic) => documentsOf(ic, fileName));
  const errors: InvalidInputError[] = [];
  if (documents.length === 0) {
    errors.push(
      new InvalidInputError('LP_INPUT_FILE', `${fileName}: the interchange holds no transaction set (ST..SE)`, {
        format: 'x12',
        fileName,
      }),
    );
  }
  return { documents, errors };
}
