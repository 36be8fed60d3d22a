/** The serve --tui view's state as a pure reducer: refreshes (events and byte counts), sort, filter, scroll, help. No React, no sockets. */
import type { ClientSnapshot, ServeEvent } from '../../../protocol/serve-events.js';
import { sortByColumn } from '../../driver/columns.js';
import { nextInCycle, promptReducer, scrollTarget, type PromptAction, type ScrollMove } from '../../driver/list-state.js';
import { clientColumn, clientSortColumns, type ClientSortColumn, type ClosedRow, type ServeClientRow } from './columns.js';

/** One refresh: what happened since the last, who is connected now, and the service's byte totals. */
export interface ServeSnapshot {
  readonly time: number;
  readonly events: readonly ServeEvent[];
  readonly clients: readonly ClientSnapshot[];
  /** Bytes of every connection so far, closed ones included. */
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** Closed connections stay dimmed after this long, and leave the area after `forgetMs`. */
export const fadeMs = 10_000;
export const forgetMs = 30_000;
const maxClosed = 50;
/** Log lines (refusals, errors, requests) kept for the last-event line. */
const maxLog = 5;

export interface ServeViewState {
  readonly service: string;
  readonly address: string;
  readonly nowMs: number;
  readonly clients: readonly ServeClientRow[];
  /** Filtered and sorted: derived, kept so that scrolling does not redo the work. */
  readonly list: readonly ServeClientRow[];
  /** Newest first; each fades, then goes. */
  readonly closed: readonly ClosedRow[];
  readonly connections: number;
  readonly refused: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** The service's bytes per second, in and out, over the last refresh. */
  readonly rateIn: number;
  readonly rateOut: number;
  readonly log: readonly string[];
  readonly lastTickMs: number | null;
  readonly sort: ClientSortColumn;
  readonly reverse: boolean;
  readonly filter: string;
  readonly draft: string | null;
  readonly help: boolean;
  readonly scroll: number;
  /** Lines below the header: the table, the recently-closed area and the last event share them. */
  readonly bodyHeight: number;
}

export type ServeViewAction =
  | { readonly type: 'snapshot'; readonly snapshot: ServeSnapshot; readonly describe: (event: ServeEvent) => string }
  | { readonly type: 'resize'; readonly bodyHeight: number }
  | { readonly type: 'sort-next' }
  | { readonly type: 'reverse' }
  | PromptAction
  | { readonly type: 'scroll'; readonly move: ScrollMove };

export function initialServeViewState(service: string, bodyHeight = 20): ServeViewState {
  return {
    service,
    address: '',
    nowMs: 0,
    clients: [],
    list: [],
    closed: [],
    connections: 0,
    refused: 0,
    bytesIn: 0,
    bytesOut: 0,
    rateIn: 0,
    rateOut: 0,
    log: [],
    lastTickMs: null,
    sort: 'since',
    reverse: false,
    filter: '',
    draft: null,
    help: false,
    scroll: 0,
    bodyHeight,
  };
}

/** Closed connections still shown at `nowMs`. */
export function closedShown(state: ServeViewState): readonly ClosedRow[] {
  return state.closed.filter((row) => state.nowMs - row.closedMs < forgetMs);
}

/** The body's lines: the table's header and rows, then the recently-closed area (title and rows), then the last event. */
export function serveLayout(state: ServeViewState): { readonly pageSize: number; readonly closedRows: number; readonly logLines: number } {
  const closed = closedShown(state).length;
  const logLines = state.log.length > 0 && state.bodyHeight >= 8 ? 1 : 0;
  // The closed area takes at most a third of the body, the clients always keep some rows.
  const closedRows = closed === 0 || state.bodyHeight < 6 ? 0 : Math.min(closed, Math.max(1, Math.floor(state.bodyHeight / 3) - 1));
  const pageSize = Math.max(1, state.bodyHeight - 1 - (closedRows > 0 ? closedRows + 1 : 0) - logLines);
  return { pageSize, closedRows, logLines };
}

const activeFilter = (state: ServeViewState) => (state.draft ?? state.filter).trim().toLowerCase();

function derive(state: ServeViewState): ServeViewState {
  const needle = activeFilter(state);
  const shown = needle === '' ? state.clients : state.clients.filter((client) => client.client.toLowerCase().includes(needle));
  const since = clientColumn('since').compare!;
  const list = sortByColumn(shown, clientColumn(state.sort), state.reverse, [since], (client) => String(client.id));
  return clampScroll({ ...state, list });
}

function clampScroll(state: ServeViewState): ServeViewState {
  const max = Math.max(0, state.list.length - serveLayout(state).pageSize);
  const scroll = Math.min(Math.max(0, state.scroll), max);
  return scroll === state.scroll ? state : { ...state, scroll };
}

function applyEvent(state: ServeViewState, event: ServeEvent, line: string, time: number): ServeViewState {
  const logged = (s: ServeViewState) => ({ ...s, log: [...s.log, line].slice(-maxLog) });
  switch (event.type) {
    case 'listening':
      return { ...state, address: `${event.address} (${event.transport.toUpperCase()})` };
    case 'connection':
      return { ...state, connections: state.connections + 1 };
    case 'closed': {
      const row: ClosedRow = { id: event.id, client: event.client, bytesIn: event.bytesIn, bytesOut: event.bytesOut, durationMs: event.durationMs, closedMs: time, ...(event.reason ? { reason: event.reason } : {}) };
      return { ...state, clients: state.clients.filter((client) => client.id !== event.id), closed: [row, ...state.closed].slice(0, maxClosed) };
    }
    case 'refused':
      return logged({ ...state, refused: state.refused + 1 });
    case 'datagram':
    case 'rate-limited':
    case 'request':
    case 'error':
      return logged(state);
    case 'summary':
      return state;
  }
}

function applySnapshot(state: ServeViewState, snapshot: ServeSnapshot, describe: (event: ServeEvent) => string): ServeViewState {
  let next = state;
  for (const event of snapshot.events) next = applyEvent(next, event, describe(event), snapshot.time);
  const seconds = state.lastTickMs === null ? 0 : (snapshot.time - state.lastTickMs) / 1000;
  const previous = new Map(state.clients.map((client) => [client.id, client]));
  const rate = (now: number, then: number | undefined) => (then !== undefined && seconds > 0 ? Math.max(0, (now - then) / seconds) : 0);
  const clients = snapshot.clients.map((client) => {
    const before = previous.get(client.id);
    return { ...client, rateIn: rate(client.bytesIn, before?.bytesIn), rateOut: rate(client.bytesOut, before?.bytesOut) };
  });
  return derive({
    ...next,
    nowMs: snapshot.time,
    clients,
    closed: next.closed.filter((row) => snapshot.time - row.closedMs < forgetMs),
    bytesIn: snapshot.bytesIn,
    bytesOut: snapshot.bytesOut,
    rateIn: state.lastTickMs === null ? 0 : rate(snapshot.bytesIn, state.bytesIn),
    rateOut: state.lastTickMs === null ? 0 : rate(snapshot.bytesOut, state.bytesOut),
    lastTickMs: snapshot.time,
  });
}

export function serveViewReducer(state: ServeViewState, action: ServeViewAction): ServeViewState {
  switch (action.type) {
    case 'snapshot':
      return applySnapshot(state, action.snapshot, action.describe);
    case 'resize':
      return clampScroll({ ...state, bodyHeight: Math.max(2, action.bodyHeight) });
    case 'sort-next':
      return derive({ ...state, sort: nextInCycle(clientSortColumns, state.sort), reverse: false });
    case 'reverse':
      return derive({ ...state, reverse: !state.reverse });
    case 'filter-open':
    case 'filter-type':
    case 'filter-erase':
    case 'filter-apply':
    case 'filter-clear':
    case 'help':
      return promptReducer(state, action, derive);
    case 'scroll':
      return clampScroll({ ...state, scroll: scrollTarget(state.scroll, serveLayout(state).pageSize, state.list.length, action.move) });
  }
}

/** The clients on screen, from the scroll position. */
export function visibleClients(state: ServeViewState): readonly ServeClientRow[] {
  return state.list.slice(state.scroll, state.scroll + serveLayout(state).pageSize);
}
