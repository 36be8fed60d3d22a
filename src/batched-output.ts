/** Output for streams of events too fast to write one by one: formatted and written in batches, bounded in memory. */
import { fstatSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';

export interface BatchedOutput<T> {
  /** Queues one item of about `size` bytes of output; false when dropped because the stream is not keeping up. */
  write(item: T, size: number): boolean;
  /** Items dropped so far. */
  readonly dropped: number;
  /** Formats and writes what is queued, and waits until the stream has room again. */
  flush(): Promise<void>;
}

export interface BatchedOutputOptions {
  /** Bytes queued here and in the stream beyond which items are dropped. */
  readonly maxBuffered?: number;
  /** How long formatted output may wait for company: short enough that a person never notices. */
  readonly delayMs?: number;
  /** Queued bytes that are written at once, without waiting out the delay. */
  readonly flushAt?: number;
  readonly onFirstDrop?: () => void;
}

/**
 * True when the stream is a file descriptor open on /dev/null (`> /dev/null`): nobody will read what is
 * formatted for it, so it need not be formatted at all (GNU tar skips reading files for the same reason).
 */
export function writesToDevNull(stream: Writable): boolean {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return false;
  try {
    const target = fstatSync(fd);
    const devNull = statSync('/dev/null');
    return target.isCharacterDevice() && target.rdev === devNull.rdev;
  } catch {
    return false;
  }
}

/**
 * Items are formatted once per event-loop turn, after the hot path (an echo answering datagrams) has
 * run, so they do not outlive a turn; the text is written every `delayMs` or `flushAt` bytes.
 * A datagram source cannot be paused the way a TCP socket can, so when the stream is slower than
 * the senders, items beyond `maxBuffered` bytes are dropped and counted, as the kernel drops
 * datagrams when a receiver falls behind, instead of letting memory grow without bound.
 */
export function createBatchedOutput<T>(
  stream: Writable,
  format: (item: T) => string | Uint8Array,
  { maxBuffered = 8 << 20, delayMs = 10, flushAt = 64 << 10, onFirstDrop }: BatchedOutputOptions = {},
): BatchedOutput<T> {
  if (writesToDevNull(stream)) return { write: () => true, dropped: 0, flush: () => Promise.resolve() };
  let items: T[] = [];
  let chunks: (string | Uint8Array)[] = [];
  let allText = true;
  let queued = 0;
  let dropped = 0;
  let immediate: NodeJS.Immediate | undefined;
  let timer: NodeJS.Timeout | undefined;

  const writeOut = () => {
    clearTimeout(timer);
    timer = undefined;
    if (chunks.length === 0) return;
    const chunk = chunks.length === 1 ? chunks[0]! : allText ? chunks.join('') : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    chunks = [];
    allText = true;
    queued = 0;
    stream.write(chunk);
  };
  const formatItems = () => {
    immediate = undefined;
    for (const item of items) {
      const chunk = format(item);
      if (typeof chunk !== 'string') allText = false;
      chunks.push(chunk);
    }
    items = [];
    if (queued >= flushAt) writeOut();
    else timer ??= setTimeout(writeOut, delayMs);
  };

  return {
    write(item, size) {
      if (stream.writableLength + queued + size > maxBuffered) {
        if (dropped++ === 0) onFirstDrop?.();
        return false;
      }
      items.push(item);
      queued += size;
      immediate ??= setImmediate(formatItems);
      return true;
    },
    get dropped() {
      return dropped;
    },
    async flush() {
      if (immediate) clearImmediate(immediate);
      formatItems();
      writeOut();
      if (!stream.writableNeedDrain || stream.destroyed) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done).off('close', done).off('error', done);
          resolve();
        };
        stream.on('drain', done).on('close', done).on('error', done);
      });
    },
  };
}
