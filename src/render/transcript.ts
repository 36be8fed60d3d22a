/** One `--transcript` record (JSON Lines): a chunk of bytes on the wire, in or out. Pure: no I/O. */

export interface TranscriptRecord {
  /** ISO 8601 time the chunk was seen. */
  readonly t: string;
  readonly dir: 'in' | 'out';
  readonly size: number;
  /** The bytes as UTF-8 text (invalid sequences become U+FFFD); `hex` is exact. */
  readonly data: string;
  readonly hex: string;
}

export function formatTranscriptLine(time: number, dir: 'in' | 'out', bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const record: TranscriptRecord = { t: new Date(time).toISOString(), dir, size: bytes.length, data: buffer.toString('utf8'), hex: buffer.toString('hex') };
  return `${JSON.stringify(record)}\n`;
}

/** `listen -k --json`: where one peer's records begin and end, between its chunk records. */
export interface ConnectionRecord {
  readonly t: string;
  readonly event: 'open' | 'close';
  readonly peer: string;
  /** On close: how the session ended (the peer closed, we closed, or what failed). */
  readonly end?: string;
}

export function formatConnectionLine(time: number, event: 'open' | 'close', peer: string, end?: string): string {
  const record: ConnectionRecord = { t: new Date(time).toISOString(), event, peer, ...(end !== undefined && { end }) };
  return `${JSON.stringify(record)}\n`;
}
