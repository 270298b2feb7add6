import { decodeText } from './decode.js';
import type { FileFormat } from './types.js';

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  xml: 'ubl',
  ubl: 'ubl',
  edi: 'x12',
  x12: 'x12',
  '810': 'x12',
  '850': 'x12',
  csv: 'csv',
  tsv: 'csv',
};

/**
 * The format of a dropped file, from its content first (an ISA segment, an XML declaration or
 * element) and its extension second; null when neither says.
 */
export function detectFormat(bytes: Buffer | Uint8Array | string, fileName = ''): FileFormat | null {
  const text = decodeText(typeof bytes === 'string' ? bytes : bytes.subarray(0, 4096)).text.trimStart();
  if (text.startsWith('ISA')) return 'x12';
  if (text.startsWith('<')) return 'ubl';
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const byExt = ext ? BY_EXTENSION[ext] : undefined;
  if (byExt) return byExt;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return /[,;\t|]/.test(firstLine) ? 'csv' : null;
}
