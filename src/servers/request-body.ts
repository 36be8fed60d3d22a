/**
 * Reads one HTTP request body under the shared cap, with every body being read in the process
 * drawing on one memory budget. Moves bytes only: it never looks inside a body.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly kind: 'body'; readonly bytes: Buffer }
  /** Over the cap: answer 413 and close (a client far over it is cut at once). */
  | { readonly kind: 'too-large' }
  /** The bodies being received already hold the whole budget: answer 503 and close. */
  | { readonly kind: 'busy' }
  /** The client left (or was cut by a deadline) before the end. */
  | { readonly kind: 'gone' };

/**
 * Bytes of bodies being received at once, over all clients. Each request reserves what it may send
 * (its Content-Length, or the cap when it does not say) before its body is read; one that does not
 * fit is refused at once. Clients that stall halfway through large bodies therefore hold this much
 * until the request deadline cuts them, however many there are, instead of clients × cap. Refusing
 * beats waiting: a waiting request woken as a stalled one is cut reads its own body at once, and a
 * burst of such reads leaves memory the allocator does not hand back.
 */
export const bodyBudgetBytes = 4 * 1024 * 1024;

export class BodyBudget {
  private used = 0;

  constructor(private readonly total: number) {}

  /** Reserves `bytes`, or returns false (and reserves nothing) when they do not fit. */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.total) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used -= bytes;
  }

  get reserved(): number {
    return this.used;
  }
}

const sharedBudget = new BodyBudget(bodyBudgetBytes);

/**
 * The body, or why there is none. Up to four times the cap is read and dropped, so that an
 * ordinary client (which sends its whole body before it reads) gets its 413 instead of a broken
 * pipe; beyond that, or with a larger Content-Length, the answer comes at once.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number, budget: BodyBudget = sharedBudget): Promise<BodyResult> {
  const discardLimit = 4 * maxBytes;
  const declared = Number(request.headers['content-length']);
  const known = request.headers['content-length'] !== undefined && Number.isSafeInteger(declared);
  if (known && declared > discardLimit) return Promise.resolve({ kind: 'too-large' });
  // A body over the cap is read only to be dropped: it reserves nothing.
  const reservation = known && declared > maxBytes ? 0 : known ? declared : maxBytes;
  if (!budget.reserve(reservation)) return Promise.resolve({ kind: 'busy' });
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (result: BodyResult) => {
      if (finished) return;
      finished = true;
      budget.release(reservation);
      chunks = [];
      request.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > discardLimit) {
        request.socket.destroy();
        finish({ kind: 'too-large' });
      } else if (size > maxBytes || size > reservation) {
        // Over the cap (or more than the Content-Length said, which node:http does not allow): dropped.
        chunks = [];
      } else {
        chunks.push(chunk);
      }
    };
    request.on('data', onData);
    request.once('end', () => finish(size > maxBytes || size > reservation ? { kind: 'too-large' } : { kind: 'body', bytes: Buffer.concat(chunks, size) }));
    request.once('close', () => finish({ kind: 'gone' }));
  });
}
