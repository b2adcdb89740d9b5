import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/**
 * A CSV file written in batches while the run goes: rows are buffered and formatted with
 * csv-stringify every `batch` rows, then written with a synchronous write, so memory stays bounded
 * however long the run is and the simulation never awaits. The file is written under
 * `<path>.partial` and renamed to `path` by close(); abandon() flushes and keeps the partial name.
 */
export class CsvFile {
  private readonly fd: number;
  private rows: unknown[][] = [];
  private closed = false;
  readonly partialPath: string;

  constructor(
    readonly path: string,
    readonly columns: readonly string[],
    /** Rows per write; small batches keep buffered rows from surviving into the old generation. */
    private readonly batch = 256,
  ) {
    this.partialPath = `${path}.partial`;
    this.fd = fs.openSync(this.partialPath, 'w');
    fs.writeSync(this.fd, stringify([columns as string[]]));
  }

  write(row: unknown[]): void {
    this.rows.push(row);
    if (this.rows.length >= this.batch) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0 || this.closed) return;
    fs.writeSync(this.fd, stringify(this.rows));
    this.rows = [];
  }

  /** Flushes, closes and renames to the final name. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    fs.closeSync(this.fd);
    fs.renameSync(this.partialPath, this.path);
  }
}
