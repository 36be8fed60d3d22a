/** Line output for streams of events too fast to write one by one: batched per event-loop turn, bounded in memory. */
import type { Writable } from 'node:stream';

export interface BatchedOutput {
  /** Queues one chunk; false when it was dropped because the stream is not keeping up. */
  write(chunk: string | Uint8Array): boolean;
  /** Chunks dropped so far. */
  readonly dropped: number;
  /** Writes what is queued and waits until the stream took it. */
  flush(): Promise<void>;
}

/**
 * A datagram source cannot be paused the way a TCP socket can, so when the stream is slower than
 * the senders, chunks beyond `maxBuffered` bytes are dropped and counted, as the kernel drops
 * datagrams when a receiver falls behind, instead of letting memory grow without bound.
 */
export function createBatchedOutput(stream: Writable, { maxBuffered = 8 * 1024 * 1024, onFirstDrop }: { maxBuffered?: number; onFirstDrop?: () => void } = {}): BatchedOutput {
  let pending: (string | Uint8Array)[] = [];
  let allText = true;
  let queued = 0;
  let dropped = 0;
  let scheduled = false;
  const writeOut = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : allText ? pending.join('') : Buffer.concat(pending.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    pending = [];
    allText = true;
    queued = 0;
    stream.write(chunk);
  };
  return {
    write(chunk) {
      if (stream.writableLength + queued + chunk.length > maxBuffered) {
        if (dropped++ === 0) onFirstDrop?.();
        return false;
      }
      pending.push(chunk);
      if (typeof chunk !== 'string') allText = false;
      queued += chunk.length;
      if (!scheduled) {
        scheduled = true;
        setImmediate(writeOut);
      }
      return true;
    },
    get dropped() {
      return dropped;
    },
    async flush() {
      if (scheduled) writeOut();
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
