import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../errors/index.js';
import { decodeText } from '../decode.js';
import { el, tokenizeX12 } from './tokenizer.js';

// <repo root>/../shared/fixtures/files
const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/files/', import.meta.url));
const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');

const ISA_TILDE =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260105*1200*U*00401*000000001*0*P*:~';

describe('tokenizeX12', () => {
  it('reads the 810 sample: ">" components, line breaks as terminator, indentation ignored', () => {
    const [ic, ...rest] = tokenizeX12(fixture('x12_810_invoice_sample.edi'));
    expect(rest).toHaveLength(0);
    expect(ic?.separators).toEqual({ element: '*', component: '>', segment: '\n', repetition: null });
    const ids = ic?.segments.map((s) => s.id);
    expect(ids?.slice(0, 4)).toEqual(['ISA', 'GS', 'ST', 'BIG']);
    expect(ids?.at(-1)).toBe('IEA');
    expect(ids).toHaveLength(24);
    const it1 = ic?.segments.find((s) => s.id === 'IT1');
    // Blanks around a segment are layout (the file is indented), so they are dropped.
    expect(it1 && [el(it1, 1), el(it1, 2), el(it1, 4), el(it1, 11)]).toEqual(['', '1080', '3.61', '00221089552284']);
  });

  it('reads the 850 sample: ISA16 "~" is the component separator and "|" the terminator', () => {
    const [ic] = tokenizeX12(fixture('x12_850_purchase_order_sample.edi'));
    expect(ic?.separators).toMatchObject({ element: '*', component: '~', segment: '|' });
    expect(ic?.segments.filter((s) => s.id === 'PO1')).toHaveLength(4);
    expect(ic?.segments.at(-1)?.raw).toBe('IEA*1*000000245');
  });

  it('reads a one-line interchange and a repetition separator from ISA11 when the version has one', () => {
    const isa = ISA_TILDE.replace('*U*00401*', '*^*00501*');
    const text = `${isa}GS*IN*S*R*20260105*1200*1*X*005010~ST*810*0001~SE*2*0001~GE*1*1~IEA*1*000000001~`;
    const [ic] = tokenizeX12(text);
    expect(ic?.separators).toEqual({ element: '*', component: ':', segment: '~', repetition: '^' });
    expect(ic?.segments.map((s) => s.id)).toEqual(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA']);
  });

  it('follows each interchange its own separators', () => {
    const second = ISA_TILDE.replaceAll('*', '|').replace('|:~', '|>!');
    const text = `${ISA_TILDE}\r\nIEA*0*000000001~\r\n${second}IEA|0|000000001!`;
    const ics = tokenizeX12(text);
    expect(ics.map((i) => i.separators.element)).toEqual(['*', '|']);
    expect(ics[1]?.separators).toMatchObject({ component: '>', segment: '!' });
    expect(ics[1]?.segments.map((s) => s.id)).toEqual(['ISA', 'IEA']);
  });

  it('survives a UTF-8 byte-order mark once the bytes are decoded', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixture('x12_810_invoice_sample.edi'))]);
    const [ic] = tokenizeX12(decodeText(bytes).text);
    expect(ic?.segments[1]?.id).toBe('GS');
  });

  it('refuses text that does not start with an ISA, or an ISA without 16 elements', () => {
    expect(() => tokenizeX12('GS*IN*X~')).toThrow(InvalidInputError);
    expect(() => tokenizeX12('ISA*00*short~')).toThrow(/16 elements/);
  });
});
