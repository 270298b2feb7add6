import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MapContext } from '../kit/mapper.js';
import { mapperFor } from './mappers.js';
import { splitFile } from './split.js';

const ctx: MapContext = {
  platform: 'files',
  connectionId: 'c',
  envelopeId: 'env',
  mappingVersion: 'files-2026.1',
  timeZone: 'UTC',
  baseCurrency: 'USD',
};

// Text made of the characters the three formats care about, so inputs reach deep into the readers.
const alphabet = fc.constantFrom(...'ISA*~|:>^\n\r ,;"\t<>/=&#x0123456789.-abcSTGBIEgq'.split(''));
const prefixes = fc.constantFrom(
  '',
  'ISA*00*          *00*          *ZZ*S              *ZZ*R              *260105*1200*U*00401*000000001*0*P*:~',
  '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">',
  'InvoiceNo,Customer,InvoiceDate,ItemAmount\n',
);

describe('splitFile and the mappers on arbitrary input', () => {
  it('never throw: problems come back as errors or review reasons', () => {
    fc.assert(
      fc.property(prefixes, fc.string({ unit: alphabet, maxLength: 300 }), (prefix, body) => {
        const result = splitFile(prefix + body, { fileName: 'fuzz' });
        for (const doc of result.documents) {
          const mapper = mapperFor(doc.object);
          expect(mapper).toBeTypeOf('function');
          const mapped = mapper?.(doc.payload, ctx);
          expect(mapped && ('ok' in mapped || 'review' in mapped)).toBe(true);
        }
        for (const e of result.errors) expect(e.code).toMatch(/^LP_INPUT_/);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});
