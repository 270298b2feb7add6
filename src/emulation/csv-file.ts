import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** RFC 4180 field: quoted only when it holds a comma, quote, CR or LF. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly (string | number)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/**
 * An append-only CSV file written through a stream with back-pressure, so a large economy's
 * rows never pile up in memory. Lines end in LF and the file is UTF-8 without a BOM.
 */
export class CsvFile {
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    // Remembered and rethrown by the next write or close, instead of crashing the process.
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.stream.write(csvLine(header));
  }

  async write(rows: readonly (readonly (string | number)[])[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (rows.length === 0) return;
    if (!this.stream.write(rows.map(csvLine).join(''))) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
    if (this.failure) throw this.failure;
  }
}
