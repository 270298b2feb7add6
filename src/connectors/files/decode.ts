export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly bom: boolean;
}

/**
 * Bytes to text. A byte-order mark decides the encoding and is dropped; without one the bytes must
 * be valid UTF-8, else they are read as Windows-1252 (what spreadsheet exports on Windows write).
 */
export function decodeText(bytes: Buffer | Uint8Array | string): DecodedText {
  if (typeof bytes === 'string') {
    const bom = bytes.charCodeAt(0) === 0xfeff;
    return { text: bom ? bytes.slice(1) : bytes, encoding: 'utf-8', bom };
  }
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { text: decodeUtf8OrLegacy(b.subarray(3)).text, encoding: 'utf-8', bom: true };
  }
  if (b[0] === 0xff && b[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (b[0] === 0xfe && b[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  const { text, encoding } = decodeUtf8OrLegacy(b);
  return { text, encoding, bom: false };
}

function decodeUtf8OrLegacy(b: Uint8Array): { text: string; encoding: TextEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(b), encoding: 'windows-1252' };
  }
}
