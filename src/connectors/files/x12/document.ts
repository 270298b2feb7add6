import { problem } from '../guarded-mapper.js';
import type { WallTime } from '../zoned-time.js';
import { x12DocumentNumber, x12Label } from './reader.js';
import type { X12Segment, X12Separators } from './tokenizer.js';
import { el, elTrim, tokenizeX12 } from './tokenizer.js';
import { x12Date, x12Time } from './values.js';

/** One transaction set as the mappers see it, with its envelope checks done. */
export interface X12Document {
  readonly separators: X12Separators;
  readonly setId: string;
  readonly control: string;
  readonly number: string | null;
  readonly label: string;
  /** Segments between ST and SE. */
  readonly body: readonly X12Segment[];
  /** GS04/GS05: when the sender built the functional group (a wall time without offset). */
  readonly groupDate: string | null;
  readonly groupTime: WallTime | null;
}

/**
 * Parses a document payload (ISA, GS, ST..SE as cut by splitX12) and checks its control values:
 * SE01 must count the segments from ST to SE, SE02 must repeat ST02. Throws a review problem.
 */
export function readX12Document(payload: string, onLabel: (label: string) => void): X12Document {
  const interchanges = tokenizeX12(payload);
  const ic = interchanges[0];
  if (!ic || interchanges.length !== 1) throw problem('LP_INPUT_FILE', 'the payload is not one X12 interchange');
  const segs = ic.segments;
  const stIndex = segs.findIndex((s) => s.id === 'ST');
  const st = segs[stIndex];
  if (!st) throw problem('LP_INPUT_SCHEMA', 'no ST segment', 'ST');
  const setId = elTrim(st, 1);
  const control = elTrim(st, 2);
  const rest = segs.slice(stIndex + 1);
  const seIndex = rest.findIndex((s) => s.id === 'SE');
  const body = seIndex < 0 ? rest.filter((s) => s.id !== 'GE' && s.id !== 'IEA') : rest.slice(0, seIndex);
  const number = x12DocumentNumber(setId, body);
  const label = x12Label(setId, control, number);
  onLabel(label);
  const se = seIndex < 0 ? undefined : rest[seIndex];
  if (!se) throw problem('LP_INPUT_CONTROL_MISMATCH', 'the transaction set has no SE (trailer) segment', 'SE');
  const counted = body.length + 2;
  if (elTrim(se, 1) !== String(counted)) {
    throw problem(
      'LP_INPUT_CONTROL_MISMATCH',
      `SE01 says ${JSON.stringify(elTrim(se, 1))} segments but the transaction set has ${counted}`,
      'SE01',
    );
  }
  if (elTrim(se, 2) !== control) {
    throw problem('LP_INPUT_CONTROL_MISMATCH', `SE02 ${elTrim(se, 2)} does not match ST02 ${control}`, 'SE02');
  }
  const gs = segs.slice(0, stIndex).find((s) => s.id === 'GS');
  const gsDate = gs ? elTrim(gs, 4) : '';
  return {
    separators: ic.separators,
    setId,
    control,
    number,
    label,
    body,
    groupDate: gsDate ? x12Date(gsDate, 'GS04') : null,
    groupTime: gs ? x12Time(el(gs, 5)) : null,
  };
}

/** A loop: its first segment and the segments that belong to it. */
export interface X12Loop {
  readonly head: X12Segment;
  readonly members: readonly X12Segment[];
}

/**
 * Cuts `segments` into loops started by `start`; a loop runs until the next `start` or a segment in
 * `stop`. Returns the loops and the segments before the first one.
 */
export function loopsOf(
  segments: readonly X12Segment[],
  start: string,
  stop: ReadonlySet<string>,
): { before: X12Segment[]; loops: X12Loop[]; after: X12Segment[] } {
  const before: X12Segment[] = [];
  const after: X12Segment[] = [];
  const loops: { head: X12Segment; members: X12Segment[] }[] = [];
  let inLoops = false;
  let done = false;
  for (const seg of segments) {
    if (done) after.push(seg);
    else if (seg.id === start) {
      loops.push({ head: seg, members: [] });
      inLoops = true;
    } else if (inLoops && stop.has(seg.id)) {
      done = true;
      after.push(seg);
    } else if (inLoops) loops[loops.length - 1]?.members.push(seg);
    else before.push(seg);
  }
  return { before, loops, after };
}

export interface X12Party {
  readonly code: string;
  readonly name: string | null;
  /** "<N103 qualifier>:<N104 id>" when the N1 carries an identifier. */
  readonly sourceId: string | null;
  readonly country: string | null;
}

const N1_MEMBERS = new Set(['N2', 'N3', 'N4', 'REF', 'PER']);

/** The N1 loops of the header: entity code, name, identifier and country (N404). */
export function partiesOf(header: readonly X12Segment[]): X12Party[] {
  const parties: { code: string; name: string | null; sourceId: string | null; country: string | null }[] = [];
  let open = false;
  for (const seg of header) {
    if (seg.id === 'N1') {
      const qualifier = elTrim(seg, 3);
      const id = elTrim(seg, 4);
      parties.push({
        code: elTrim(seg, 1),
        name: elTrim(seg, 2) || null,
        sourceId: id ? `${qualifier}:${id}` : null,
        country: null,
      });
      open = true;
    } else if (open && N1_MEMBERS.has(seg.id)) {
      const last = parties[parties.length - 1];
      if (last && seg.id === 'N4' && elTrim(seg, 4)) last.country = elTrim(seg, 4);
    } else open = false;
  }
  return parties;
}

/** The first party with one of `codes`, in the order of `codes`. */
export function pickParty(parties: readonly X12Party[], codes: readonly string[]): X12Party | null {
  for (const code of codes) {
    const p = parties.find((x) => x.code === code);
    if (p) return p;
  }
  return null;
}

/** Product identifiers of a line (IT1/PO1 elements 6.. as qualifier/id pairs), by qualifier. */
export function productIds(line: X12Segment, from = 6): Map<string, string> {
  const ids = new Map<string, string>();
  for (let i = from; i + 1 < line.elements.length; i += 2) {
    const q = elTrim(line, i);
    const v = elTrim(line, i + 1);
    if (q && v && !ids.has(q)) ids.set(q, v);
  }
  return ids;
}

/** Seller's part number first, then catalogue codes, then the buyer's own part number. */
export const SKU_QUALIFIERS = ['VN', 'VP', 'SK', 'MG', 'UP', 'UK', 'EN', 'UA', 'BP', 'IN'] as const;

export function skuOf(ids: Map<string, string>): string | null {
  for (const q of SKU_QUALIFIERS) {
    const v = ids.get(q);
    if (v) return v;
  }
  return null;
}

/** PID05 of the first free-form (PID01 = F) description in a loop. */
export function descriptionOf(members: readonly X12Segment[]): string | null {
  const pid = members.find((s) => s.id === 'PID' && elTrim(s, 1) === 'F' && elTrim(s, 5));
  return pid ? elTrim(pid, 5) : null;
}
