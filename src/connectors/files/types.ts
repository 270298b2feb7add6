import type { InvalidInputError } from '../../errors/index.js';
import type { CsvProfile } from './csv/profile.js';

export const FILE_FORMATS = ['csv', 'ubl', 'x12'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** One document cut from a file: what the raw envelope needs, plus a label for messages. */
export interface FileDocument {
  /** Prefixed by format, e.g. "x12:810:6463367", "ubl:invoice:Snippet1", "csv:shopify-orders:#1001". */
  readonly externalId: string;
  /** sha256 of `payload`: a changed document is a new version. */
  readonly sourceVersion: string;
  /** An instant only when the document itself carries one with a UTC offset; otherwise null. */
  readonly sourceUpdatedAt: string | null;
  /** Mapper key: 'csv:<profile>' | 'ubl' | 'x12'. */
  readonly object: string;
  readonly contentType: string;
  /** The document's own text (see docs/connectors/files.md for each format). */
  readonly payload: string;
  /** Names the document for people: "X12 810 ST 0001 (invoice 6463367)". */
  readonly label: string;
}

export interface SplitOptions {
  readonly format?: FileFormat;
  readonly profile?: CsvProfile;
  readonly fileName: string;
}

export interface SplitResult {
  /** null when the format could not be recognized. */
  readonly format: FileFormat | null;
  readonly documents: readonly FileDocument[];
  /** File-level problems: the file (or part of it) could not be split into documents at all. */
  readonly errors: readonly InvalidInputError[];
}
