/** Unpredictable 16-bit DNS IDs (RFC 5452 §4.3) from the kernel, without loading node:crypto on every run. */
import { closeSync, openSync, readSync } from 'node:fs';

let pool = Buffer.alloc(0);
let next = 0;

/**
 * Reads /dev/urandom in blocks: node:crypto costs a few milliseconds of start-up, more than
 * the whole exchange on loopback. Where /dev/urandom is missing, node:crypto's CSPRNG fills in.
 */
function refill(): void {
  pool = Buffer.alloc(512);
  next = 0;
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, pool, 0, pool.length, null) === pool.length) return;
    } finally {
      closeSync(fd);
    }
  } catch {
    // fall through to the CSPRNG below
  }
  (globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): unknown } }).crypto.getRandomValues(pool);
}

export function randomId(): number {
  if (next + 2 > pool.length) refill();
  const id = pool.readUInt16BE(next);
  next += 2;
  return id;
}
