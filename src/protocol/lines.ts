/** Splits a byte stream into lines (LF or CRLF) with a bound on line length. Pure: bytes in, lines out. */

export interface LineSplitterOptions {
  /** Keep each line's terminator (nc sends what was typed, newline included); default strips LF or CRLF. */
  readonly keepNewline?: boolean;
  /** A line longer than this (as returned, so terminator included only when kept) is refused: memory stays bounded. */
  readonly maxLine: number;
}

export class LineTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`a line is longer than ${limit} bytes`);
    this.name = 'LineTooLongError';
  }
}

export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly options: LineSplitterOptions) {}

  /** The complete lines this chunk finishes; the unterminated rest waits for the next chunk. */
  push(chunk: Uint8Array): Buffer[] {
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
    const lines: Buffer[] = [];
    let start = 0;
    for (let newline = data.indexOf(0x0a, start); newline >= 0; newline = data.indexOf(0x0a, start)) {
      lines.push(this.cut(data, start, newline + 1));
      start = newline + 1;
    }
    this.pending = data.subarray(start);
    if (this.pending.length > this.options.maxLine) throw new LineTooLongError(this.options.maxLine);
    return lines;
  }

  /** At end of input: the last line if it had no terminator (never an empty one). */
  finish(): Buffer | undefined {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length ? rest : undefined;
  }

  private cut(data: Buffer, start: number, end: number): Buffer {
    let stop = end;
    if (!this.options.keepNewline) {
      stop -= 1;
      if (stop > start && data[stop - 1] === 0x0d) stop -= 1;
    }
    if (stop - start > this.options.maxLine) throw new LineTooLongError(this.options.maxLine);
    // Copy: the caller keeps lines while `data` (or the chunk it views) is reused.
    return Buffer.from(data.subarray(start, stop));
  }
}
