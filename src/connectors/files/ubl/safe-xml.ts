import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvalidInputError } from '../../../errors/index.js';

/** A namespace-resolved element: names are (namespace URI, local name), never prefixes. */
export interface XmlElement {
  readonly ns: string;
  readonly local: string;
  /** Attributes by local name (namespace declarations left out). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text, entity references decoded, trimmed. */
  readonly text: string;
}

/** Larger than any real invoice; a cap keeps one file from holding a worker's memory. */
export const MAX_XML_CHARS = 20_000_000;

const UNSAFE = /<!DOCTYPE|<!ENTITY/i;

/**
 * Refuses XML that declares a DTD or entities before any parser sees it: entity expansion
 * ("billion laughs") and external entities (XXE) both need a DOCTYPE, and business documents
 * such as UBL never carry one. A plain scan, so the refusal costs time linear in the input.
 */
export function assertSafeXml(text: string, what: string): void {
  if (text.length > MAX_XML_CHARS) {
    throw new InvalidInputError('LP_INPUT_FILE', `${what} is larger than ${MAX_XML_CHARS} characters`, {
      format: 'ubl',
    });
  }
  const m = UNSAFE.exec(text);
  if (m) {
    throw new InvalidInputError(
      'LP_INPUT_UNSAFE_XML',
      `${what} declares a DTD or entities (${m[0]} at offset ${m.index}); XML with a DOCTYPE is refused to prevent entity expansion and external entity (XXE) attacks`,
      { format: 'ubl', offset: m.index },
    );
  }
}

// Entity processing is off in the parser; only the five predefined entities and character
// references are decoded here, in one pass that cannot expand.
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith('#')) return safeCodePoint(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return PREDEFINED[ref] ?? whole;
  });
}

function safeCodePoint(n: number): string | null {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : null;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown>;

function splitName(qname: string): { prefix: string; local: string } {
  const i = qname.indexOf(':');
  return i < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
}

function resolve(node: OrderedNode, scope: ReadonlyMap<string, string>, depth: number): XmlElement | null {
  if (depth > 200)
    throw new InvalidInputError('LP_INPUT_FILE', 'XML is nested deeper than 200 levels', { format: 'ubl' });
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text' || tag === '#comment' || tag.startsWith('?')) return null;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, unknown>;
  let inner: Map<string, string> | null = null;
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttrs)) {
    const v = decodeEntities(String(value));
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      inner ??= new Map(scope);
      inner.set(name === 'xmlns' ? '' : name.slice(6), v);
    } else {
      attrs[splitName(name).local] = v;
    }
  }
  const here = inner ?? scope;
  const { prefix, local } = splitName(tag);
  const ns = here.get(prefix);
  if (ns === undefined) {
    throw new InvalidInputError('LP_INPUT_FILE', `XML prefix "${prefix}" of <${tag}> is not declared`, {
      format: 'ubl',
    });
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[tag] ?? []) as OrderedNode[]) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const el = resolve(child, here, depth + 1);
      if (el) children.push(el);
    }
  }
  return { ns, local, attrs, children, text: decodeEntities(text).trim() };
}

/**
 * Parses XML into namespace-resolved elements, refusing DTDs and entities first (LP_INPUT_UNSAFE_XML)
 * and malformed XML after (LP_INPUT_FILE). Returns the document element.
 */
export function parseSafeXml(text: string, what: string): XmlElement {
  assertSafeXml(text, what);
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  } catch (e) {
    throw new InvalidInputError('LP_INPUT_FILE', `${what} could not be checked as XML: ${(e as Error).message}`, {
      format: 'ubl',
    });
  }
  if (valid !== true) {
    throw new InvalidInputError(
      'LP_INPUT_FILE',
      `${what} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
      { format: 'ubl', line: valid.err.line },
    );
  }
  let tree: OrderedNode[];
  try {
    tree = parser.parse(text) as OrderedNode[];
  } catch (e) {
    throw new InvalidInputError('LP_INPUT_FILE', `${what} could not be parsed as XML: ${(e as Error).message}`, {
      format: 'ubl',
    });
  }
  const root = tree
    .map((n) => resolve(n, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 0))
    .find((e) => e !== null);
  if (!root) throw new InvalidInputError('LP_INPUT_FILE', `${what} has no document element`, { format: 'ubl' });
  return root;
}

/** First child with this namespace URI and local name. */
export function child(el: XmlElement | null | undefined, ns: string, local: string): XmlElement | null {
  return el?.children.find((c) => c.ns === ns && c.local === local) ?? null;
}

export function childrenOf(el: XmlElement | null | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.local === local) : [];
}

/** Follows a path of [namespace, local] steps, first match at each step. */
export function at(
  el: XmlElement | null | undefined,
  ...steps: readonly (readonly [string, string])[]
): XmlElement | null {
  let cur: XmlElement | null = el ?? null;
  for (const [ns, local] of steps) cur = child(cur, ns, local);
  return cur;
}

/** An attribute by local name. */
export function attrOf(el: XmlElement | null | undefined, local: string): string | undefined {
  return el ? (Object.hasOwn(el.attrs, local) ? el.attrs[local] : undefined) : undefined;
}

/** The element's text, or null when absent or empty. */
export function textOf(el: XmlElement | null | undefined): string | null {
  return el && el.text.length > 0 ? el.text : null;
}

/** Depth-first search for elements in a namespace, not descending into a match. */
export function findAll(el: XmlElement, match: (e: XmlElement) => boolean): XmlElement[] {
  if (match(el)) return [el];
  return el.children.flatMap((c) => findAll(c, match));
}
