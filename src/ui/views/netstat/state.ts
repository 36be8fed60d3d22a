/** The netstat live view's state as a pure reducer: refreshes, sort, filter, protocol sets, pause, groups, scroll, help. No I/O, no React. */
import { familyOf, isListening } from '../../../protocol/connection-filter.js';
import type { PortPair } from '../../../protocol/tcp-info.js';
import { countShown, diffRows, groupRows, type DisplayRow, type GroupBy, type GroupRow, type ListeningMode, type RowCounts } from '../../../protocol/watch-rows.js';
import type { RateScope, WatchSnapshot } from '../../../protocol/watch-view.js';
import { nextInCycle, promptReducer, scrollTarget, type PromptAction, type ScrollMove } from '../../driver/list-state.js';
import { compareLocal, compareRemote, socketColumn, socketSearchText, sortColumns, type SortColumn } from './columns.js';

export type ListEntry = { readonly kind: 'row'; readonly entry: DisplayRow } | { readonly kind: 'group'; readonly entry: GroupRow };

/** Which protocols are shown: `t` and `u` mean "only TCP" and "only UDP", as -t and -u do. */
export interface Protocols {
  readonly tcp: boolean;
  readonly udp: boolean;
  readonly unix: boolean;
}

export interface ViewState {
  readonly snapshot: WatchSnapshot | null;
  /** The applied snapshot's rows diffed against the one before: new, same, and gone (shown once). */
  readonly rows: readonly DisplayRow[];
  /** Counts per state and protocol of the sockets the filter and protocol set show (gone ones left out). */
  readonly counts: RowCounts;
  /** Sockets shown, and in the whole snapshot: the header's "12 of 340". */
  readonly shownCount: number;
  readonly totalCount: number;
  /** The newest snapshot that arrived while paused; shown on resume. */
  readonly pending: WatchSnapshot | null;
  readonly sort: SortColumn;
  readonly reverse: boolean;
  /** The filter in force. */
  readonly filter: string;
  /** The text being typed after `/`, or null when the prompt is closed. Filters as it is typed. */
  readonly draft: string | null;
  readonly protocols: Protocols;
  /** What a second `t` or `u` goes back to: the protocols the command line read. */
  readonly allProtocols: Protocols;
  readonly listening: ListeningMode;
  readonly paused: boolean;
  readonly group: GroupBy;
  readonly help: boolean;
  /** Index of the first entry on screen. */
  readonly scroll: number;
  /** How many entries fit on screen. */
  readonly pageSize: number;
  /** Filtered, sorted (and grouped) entries: derived, kept so that scrolling does not redo the work. */
  readonly list: readonly ListEntry[];
  /** Service name → port, so that `/https` finds port 443 shown as a number (and `/443` finds `https`). */
  readonly portOf: (name: string) => number | undefined;
}

export type { ScrollMove } from '../../driver/list-state.js';

export type ViewAction =
  | { readonly type: 'snapshot'; readonly snapshot: WatchSnapshot }
  | { readonly type: 'resize'; readonly pageSize: number }
  | { readonly type: 'sort-next' }
  | { readonly type: 'reverse' }
  | PromptAction
  | { readonly type: 'toggle-tcp' }
  | { readonly type: 'toggle-udp' }
  | { readonly type: 'toggle-listening' }
  | { readonly type: 'pause' }
  | { readonly type: 'group' }
  | { readonly type: 'scroll'; readonly move: ScrollMove };

export interface ViewOptions {
  readonly tcp?: boolean;
  readonly udp?: boolean;
  /** Unix sockets are read (-x): part of the set a second `t` or `u` goes back to. */
  readonly unix?: boolean;
  readonly listening?: ListeningMode;
  readonly sort?: SortColumn;
  readonly pageSize?: number;
  readonly portOf?: (name: string) => number | undefined;
}

const noCounts: RowCounts = { states: [], protocols: [] };

/** TCP and UDP shown unless told otherwise (the command maps -t, -u and -x onto these). */
export function initialViewState(options: ViewOptions = {}): ViewState {
  const tcp = options.tcp ?? true;
  const udp = options.udp ?? true;
  // -x alone: neither TCP nor UDP, so Unix sockets are what was asked for.
  const protocols = { tcp, udp, unix: options.unix ?? (!tcp && !udp) };
  return {
    snapshot: null,
    rows: [],
    counts: noCounts,
    shownCount: 0,
    totalCount: 0,
    pending: null,
    sort: options.sort ?? 'local',
    reverse: false,
    filter: '',
    draft: null,
    protocols,
    allProtocols: { tcp: true, udp: true, unix: protocols.unix },
    listening: options.listening ?? 'hide',
    paused: false,
    group: 'none',
    help: false,
    scroll: 0,
    pageSize: Math.max(1, options.pageSize ?? 20),
    list: [],
    portOf: options.portOf ?? (() => undefined),
  };
}

/** The text that filters right now: the draft while typing, else the applied filter. */
export function activeFilter(state: Pick<ViewState, 'draft' | 'filter'>): string {
  return state.draft ?? state.filter;
}

/** A filter word as a port (`443`, `:443`, `https`), or null: it then also matches either end's port exactly. */
function filterPort(needle: string, portOf: (name: string) => number | undefined): number | null {
  const digits = /^:?(\d{1,5})$/.exec(needle);
  if (digits) return Number(digits[1]);
  const name = /^:?([a-z][a-z0-9-]*)$/.exec(needle);
  return name ? (portOf(name[1]!) ?? null) : null;
}

