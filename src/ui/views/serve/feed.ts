/** The serve --tui feed: the policy's events since the last refresh, its clients' byte counts now, and its totals. Buffers only; never touches sockets. */
import type { ClientSnapshot, ServeEvent } from '../../../protocol/serve-events.js';
import type { LiveFeed } from '../../driver/LiveApp.js';
import type { ServeSnapshot } from './state.js';

export interface ServeSource {
  clients(): ClientSnapshot[];
  summary(): { readonly bytesIn: number; readonly bytesOut: number };
}

export interface ServeFeed extends LiveFeed<ServeSnapshot, undefined> {
  /** The policy's log hook: each event is kept for the next refresh, which it asks for sooner. */
  readonly onEvent: (event: ServeEvent) => void;
  /** From the bind on: the clients and totals to sample. */
  readonly attach: (source: ServeSource) => void;
}

/** Events kept between refreshes at most: a flood of datagrams must not grow memory without bound. */
const maxPending = 1000;

export function createServeFeed(now: () => number): ServeFeed {
  let pending: ServeEvent[] = [];
  let source: ServeSource | undefined;
  const listeners = new Set<() => void>();
  return {
    onEvent: (event) => {
      // Past the bound only connection events are kept: they change counts and the client list.
      if (pending.length < maxPending || event.type === 'connection' || event.type === 'closed' || event.type === 'listening') pending.push(event);
      for (const listener of listeners) listener();
    },
    attach: (next) => {
      source = next;
    },
    next: async () => {
      const events = pending;
      pending = [];
      const totals = source?.summary() ?? { bytesIn: 0, bytesOut: 0 };
      return { time: now(), events, clients: source?.clients() ?? [], bytesIn: totals.bytesIn, bytesOut: totals.bytesOut };
    },
    wake: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
