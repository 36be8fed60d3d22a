/** Pull-based sources of bytes (stdin as a file, pipe or stream) with reusable buffers. Moves bytes only: no protocol. */
import { fstatSync, read, readSync } from 'node:fs';
import { Socket, type SocketConstructorOpts } from 'node:net';
import type { Readable } from 'node:stream';

/** A chunk lent by a source: call `release()` once its bytes are no longer needed (written out). */
export interface Chunk {
  readonly bytes: Uint8Array;
  readonly release: () => void;
}

/**
 * Bytes pulled one chunk at a time; `null` means end of input.
 * `next()` returns the same pending chunk until `consume()` is called, so a reader that gives up
 * (its connection closed) leaves the chunk for the next reader (`listen -k`).
 */
export interface ByteSource {
  /**
   * True when the source itself bounds the chunks out at once (a ring of buffers reused only
   * after release): the writer may then queue without waiting for 'drain' and keep the socket busy.
   */
  readonly bounded: boolean;
  /** A regular file: the next chunk never waits for a writer, so the input is never idle before its end. */
  readonly neverIdle?: boolean;
  /**
   * False while no next chunk can come from the input itself because the source holds back (its
   * buffers are all lent out, not yet written): an input that sends nothing then is not idle.
   * Undefined where the source cannot tell.
   */
  readonly waitingOnInput?: boolean;
  next(): Promise<Chunk | null>;
  /** A chunk (or the end) that is ready now, without a promise per chunk; undefined when none is. */
  poll(): Chunk | null | undefined;
  consume(): void;
  close(): void;
}

abstract class PendingSource implements ByteSource {
  abstract readonly bounded: boolean;
  private pending: Promise<Chunk | null> | undefined;
  next(): Promise<Chunk | null> {
    this.pending ??= this.readChunk();
    return this.pending;
  }
  poll(): Chunk | null | undefined {
    // An outstanding read owns the next chunk: it must be taken through next(), in order.
    return this.pending ? undefined : this.readReady();
  }
  consume(): void {
    this.pending = undefined;
  }
  abstract close(): void;
  protected abstract readChunk(): Promise<Chunk | null>;
  protected readReady(): Chunk | null | undefined {
    return undefined;
  }
}

const noop = () => {};

/**
 * Reads a descriptor 1 MiB at a time into a small ring of reusable buffers, so memory is bounded by
 * the ring whatever the input's length. A regular file is read with readSync on the event loop: it
 * never waits for data (only for the disk), so that is what cat does, with one system call per
 * megabyte and no thread-pool hop. Any other descriptor (a character device such as /dev/zero or a
 * serial line) may block, so it is read on the thread pool. Between reads the loop is yielded.
 */
class DescriptorSource extends PendingSource {
  readonly bounded = true;
  readonly neverIdle: boolean;
  private readonly ring: { buffer: Buffer; busy: Promise<void> }[];
  private index = 0;
  private ended = false;

  constructor(
    private readonly fd: number,
    private readonly regularFile: boolean,
    size: number,
    count: number,
  ) {
    super();
    this.neverIdle = regularFile;
    this.ring = Array.from({ length: count }, () => ({ buffer: Buffer.allocUnsafe(size), busy: Promise.resolve() }));
  }

  protected async readChunk(): Promise<Chunk | null> {
    // Let sockets, timers and signals have their turn: writes that complete at once would otherwise
    // keep this loop in microtasks until the whole input is sent.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.ended) return null;
    const slot = this.ring[this.index]!;
    this.index = (this.index + 1) % this.ring.length;
    await slot.busy;
    let release = noop;
    slot.busy = new Promise((resolve) => (release = resolve));
    let bytesRead: number;
    try {
      bytesRead = this.regularFile ? readSync(this.fd, slot.buffer, 0, slot.buffer.length, null) : await this.readAsync(slot.buffer);
    } catch (error) {
      release();
      throw error;
    }
    if (bytesRead === 0 || this.ended) {
      release();
      this.ended = true;
      return null;
    }
    return { bytes: slot.buffer.subarray(0, bytesRead), release };
  }

  private readAsync(buffer: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      read(this.fd, buffer, 0, buffer.length, null, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
    });
  }

  close(): void {
    this.ended = true;
  }
}

/** One slab of a pipe source: reads land back to back in it; it is reused once every chunk cut from it is released. */
interface Slab {
  readonly buffer: Buffer;
  /** Bytes read into it so far, and where the next chunk starts. */
  filled: number;
  cut: number;
  /** Chunks cut from it and not yet released. */
  lent: number;
}

/**
 * Reads a pipe or socket descriptor on the event loop (no thread-pool hop per read, which costs
 * dearly on a busy machine) into a ring of slabs: Node's `onread` hands each read straight to us.
 * A pipe yields at most 64 KiB a read, so reads land back to back in a slab (libuv reads again at
 * once while each read fills its buffer) and are cut into one chunk per turn of the event loop:
 * one socket write for several reads. Slabs are used in ring order, and reading pauses while the
 * next one is still lent, so the buffer libuv holds for its next read is never one being written.
 */
