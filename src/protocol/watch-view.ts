/** The live view's state as a pure reducer: refreshes, sort, filter, toggles, pause, groups, scroll, help. No I/O, no React. */
import type { PortPair } from './tcp-info.js';
import {
  countRows,
  diffRows,
  filterRows,
  groupRows,
  sortColumns,
  sortRows,
  type DisplayRow,
  type GroupRow,
  type ListeningMode,
  type RowCounts,
  type SortColumn,
  type WatchRow,
} from './watch-rows.js';

/** Receive and transmit bytes per second of one interface since the previous refresh. */
export interface InterfaceRate {
  readonly name: string;
  readonly rxRate: number;
  readonly txRate: number;
}

/** One refresh of everything the screen shows. */
export interface WatchSnapshot {
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly rows: readonly WatchRow[];
  readonly interfaces: readonly InterfaceRate[];
  /** False when `ss` is missing: the rate columns then say n/a instead of staying blank. */
  readonly ratesAvailable: boolean;
  /** Sockets whose owner this user may not see (others' processes without root). */
  readonly hiddenOwners: number;
  /** False on a quick first refresh that left out the /proc/PID/fd scan; the next one has owners. */
  readonly ownersKnown: boolean;
}

export type ListEntry = { readonly kind: 'row'; readonly entry: DisplayRow } | { readonly kind: 'group'; readonly entry: GroupRow };

export interface ViewState {
  readonly snapshot: WatchSnapshot | null;
  /** The applied snapshot's rows diffed against the one before: new, same, and gone (shown once). */
  readonly rows: readonly DisplayRow[];
  readonly counts: RowCounts;
  /** The newest snapshot that arrived while paused; shown on resume. */
  readonly pending: WatchSnapshot | null;
  readonly sort: SortColumn;
  readonly reverse: boolean;
  /** The filter in force. */
  readonly filter: string;
  /** The text being typed after `/`, or null when the prompt is closed. Filters as it is typed. */
  readonly draft: string | null;
  readonly tcp: boolean;
  readonly udp: boolean;
  readonly listening: ListeningMode;
  readonly paused: boolean;
  readonly grouped: boolean;
  readonly help: boolean;
  /** Index of the first entry on screen. */
  readonly scroll: number;
  /** How many entries fit on screen. */
  readonly pageSize: number;
  /** Filtered, sorted (and grouped) entries: derived, kept so that scrolling does not redo the work. */
  readonly list: readonly ListEntry[];
}

export type ScrollMove = 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'home' | 'end';

export type ViewAction =
  | { readonly type: 'snapshot'; readonly snapshot: WatchSnapshot }
  | { readonly type: 'resize'; readonly pageSize: number }
  | { readonly type: 'sort-next' }
  | { readonly type: 'reverse' }
  | { readonly type: 'filter-open' }
  | { readonly type: 'filter-type'; readonly text: string }
  | { readonly type: 'filter-erase' }
  | { readonly type: 'filter-apply' }
  | { readonly type: 'filter-clear' }
  | { readonly type: 'toggle-tcp' }
  | { readonly type: 'toggle-udp' }
  | { readonly type: 'toggle-listening' }
  | { readonly type: 'pause' }
  | { readonly type: 'group' }
  | { readonly type: 'help' }
  | { readonly type: 'scroll'; readonly move: ScrollMove };

export interface ViewOptions {
  readonly tcp?: boolean;
  readonly udp?: boolean;
  readonly listening?: ListeningMode;
  readonly sort?: SortColumn;
  readonly pageSize?: number;
}

const noCounts: RowCounts = { states: [], protocols: [] };

/** TCP and UDP shown unless told otherwise (the command maps -t, -u and -x onto these). */
export function initialViewState(options: ViewOptions = {}): ViewState {
  return {
    snapshot: null,
    rows: [],
    counts: noCounts,
    pending: null,
    sort: options.sort ?? 'local',
    reverse: false,
    filter: '',
    draft: null,
    tcp: options.tcp ?? true,
    udp: options.udp ?? true,
    listening: options.listening ?? 'hide',
    paused: false,
    grouped: false,
    help: false,
    scroll: 0,
    pageSize: Math.max(1, options.pageSize ?? 20),
    list: [],
  };
}

/** The text that filters right now: the draft while typing, else the applied filter. */
export function activeFilter(state: ViewState): string {
  return state.draft ?? state.filter;
}

