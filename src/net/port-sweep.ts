/**
 * Runs one probe per port: at most `concurrency` in flight, at most `ratePerSecond` started a
 * second, each given up after `timeoutMs`. Schedules only; the probes (a Prober) move the bytes.
 */
import { InterruptedError, NetworkError } from '../errors.js';
import { onAbort } from './deadline.js';

/** The outcome of one probe, or a local shortage (no fd, no ephemeral port) that asks for the port to be tried again. */
export type Settled<O> = { readonly outcome: O } | { readonly retry: string };

export interface Prober<O> {
  /**
   * Starts a probe of `port`; `settle` is called at most once, possibly before `start` returns.
   * Returns the way to give up on it when its time runs out, which yields the outcome of silence.
   */
  start(port: number, settle: (settled: Settled<O>) => void): () => O;
}

export interface SweepOptions {
  readonly concurrency: number;
  /** Probes started per second, at most; none for as fast as concurrency allows. */
  readonly ratePerSecond?: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

interface InFlight {
  readonly index: number;
  readonly deadline: number;
  cancel: (() => unknown) | null;
}

/** Shortages in a row, with a pause after each, before the sweep gives up: the limit is not passing. */
const maxRetriesInARow = 100;
const retryPauseMs = 20;

/** Outcomes in the order of `ports`. Rejects on abort (InterruptedError) or a lasting shortage of sockets. */
export function sweepPorts<O>(ports: readonly number[], prober: Prober<O>, options: SweepOptions): Promise<O[]> {
  const results: O[] = new Array(ports.length);
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const interval = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  return new Promise<O[]>((resolve, reject) => {
    const retries: number[] = [];
    const queue: InFlight[] = [];
    let head = 0;
    let next = 0;
    let inFlight = 0;
    let finished = 0;
    let started = 0;
    let retriesInARow = 0;
    let pumping = false;
    let closed = false;
    let resumeTimer: NodeJS.Timeout | undefined;
    let expiryTimer: NodeJS.Timeout | undefined;
    let expiryAt = Infinity;
    const firstStart = performance.now();

    const stop = (error?: Error) => {
      if (closed) return;
      closed = true;
      clearTimeout(resumeTimer);
      clearTimeout(expiryTimer);
      stopWaiting();
      for (let i = head; i < queue.length; i++) queue[i]!.cancel?.();
      if (error) reject(error);
      else resolve(results);
    };

    const record = (entry: InFlight, settled: Settled<O>) => {
      if (entry.cancel === null || closed) return;
      entry.cancel = null;
      inFlight--;
      if ('retry' in settled) {
        if (++retriesInARow > maxRetriesInARow) {
          stop(new NetworkError(`cannot open more sockets (${settled.retry}): lower --concurrency, or raise the limit (ulimit -n)`));
          return;
        }
        retries.push(entry.index);
        pauseFor(retryPauseMs);
      } else {
        retriesInARow = 0;
        results[entry.index] = settled.outcome;
        finished++;
      }
      if (!pumping) pump();
    };

    const pauseFor = (ms: number) => {
      if (resumeTimer) return;
      resumeTimer = setTimeout(() => {
        resumeTimer = undefined;
        pump();
      }, ms);
    };

    /** Gives up on every probe whose time has come; the queue is in start order, so its head expires first. */
    const expire = () => {
      expiryTimer = undefined;
      expiryAt = Infinity;
      const now = performance.now();
      while (head < queue.length) {
        const entry = queue[head]!;
        if (entry.cancel !== null) {
          if (entry.deadline > now) break;
          const cancel = entry.cancel;
          entry.cancel = null;
          inFlight--;
          finished++;
          results[entry.index] = cancel() as O;
        }
        head++;
      }
      if (head > 4096) {
        queue.splice(0, head);
        head = 0;
      }
      pump();
    };

    const armExpiry = () => {
      while (head < queue.length && queue[head]!.cancel === null) head++;
      if (head >= queue.length) return;
      const deadline = queue[head]!.deadline;
      if (deadline >= expiryAt) return;
      clearTimeout(expiryTimer);
      expiryAt = deadline;
      expiryTimer = setTimeout(expire, Math.max(0, deadline - performance.now()));
    };

    const pump = () => {
      if (closed) return;
      pumping = true;
      while (inFlight < concurrency && !resumeTimer && (retries.length || next < ports.length)) {
        if (interval) {
          const due = firstStart + started * interval;
          const now = performance.now();
          if (due > now) {
            pauseFor(due - now);
            break;
          }
        }
        const index = retries.length ? retries.shift()! : next++;
        const entry: InFlight = { index, deadline: performance.now() + options.timeoutMs, cancel: () => undefined };
        queue.push(entry);
        inFlight++;
        started++;
        const cancel = prober.start(ports[index]!, (settled) => record(entry, settled));
        if (closed) return;
        if (entry.cancel !== null) entry.cancel = cancel;
      }
      pumping = false;
      if (finished === ports.length) stop();
      else armExpiry();
    };

    const stopWaiting = onAbort(options.signal, () => stop(new InterruptedError()));
    if (options.signal.aborted) stop(new InterruptedError());
    else pump();
  });
}
