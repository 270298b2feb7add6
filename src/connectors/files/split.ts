import { InvalidInputError } from '../../errors/index.js';
import { BUILTIN_PROFILES, builtinProfile } from './csv/builtin-profiles.js';
import type { CsvProfile } from './csv/profile.js';
import { splitCsv } from './csv/reader.js';
import { decodeText } from './decode.js';
import { detectFormat } from './detect.js';
import type { FileFormat, SplitOptions, SplitResult } from './types.js';
import { splitUbl } from './ubl/reader.js';
import { splitX12 } from './x12/reader.js';

export interface SplitFileOptions extends SplitOptions {
  /** A built-in CSV profile by name ('shopify-orders', 'quickbooks-invoices', 'xero-invoices'). */
  readonly profileName?: string;
}

/**
 * Cuts a dropped file into documents, one raw envelope each. Pure: no I/O, no clock. A file that
 * cannot be split at all comes back with `errors` and no documents; XML with a DTD or entities is
 * refused with LP_INPUT_UNSAFE_XML.
 */
export function splitFile(bytes: Buffer | Uint8Array | string, opts: SplitFileOptions): SplitResult {
  try {
    return splitDecoded(decodeText(bytes).text, opts);
  } catch (e) {
    // Readers return their findings; anything thrown is unexpected, but a dropped file must not
    // take the ingest loop down with it.
    return {
      format: opts.format ?? null,
      documents: [],
      errors: [
        new InvalidInputError(
          'LP_INPUT_FILE',
          `${opts.fileName}: could not be split: ${(e as Error).message}`,
          {
            fileName: opts.fileName,
          },
          { cause: e },
        ),
      ],
    };
  }
}

function splitDecoded(text: string, opts: SplitFileOptions): SplitResult {
  const format: FileFormat | null = opts.format ?? detectFormat(text, opts.fileName);
  if (format === null) {
    return {
      format: null,
      documents: [],
      errors: [
        new InvalidInputError('LP_INPUT_FILE', `${opts.fileName}: not recognized as CSV, UBL XML or X12 EDI`, {
          fileName: opts.fileName,
        }),
      ],
    };
  }
  switch (format) {
    case 'x12':
      return { format, ...splitX12(text, opts.fileName) };
    case 'ubl':
      return { format, ...splitUbl(text, opts.fileName) };
    case 'csv': {
      let profile: CsvProfile | undefined = opts.profile;
      if (!profile && opts.profileName !== undefined) {
        profile = builtinProfile(opts.profileName);
        if (!profile) {
          const known = Object.keys(BUILTIN_PROFILES).join(', ');
          return {
            format,
            documents: [],
            errors: [
              new InvalidInputError(
                'LP_INPUT_USAGE',
                `unknown CSV profile ${JSON.stringify(opts.profileName)}; built-in: ${known} (or parse a saved profile with parseProfile)`,
                { fileName: opts.fileName },
              ),
            ],
          };
        }
      }
      return { format, ...splitCsv(text, opts.fileName, profile) };
    }
  }
}
