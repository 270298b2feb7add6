import { z } from 'zod';
import { CsvProfileSchema } from './profile.js';

export const CSV_CONTENT_TYPE = 'application/vnd.ledgerpulse.csv-document+json';

/**
 * The payload of one CSV document: the header and this document's rows, with the profile and the
 * settings detected for the whole file. Everything needed to map it again is inside, so replay
 * re-maps without outside state (user profiles are not in any registry the mapper could consult).
 */
export const CsvPayload = z.object({
  type: z.literal('ledgerpulse.csv-document'),
  version: z.literal(1),
  fileName: z.string(),
  profile: CsvProfileSchema,
  resolved: z.object({
    delimiter: z.string().length(1),
    decimalSeparator: z.enum(['.', ',']),
    /** null when no date in the file needs day/month order. */
    dateOrder: z.enum(['dmy', 'mdy']).nullable(),
  }),
  header: z.array(z.string()),
  rows: z.array(z.array(z.string())).min(1),
  /** Line number in the file of each row, for messages. */
  rowNumbers: z.array(z.number().int().positive()),
});
export type CsvPayload = z.infer<typeof CsvPayload>;