/** Rows shown by the protocol set, the listening mode and the filter text (matched against what the row means, not only what is drawn). */
export function filterRows(rows: readonly DisplayRow[], state: Pick<ViewState, 'protocols' | 'listening' | 'portOf'>, text: string): DisplayRow[] {
  const needle = text.trim().toLowerCase();
  const port = needle === '' ? null : filterPort(needle, state.portOf);
  const { protocols, listening } = state;
  return rows.filter(({ row }) => {
    const c = row.connection;
    if (!protocols[familyOf(c)]) return false;
    const listens = isListening(c);
    if (listening === 'hide' && listens) return false;
    if (listening === 'only' && !listens) return false;
    if (needle === '') return true;
    if (port !== null && c.proto !== 'unix' && (c.local.port === port || c.remote.port === port)) return true;
    return socketSearchText(row).includes(needle);
  });
}

const ties = [compareLocal, compareRemote];

/** Sorted by the column's declared order (numbers descending first), ties broken by local then remote end so rows keep still. */
export function sortRows(rows: readonly DisplayRow[], column: SortColumn, reverse: boolean): DisplayRow[] {
  const declaration = socketColumn(column);
  const compare = declaration.compare!;
  const direction = (declaration.descendingFirst ? -1 : 1) * (reverse ? -1 : 1);
  // The tie-breakers, less the column itself (sorting 10,000 rows every second, each compare counts).
  const [first, second] = (['local', 'remote'] as const).flatMap((end, index) => (end === column ? [] : [ties[index]!]));
  return [...rows].sort((x, y) => {
    const a = x.row;
    const b = y.row;
    return direction * compare(a, b) || (first ? first(a, b) : 0) || (second ? second(a, b) : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
}

function derive(state: ViewState): ViewState {
  const shown = filterRows(state.rows, state, activeFilter(state));
  const list: ListEntry[] =
    state.group === 'none'
      ? sortRows(shown, state.sort, state.reverse).map((entry) => ({ kind: 'row', entry }))
      : groupRows(shown, state.sort, state.reverse, state.group).map((entry) => ({ kind: 'group', entry }));
  const totalCount = state.snapshot?.rows.length ?? 0;
  const { counts, shown: shownCount } = countShown(shown);
  return clampScroll({ ...state, list, counts, shownCount, totalCount });
}

function clampScroll(state: ViewState): ViewState {
  const max = Math.max(0, state.list.length - state.pageSize);
  const scroll = Math.min(Math.max(0, state.scroll), max);
  return scroll === state.scroll ? state : { ...state, scroll };
}

function applySnapshot(state: ViewState, snapshot: WatchSnapshot): ViewState {
  const previous = state.snapshot ? state.snapshot.rows : null;
  return derive({ ...state, snapshot, pending: null, rows: diffRows(previous, snapshot.rows) });
}

const nextListening: Record<ListeningMode, ListeningMode> = { hide: 'show', show: 'only', only: 'hide' };
const nextGroup: Record<GroupBy, GroupBy> = { none: 'process', process: 'remote', remote: 'none' };

/** `t`: TCP only, as -t; pressed again (already TCP only), back to everything read. Likewise `u`. */
function only(state: ViewState, family: 'tcp' | 'udp'): Protocols {
  const alone: Protocols = { tcp: family === 'tcp', udp: family === 'udp', unix: false };
  const already = state.protocols.tcp === alone.tcp && state.protocols.udp === alone.udp && !state.protocols.unix;
  return already ? state.allProtocols : alone;
}

/** The protocols shown, as the footer says them: `tcp+udp`, `tcp only`. */
export function protocolSet(state: Pick<ViewState, 'protocols' | 'allProtocols'>): string {
  const names = (['tcp', 'udp', 'unix'] as const).filter((name) => state.protocols[name]);
  if (names.length === 0) return 'none';
  const every = (['tcp', 'udp', 'unix'] as const).every((name) => state.protocols[name] === state.allProtocols[name]);
  return names.length === 1 && !every ? `${names[0]} only` : names.join('+');
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'snapshot':
      return state.paused ? { ...state, pending: action.snapshot } : applySnapshot(state, action.snapshot);
    case 'resize':
      return clampScroll({ ...state, pageSize: Math.max(1, action.pageSize) });
    case 'sort-next':
      return derive({ ...state, sort: nextInCycle(sortColumns, state.sort), reverse: false });
    case 'filter-open':
    case 'filter-type':
    case 'filter-erase':
    case 'filter-apply':
    case 'filter-clear':
    case 'help':
      return promptReducer(state, action, derive);
    case 'toggle-tcp':
      return derive({ ...state, protocols: only(state, 'tcp'), scroll: 0 });
    case 'toggle-udp':
      return derive({ ...state, protocols: only(state, 'udp'), scroll: 0 });
    case 'reverse':
      return derive({ ...state, reverse: !state.reverse });
    case 'toggle-listening':
      return derive({ ...state, listening: nextListening[state.listening] });
    case 'pause':
      if (!state.paused) return { ...state, paused: true };
      return state.pending ? applySnapshot({ ...state, paused: false }, state.pending) : { ...state, paused: false };
    case 'group':
      return derive({ ...state, group: nextGroup[state.group], scroll: 0 });
    case 'scroll':
      return clampScroll({ ...state, scroll: scrollTarget(state.scroll, state.pageSize, state.list.length, action.move) });
  }
}

/** The entries that fit on screen, from the scroll position. */
export function visibleEntries(state: ViewState): readonly ListEntry[] {
  return state.list.slice(state.scroll, state.scroll + state.pageSize);
}

/**
 * Rates are read for every connection only when they decide what is shown (sorted by rate, or
 * summed per group); else only for the rows on screen, which spares ss formatting every socket.
 */
export function rateScope(state: ViewState): RateScope {
  if (state.group !== 'none' || state.sort === 'rx' || state.sort === 'tx') return { kind: 'all' };
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
