/** The `serve --tui` view state as a pure reducer: events and byte-count ticks in, the table's rows out. No React, no sockets. */
import type { ClientSnapshot, ServeEvent } from '../protocol/serve-events.js';

export interface ServeViewClient extends ClientSnapshot {
  /** Bytes per second in and out since the previous tick (0 on the first). */
  readonly rateIn: number;
  readonly rateOut: number;
}

export interface ServeViewState {
  readonly service: string;
  readonly address: string;
  readonly clients: readonly ServeViewClient[];
  readonly connections: number;
  readonly refused: number;
  /** The last few log lines (refusals, closes), newest last. */
  readonly recent: readonly string[];
  readonly lastTickMs?: number;
}

export type ServeViewAction =
  | { readonly type: 'event'; readonly event: ServeEvent; readonly line: string }
  | { readonly type: 'tick'; readonly nowMs: number; readonly clients: readonly ClientSnapshot[] };

export const RECENT_LINES = 5;

export function initialServeViewState(service: string): ServeViewState {
  return { service, address: '', clients: [], connections: 0, refused: 0, recent: [] };
}

export function serveViewReducer(state: ServeViewState, action: ServeViewAction): ServeViewState {
  if (action.type === 'tick') {
    const previous = new Map(state.clients.map((client) => [client.id, client]));
    const seconds = state.lastTickMs === undefined ? 0 : (action.nowMs - state.lastTickMs) / 1000;
    const clients = action.clients.map((client) => {
      const before = previous.get(client.id);
      const rate = (now: number, then: number | undefined) => (before && seconds > 0 ? Math.max(0, (now - (then ?? 0)) / seconds) : 0);
      return { ...client, rateIn: rate(client.bytesIn, before?.bytesIn), rateOut: rate(client.bytesOut, before?.bytesOut) };
    });
    return { ...state, clients: [...clients].sort((a, b) => a.sinceMs - b.sinceMs || a.id - b.id), lastTickMs: action.nowMs };
  }
  const { event, line } = action;
  const remember = (s: ServeViewState) => ({ ...s, recent: [...s.recent, line].slice(-RECENT_LINES) });
  switch (event.type) {
    case 'listening':
      return { ...state, address: `${event.address} (${event.transport.toUpperCase()})` };
    case 'connection':
      return { ...state, connections: state.connections + 1 };
    case 'closed':
      return remember({ ...state, clients: state.clients.filter((client) => client.id !== event.id) });
    case 'refused':
      return remember({ ...state, refused: state.refused + 1 });
    case 'datagram':
    case 'rate-limited':
    case 'request':
    case 'error':
      return remember(state);
    case 'summary':
      return state;
  }
}
