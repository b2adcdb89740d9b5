import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Bytes read per chunk: memory stays bounded by one chunk plus one record, whatever the file size. */
const CHUNK = 1 << 20;

/**
 * Reads a CSV file record by record, synchronously, without holding the file in memory. Parses
 * RFC 4180 as csv-stringify writes it: fields separated by commas, quoted with `"` when they hold
 * a comma, quote or line break, a quote inside a quoted field doubled. Line endings \n or \r\n.
 * Calls `onRecord` with each record after the header, the header first through `onHeader`.
 * Returns the number of data records read; a missing file reads as zero records.
 */
export function readCsvFile(path: string, onRecord: (fields: string[]) => void, onHeader?: (columns: string[]) => void): number {
  if (!fs.existsSync(path)) return 0;
  const fd = fs.openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  const parser = new CsvParser();
  let records = 0;
  let header = true;
  const emit = (fields: string[]) => {
    if (header) {
      header = false;
      onHeader?.(fields);
      return;
    }
    records++;
    onRecord(fields);
  };
  try {
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      parser.feed(decoder.write(buf.subarray(0, n)), emit);
    }
    parser.feed(decoder.end(), emit);
    parser.end(emit);
  } finally {
    fs.closeSync(fd);
  }
  return records;
}

/** Reads only the header line of a CSV file (undefined when the file is missing or empty). */
export function readCsvHeader(path: string): string[] | undefined {
  if (!fs.existsSync(path)) return undefined;
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    let header: string[] | undefined;
    const p = new CsvParser();
    p.feed(text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n') + 1), (f) => (header ??= f));
    p.end((f) => (header ??= f));
    return header;
  } finally {
    fs.closeSync(fd);
  }
}

/** An incremental CSV parser: text may be fed in pieces cut anywhere. */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside a quoted field, a quote was just seen (either the closing quote or the first of a pair). */
  private quotePending = false;
  private any = false;

  feed(text: string, emit: (fields: string[]) => void): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === 34) {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.quoted = false;
          start = i;
        } else if (c === 34) {
          this.field += text.slice(start, i);
          this.quotePending = true;
          continue;
        } else continue;
      }
      if (c === 44) {
        this.fields.push(this.field + text.slice(start, i));
        this.field = '';
        start = i + 1;
        this.any = true;
      } else if (c === 10) {
        let piece = this.field + text.slice(start, i);
        if (piece.endsWith('\r')) piece = piece.slice(0, -1);
        this.fields.push(piece);
        emit(this.fields);
        this.fields = [];
        this.field = '';
        this.any = false;
        start = i + 1;
      } else if (c === 34 && start === i && this.field === '') {
        this.quoted = true;
        this.any = true;
        start = i + 1;
      } else this.any = true;
    }
    if (this.quoted && !this.quotePending) this.field += text.slice(start);
    else if (!this.quoted) this.field += text.slice(start);
  }

  end(emit: (fields: string[]) => void): void {
    if (this.any || this.field !== '' || this.fields.length > 0) {
      let piece = this.field;
      if (piece.endsWith('\r')) piece = piece.slice(0, -1);
      this.fields.push(piece);
      emit(this.fields);
    }
    this.fields = [];
    this.field = '';
    this.any = false;
    this.quoted = false;
    this.quotePending = false;
  }
}