class PipeSource extends PendingSource {
  readonly bounded = true;
  private readonly socket: Socket;
  private readonly slabs: Slab[];
  private at = 0;
  private readonly ready: Chunk[] = [];
  private ended = false;
  private failure: Error | undefined;
  private paused = false;
  private cutScheduled = false;
  private wake: (() => void) | undefined;

  constructor(fd: number, size: number, count: number) {
    super();
    this.slabs = Array.from({ length: count }, () => ({ buffer: Buffer.allocUnsafe(size), filled: 0, cut: 0, lent: 0 }));
    const onread = {
      buffer: () => {
        const { buffer, filled } = this.current;
        return buffer.subarray(filled, filled + readSize);
      },
      callback: (nread: number): boolean => {
        const slab = this.current;
        slab.filled += nread;
        if (slab.filled === slab.buffer.length) {
          this.cut();
          this.at = (this.at + 1) % this.slabs.length;
          this.paused = this.current.lent > 0;
          this.current.filled = this.current.cut = 0;
        } else if (!this.cutScheduled) {
          // Cut once libuv has done the reads it can do now: setImmediate runs after this poll phase.
          this.cutScheduled = true;
          setImmediate(() => this.cut());
        }
        return !this.paused;
      },
    };
    this.socket = new Socket({ fd, readable: true, writable: false, onread } as SocketConstructorOpts);
    this.socket.on('end', () => {
      this.cut();
      this.ended = true;
      this.notify();
    });
    this.socket.on('error', (error) => {
      this.failure = error;
      this.notify();
    });
    this.socket.resume();
  }

  private get current(): Slab {
    return this.slabs[this.at]!;
  }

  /** Reading goes on (not paused for a lent slab) and nothing read is waiting to be cut or taken. */
  get waitingOnInput(): boolean {
    return !this.paused && !this.cutScheduled && this.ready.length === 0;
  }

  /** Hands the bytes read since the last cut to the reader, as one chunk. */
  private cut(): void {
    this.cutScheduled = false;
    const slab = this.current;
    if (slab.filled === slab.cut) return;
    slab.lent++;
    const bytes = slab.buffer.subarray(slab.cut, slab.filled);
    slab.cut = slab.filled;
    let released = false;
    // Idempotent: a count that went below zero would hand out a slab still being written.
    const release = () => {
      if (released) return;
      released = true;
      this.release(slab);
    };
    this.ready.push({ bytes, release });
    this.notify();
  }

  private release(slab: Slab): void {
    slab.lent--;
    if (this.paused && slab === this.current && slab.lent === 0) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  protected override readReady(): Chunk | null | undefined {
    const chunk = this.ready.shift();
    if (chunk) return chunk;
    return this.ended && !this.failure ? null : undefined;
  }

  protected async readChunk(): Promise<Chunk | null> {
    for (;;) {
      const chunk = this.ready.shift();
      if (chunk) return chunk;
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    this.ended = true;
    this.socket.destroy();
  }
}

/** Any Readable (a socket on stdin, a test's PassThrough, a terminal line editor's output). */
class StreamSource extends PendingSource {
  readonly bounded = false;
  private readonly iterator: AsyncIterator<Buffer | string>;
  constructor(private readonly stream: Readable) {
    super();
    this.iterator = stream[Symbol.asyncIterator]();
  }
  protected async readChunk(): Promise<Chunk | null> {
    const { value, done } = await this.iterator.next();
    if (done) return null;
    return { bytes: typeof value === 'string' ? Buffer.from(value) : value, release: noop };
  }
  close(): void {
    this.stream.destroy();
  }
}

export function createStreamSource(stream: Readable): ByteSource {
  return new StreamSource(stream);
}

/** 1 MiB reads from a file or device, 4 in flight at most: enough to keep a loopback socket busy, bounded at 4 MiB. */
const fileChunkSize = 1 << 20;
const fileRingSize = 4;
/** A pipe holds 64 KiB by default, so a read returns at most that; reads fill 1 MiB slabs, 4 out at most. */
const readSize = 64 << 10;
const pipeChunkSize = 1 << 20;
const pipeRingSize = 4;

/**
 * The fastest honest source for this stdin, each bounded by reusable buffers: readSync on
 * descriptor 0 when it is a regular file, the event loop's own reads when it is a pipe or socket,
 * thread-pool reads for a character or block device. Only without a descriptor (tests) or when it
 * cannot be examined does the stream serve, at the pace of 'drain'. `stream` is a function so that
 * process.stdin, which makes a pipe non-blocking when first touched, is not created needlessly.
 */
export function createStdinSource(fd: number | undefined, stream: () => Readable): ByteSource {
  if (fd !== undefined) {
    try {
      const stat = fstatSync(fd);
      if (stat.isFile()) return new DescriptorSource(fd, true, fileChunkSize, fileRingSize);
      if (stat.isFIFO() || stat.isSocket()) return new PipeSource(fd, pipeChunkSize, pipeRingSize);
      // A terminal is the line editor's (stdinIsTerminal); here only when a command reads it as bytes.
      if (stat.isCharacterDevice() || stat.isBlockDevice()) return new DescriptorSource(fd, false, fileChunkSize, fileRingSize);
    } catch {
      // A closed or odd descriptor: let the stream report it.
    }
  }
  return createStreamSource(stream());
}
