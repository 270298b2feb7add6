import { XMLParser } from 'fast-xml-parser';

/**
 * Intuit answers in XML when `Accept: application/json` is missing, and a few gateway errors are XML
 * whatever was asked. This turns an `IntuitResponse` (or a bare `Fault`) into the JSON shape the
 * service sends, so one set of schemas reads both: `<ItemRef name="Pump">11</ItemRef>` becomes
 * `{ "value": "11", "name": "Pump" }`, attributes become properties, repeated elements become arrays.
 * Numbers stay decimal strings (never floats); `true`/`false` become booleans.
 */

/** Elements that are lists in the JSON form even when the XML holds one of them. */
const LIST_TAGS = new Set([
  'Line',
  'LinkedTxn',
  'CustomField',
  'TaxLine',
  'Error',
  'NameValue',
  'LineEx',
  'CDCResponse',
]);
const LIST_PARENTS = new Set(['QueryResponse']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  trimValues: true,
  jPath: true,
  isArray: (tag, jpath) => {
    if (LIST_TAGS.has(tag)) return true;
    const path = String(jpath).split('.');
    const parent = path[path.length - 2];
    // Entities inside a QueryResponse, and the QueryResponse blocks of a CDCResponse, are arrays.
    if (parent !== undefined && LIST_PARENTS.has(parent) && !tag.startsWith('@_')) return true;
    return tag === 'QueryResponse' && parent === 'CDCResponse';
  },
});

export class UnsafeXmlError extends Error {}

export function parseIntuitXml(xml: string): Record<string, unknown> {
  // A DTD is the only way to declare entities; Intuit never sends one, so refuse it outright.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new UnsafeXmlError('XML declares a DTD or entities');
  const doc = parser.parse(xml) as { IntuitResponse?: unknown };
  const root = doc.IntuitResponse;
  if (root !== undefined) return convert(root) as Record<string, unknown>;
  return convert(doc) as Record<string, unknown>;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => (item === '' ? {} : convert(item)));
  if (typeof node === 'string') return scalar(node);
  if (node === null || typeof node !== 'object') return node;
  const out: { value?: unknown; [key: string]: unknown } = {};
  const entries = Object.entries(node as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (key === '#text') out.value = scalar(String(value));
    else if (key.startsWith('@_')) out[key.slice(2)] = scalar(String(value));
    else if (value === '') out[key] = {};
    // A reference without a name attribute is still an object in JSON: {"value": "NON"}.
    else if (key.endsWith('Ref') && typeof value === 'string') out[key] = { value };
    else out[key] = convert(value);
  }
  return out;
}

function scalar(text: string): string | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}
