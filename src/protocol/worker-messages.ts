/** What `serve --workers`' primary and its workers say to each other over the cluster IPC channel. Types and guards only. */
import type { ServeEvent, ServeSummary } from './serve-events.js';

/** From a worker: ready to serve, a log event, its totals when stopped, or a failure to start. */
export type WorkerMessage =
  | { readonly nettool: 'ready' }
  | { readonly nettool: 'event'; readonly event: ServeEvent }
  | { readonly nettool: 'summary'; readonly summary: ServeSummary }
  | { readonly nettool: 'failed'; readonly message: string; readonly exitCode: number };

/** From the primary: a client's socket travels with `connection` as the message's handle; `stop` ends the worker. */
export type PrimaryMessage = { readonly nettool: 'connection' } | { readonly nettool: 'stop' };

const tagOf = (message: unknown): unknown => (typeof message === 'object' && message !== null ? (message as { nettool?: unknown }).nettool : undefined);

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  const tag = tagOf(message);
  return tag === 'ready' || tag === 'event' || tag === 'summary' || tag === 'failed';
}

export function isPrimaryMessage(message: unknown): message is PrimaryMessage {
  const tag = tagOf(message);
  return tag === 'connection' || tag === 'stop';
}

/** Every worker's totals as one; the primary's own refusals and its run time are its to add. */
export function addSummaries(summaries: readonly ServeSummary[], primary: Pick<ServeSummary, 'refused' | 'durationMs'>): ServeSummary {
  const total = { connections: 0, refused: primary.refused, datagrams: 0, dropped: 0, bytesIn: 0, bytesOut: 0, durationMs: primary.durationMs };
  for (const s of summaries) {
    total.connections += s.connections;
    total.refused += s.refused;
    total.datagrams += s.datagrams;
    total.dropped += s.dropped;
    total.bytesIn += s.bytesIn;
    total.bytesOut += s.bytesOut;
  }
  return total;
}
