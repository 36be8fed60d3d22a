/** Every live view's path without a terminal (or with --json): a snapshot written every interval until a signal, with back-pressure. Never imports Ink. */
import type { Io } from '../../io.js';
import { writeWithBackpressure } from '../../io.js';

/** Waits `ms`, or less if the signal fires: the loop ends promptly on Ctrl-C and SIGTERM. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `snapshot(time)` makes one record (a JSON line, or a text block) from a fresh reading; it is
 * written, and the next one starts an interval after this one started, however long writing took.
 */
export async function streamSnapshots(io: Io, intervalMs: number, snapshot: (time: number) => string | Promise<string>): Promise<void> {
  while (!io.signal.aborted) {
    const started = io.now();
    await writeWithBackpressure(io.stdout, await snapshot(started));
    await pause(Math.max(0, intervalMs - (io.now() - started)), io.signal);
  }
}
