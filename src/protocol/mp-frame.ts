/** multiprocessing.connection's message frames: a 4-byte big-endian signed length, or -1 then an 8-byte length past 2 GiB. Pure. */

/** Lengths above this take the -1 + 8-byte form (Connection._send_bytes, Python 3.8+). */
export const largeFrameThreshold = 0x7fffffff;

export function encodeFrameHeader(length: number): Uint8Array {
  if (length > largeFrameThreshold) {
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setInt32(0, -1, false);
    view.setBigUint64(4, BigInt(length), false);
    return header;
  }
  const header = new Uint8Array(4);
  new DataView(header.buffer).setInt32(0, length, false);
  return header;
}

/** One frame, header and payload together (Python also sends small ones as one write, for Nagle's sake). */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const header = encodeFrameHeader(payload.length);
  const frame = new Uint8Array(header.length + payload.length);
  frame.set(header);
  frame.set(payload, header.length);
  return frame;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * Splits a byte stream into frames. Holds at most one frame's bytes: a header announcing more than
 * `maxFrame` is refused before any of its payload is kept.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private expected: number | undefined;

  constructor(private readonly maxFrame: number) {}

  /** Bytes waiting that are not yet a whole frame. */
  get pending(): number {
    return this.buffered;
  }

  private take(count: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= count) {
      const out = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      this.buffered -= count;
      return out;
    }
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.chunks[0]!;
      const part = Math.min(chunk.length, count - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    this.buffered -= count;
    return out;
  }

  private peekHeader(): number | undefined {
    if (this.buffered < 4) return undefined;
    const head = this.chunks[0]!.length >= 12 ? this.chunks[0]! : this.copyFront(Math.min(12, this.buffered));
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const short = view.getInt32(0, false);
    if (short >= 0) {
      this.take(4);
      return short;
    }
    if (short !== -1) throw new FrameError(`bad frame length ${short}`);
    if (this.buffered < 12) return undefined;
    const long = view.getBigUint64(4, false);
    this.take(12);
    return long > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(long);
  }

  private copyFront(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    for (const chunk of this.chunks) {
      const part = Math.min(chunk.length, count - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (filled === count) break;
    }
    return out;
  }

  /** Adds bytes and returns the frames now complete. Throws FrameError for a frame beyond the limit. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.expected === undefined) {
        this.expected = this.peekHeader();
        if (this.expected === undefined) return frames;
        if (this.expected > this.maxFrame) throw new FrameError(`a message of ${this.expected} bytes is over the ${this.maxFrame}-byte limit`);
      }
      if (this.buffered < this.expected) return frames;
      frames.push(this.expected === 0 ? new Uint8Array(0) : this.take(this.expected));
      this.expected = undefined;
    }
  }
}
