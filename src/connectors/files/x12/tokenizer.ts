import { InvalidInputError } from '../../../errors/index.js';

/**
 * A small X12 tokenizer driven by the separators each ISA declares. We do not use x12-parser here:
 * it is a stream Transform that emits parsed segments only (no raw text or offsets, so a document's
 * own ST..SE text cannot be cut out), reads separators at fixed offsets of the first chunk (a UTF-8
 * byte-order mark shifts them and breaks every segment), decodes as ASCII by default, and its
 * Segment#formatted mutates state so it can be read once. See docs/connectors/files.md.
 */
export interface X12Separators {
  readonly element: string;
  readonly component: string;
  /** The segment terminator; '\n' stands for any line break (CR, LF or CRLF). */
  readonly segment: string;
  /** ISA11 when the version (ISA12 >= 00402) makes it a repetition separator. */
  readonly repetition: string | null;
}

export interface X12Segment {
  readonly id: string;
  /** elements[0] is the segment id, so elements[n] is the n-th data element (ISA01 = elements[1]). */
  readonly elements: readonly string[];
  /** The segment's text as written, without its terminator or surrounding whitespace. */
  readonly raw: string;
}

export interface X12Interchange {
  readonly separators: X12Separators;
  readonly segments: readonly X12Segment[];
}

const LINE_BREAK = '\n';

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function fileError(message: string, context: Record<string, unknown> = {}): InvalidInputError {
  return new InvalidInputError('LP_INPUT_FILE', message, { format: 'x12', ...context });
}

/** Reads the separators from the ISA that starts at `at`, and where the ISA text ends. */
function readIsa(text: string, at: number): { separators: X12Separators; raw: string; next: number } {
  const element = text[at + 3];
  if (element === undefined || /[A-Za-z0-9\s]/.test(element)) {
    throw fileError(`ISA at offset ${at} has no usable element separator`);
  }
  let pos = at + 3;
  for (let count = 0; count < 16; count++) {
    pos = text.indexOf(element, pos);
    // ISA is 106 characters by the standard; a generous bound keeps a garbage file from a long scan.
    if (pos < 0 || pos - at > 200) throw fileError(`ISA at offset ${at} does not have 16 elements`);
    pos += 1;
  }
  const component = text[pos];
  const terminator = text[pos + 1];
  if (component === undefined || terminator === undefined || /[A-Za-z0-9 ]/.test(component)) {
    throw fileError(`ISA16 (component separator) is missing or invalid at offset ${pos}`);
  }
  const isLineBreak = terminator === '\r' || terminator === '\n';
  if (!isLineBreak && (/[A-Za-z0-9 ]/.test(terminator) || terminator === element)) {
    throw fileError(`the segment terminator after ISA16 is invalid (${JSON.stringify(terminator)})`);
  }
  const raw = text.slice(at, pos + 1);
  const isaElements = raw.split(element);
  const version = isaElements[12] ?? '';
  const rep = isaElements[11] ?? '';
  const repetition = version >= '00402' && rep.length === 1 && !/[A-Za-z0-9]/.test(rep) ? rep : null;
  let next = pos + 2;
  if (terminator === '\r' && text[next] === '\n') next += 1;
  return {
    separators: { element, component, segment: isLineBreak ? LINE_BREAK : terminator, repetition },
    raw,
    next,
  };
}

function endOfSegment(text: string, from: number, segment: string): { end: number; next: number } {
  if (segment === LINE_BREAK) {
    for (let i = from; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n') return { end: i, next: i + 1 };
      if (ch === '\r') return { end: i, next: text[i + 1] === '\n' ? i + 2 : i + 1 };
    }
    return { end: text.length, next: text.length };
  }
  const i = text.indexOf(segment, from);
  return i < 0 ? { end: text.length, next: text.length } : { end: i, next: i + 1 };
}

function toSegment(raw: string, separators: X12Separators): X12Segment {
  const elements = raw.split(separators.element);
  return { id: (elements[0] ?? '').trim(), elements, raw };
}

/**
 * Splits X12 text into interchanges (ISA..IEA), each with the separators its own ISA declares.
 * Whitespace between segments (pretty-printed files, CRLF after the terminator) is ignored.
 * Throws InvalidInputError LP_INPUT_FILE when the text does not start with a readable ISA.
 */
export function tokenizeX12(text: string): X12Interchange[] {
  const interchanges: X12Interchange[] = [];
  let pos = 0;
  const skip = () => {
    while (pos < text.length && isBlank(text[pos])) pos++;
  };
  skip();
  if (pos >= text.length) throw fileError('the file is empty');
  while (pos < text.length) {
    if (!text.startsWith('ISA', pos)) {
      throw fileError(`expected an ISA segment at offset ${pos}, found ${JSON.stringify(text.slice(pos, pos + 20))}`);
    }
    const isa = readIsa(text, pos);
    const segments: X12Segment[] = [toSegment(isa.raw, isa.separators)];
    pos = isa.next;
    for (;;) {
      skip();
      if (pos >= text.length) break;
      if (text.startsWith('ISA', pos) && text[pos + 3] !== undefined && !/[A-Za-z0-9]/.test(text[pos + 3] ?? '')) {
        // A new interchange without an IEA before it: stop this one here.
        break;
      }
      const { end, next } = endOfSegment(text, pos, isa.separators.segment);
      const raw = text.slice(pos, end).trim();
      pos = next;
      if (raw.length === 0) continue;
      const seg = toSegment(raw, isa.separators);
      segments.push(seg);
      if (seg.id === 'IEA') break;
    }
    interchanges.push({ separators: isa.separators, segments });
    skip();
  }
  return interchanges;
}

/** Data element n of a segment ('' when absent). */
export function el(seg: X12Segment, n: number): string {
  return seg.elements[n] ?? '';
}

/** Data element n with surrounding blanks removed (ISA elements are space-padded). */
export function elTrim(seg: X12Segment, n: number): string {
  return el(seg, n).trim();
}

/** Writes segments back as text, one per line, with the interchange's own terminator. */
export function joinSegments(raws: readonly string[], separators: X12Separators): string {
  const end = separators.segment === LINE_BREAK ? '\n' : `${separators.segment}\n`;
  return raws.map((r) => `${r}${end}`).join('');
}