function derive(state: ViewState): ViewState {
  const shown = filterRows(state.rows, { tcp: state.tcp, udp: state.udp, listening: state.listening, text: activeFilter(state) });
  const list: ListEntry[] = state.grouped
    ? groupRows(shown, state.sort, state.reverse).map((entry) => ({ kind: 'group', entry }))
    : sortRows(shown, state.sort, state.reverse).map((entry) => ({ kind: 'row', entry }));
  return clampScroll({ ...state, list });
}

function clampScroll(state: ViewState): ViewState {
  const max = Math.max(0, state.list.length - state.pageSize);
  const scroll = Math.min(Math.max(0, state.scroll), max);
  return scroll === state.scroll ? state : { ...state, scroll };
}

function applySnapshot(state: ViewState, snapshot: WatchSnapshot): ViewState {
  const previous = state.snapshot ? state.snapshot.rows : null;
  return derive({ ...state, snapshot, pending: null, rows: diffRows(previous, snapshot.rows), counts: countRows(snapshot.rows) });
}

const nextListening: Record<ListeningMode, ListeningMode> = { hide: 'show', show: 'only', only: 'hide' };

function scrollTo(state: ViewState, move: ScrollMove): number {
  switch (move) {
    case 'line-up':
      return state.scroll - 1;
    case 'line-down':
      return state.scroll + 1;
    case 'page-up':
      return state.scroll - state.pageSize;
    case 'page-down':
      return state.scroll + state.pageSize;
    case 'home':
      return 0;
    case 'end':
      return state.list.length;
  }
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'snapshot':
      return state.paused ? { ...state, pending: action.snapshot } : applySnapshot(state, action.snapshot);
    case 'resize':
      return clampScroll({ ...state, pageSize: Math.max(1, action.pageSize) });
    case 'sort-next': {
      const next = sortColumns[(sortColumns.indexOf(state.sort) + 1) % sortColumns.length]!;
      return derive({ ...state, sort: next, reverse: false });
    }
    case 'reverse':
      return derive({ ...state, reverse: !state.reverse });
    case 'filter-open':
      return { ...state, draft: state.filter, help: false };
    case 'filter-type':
      return state.draft === null ? state : derive({ ...state, draft: state.draft + action.text, scroll: 0 });
    case 'filter-erase':
      return state.draft === null ? state : derive({ ...state, draft: [...state.draft].slice(0, -1).join(''), scroll: 0 });
    case 'filter-apply':
      return state.draft === null ? state : derive({ ...state, filter: state.draft.trim(), draft: null });
    case 'filter-clear':
      return derive({ ...state, filter: '', draft: null, scroll: 0 });
    case 'toggle-tcp':
      return derive({ ...state, tcp: !state.tcp });
    case 'toggle-udp':
      return derive({ ...state, udp: !state.udp });
    case 'toggle-listening':
      return derive({ ...state, listening: nextListening[state.listening] });
    case 'pause':
      if (!state.paused) return { ...state, paused: true };
      return state.pending ? applySnapshot({ ...state, paused: false }, state.pending) : { ...state, paused: false };
    case 'group':
      return derive({ ...state, grouped: !state.grouped, scroll: 0 });
    case 'help':
      return { ...state, help: !state.help };
    case 'scroll':
      return clampScroll({ ...state, scroll: scrollTo(state, action.move) });
  }
}

/** The entries that fit on screen, from the scroll position. */
export function visibleEntries(state: ViewState): readonly ListEntry[] {
  return state.list.slice(state.scroll, state.scroll + state.pageSize);
}

/** Which TCP connections need rates: all of them, or those with these ports (the rows on screen). */
export type RateScope = { readonly kind: 'all' } | { readonly kind: 'ports'; readonly pairs: readonly PortPair[] };

/**
 * Rates are read for every connection only when they decide what is shown (sorted by rate, or
 * summed per process); else only for the rows on screen, which spares ss formatting every socket.
 */
export function rateScope(state: ViewState): RateScope {
  if (state.grouped || state.sort === 'rx' || state.sort === 'tx') return { kind: 'all' };
  const pairs: PortPair[] = [];
  for (const entry of visibleEntries(state)) {
    if (entry.kind !== 'row') continue;
    const c = entry.entry.row.connection;
    if ((c.proto === 'tcp' || c.proto === 'tcp6') && c.inode !== 0 && c.state !== 'LISTEN') {
      pairs.push({ localPort: c.local.port, remotePort: c.remote.port });
    }
  }
  return { kind: 'ports', pairs };
}

/** Where refreshes come from: the real one reads /proc and ss; tests hand in fixed snapshots. */
export interface SnapshotFeed {
  next(scope?: RateScope): Promise<WatchSnapshot>;
}
