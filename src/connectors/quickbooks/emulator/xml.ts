import type { Json } from './render.js';

/**
 * JSON → the XML Intuit sends when `Accept: application/json` is missing: an `IntuitResponse`
 * envelope with `time`, references as `<XRef name="…">value</XRef>`, arrays as repeated elements,
 * `domain`/`sparse`/`status` of an entity and the paging numbers of a QueryResponse as attributes,
 * and Fault errors as `<Error code="…" element="…">`.
 */
const NS = 'http://schema.intuit.com/finance/v3';
const ENTITY_ATTRS = new Set(['domain', 'sparse', 'status']);
const QUERY_ATTRS = new Set(['startPosition', 'maxResults', 'totalCount']);

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function scalar(v: unknown): string {
  return esc(typeof v === 'string' ? v : String(v));
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function element(name: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) element(name, item, out);
    return;
  }
  if (!isObject(value)) {
    out.push(`<${name}>${scalar(value)}</${name}>`);
    return;
  }
  const ref = value as { value?: unknown; name?: unknown };
  if (name.endsWith('Ref') && typeof ref.value === 'string') {
    const attr = typeof ref.name === 'string' ? ` name="${esc(ref.name)}"` : '';
    out.push(`<${name}${attr}>${esc(ref.value)}</${name}>`);
    return;
  }
  const attrs: string[] = [];
  const children: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const isAttr =
      (ENTITY_ATTRS.has(k) && typeof v !== 'object') ||
      (name === 'QueryResponse' && QUERY_ATTRS.has(k)) ||
      (name === 'Error' && (k === 'code' || k === 'element')) ||
      (name === 'Fault' && k === 'type');
    if (isAttr) {
      if (v !== undefined && v !== null && v !== '') attrs.push(` ${k}="${scalar(v)}"`);
    } else element(k, v, children);
  }
  out.push(
    children.length === 0 ? `<${name}${attrs.join('')}/>` : `<${name}${attrs.join('')}>${children.join('')}</${name}>`,
  );
}

export function toIntuitXml(body: Json): string {
  const out: string[] = [];
  const { time, ...rest } = body;
  for (const [k, v] of Object.entries(rest)) element(k, v, out);
  const timeAttr = typeof time === 'string' ? ` time="${esc(time)}"` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="${NS}"${timeAttr}>${out.join('')}</IntuitResponse>`;
}
