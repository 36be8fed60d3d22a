/** Rows of the live connection view: snapshot diff, text filter, sort and per-process groups. Pure: no clock, no I/O. */
import { compareConnections, countConnections, familyOf, isListening, type SortKey } from './connection-filter.js';
import type { Connection } from './connection.js';

/** One socket as the live view shows it: the netstat Connection, its ends as text, and its rates. */
export interface WatchRow {
  /** Identity across refreshes: protocol and both ends (and the inode where those collide). */
  readonly key: string;
  readonly connection: Connection;
  /** Each end as the one-shot table prints it (`127.0.0.1:22`, `[::1]:ssh`, a Unix path). */
  readonly local: string;
  readonly remote: string;
  /** Bytes per second from tcp_info counters; null where unknown (first sighting, UDP, listening, no ss). */
  readonly rxRate: number | null;
  readonly txRate: number | null;
}

export type RowChange = 'new' | 'same' | 'gone';

export interface DisplayRow {
  readonly row: WatchRow;
  readonly change: RowChange;
}

/** A process in the grouped view: its sockets counted per state, and its rates summed. */
export interface GroupRow {
  readonly key: string;
  readonly pid: number | null;
  readonly program: string | null;
  readonly count: number;
  readonly states: readonly (readonly [state: string, count: number])[];
  readonly rxRate: number | null;
  readonly txRate: number | null;
  /** Any of its sockets new since the last refresh. */
  readonly hasNew: boolean;
}

export const sortColumns = ['local', 'remote', 'state', 'proto', 'recvQ', 'sendQ', 'rx', 'tx', 'program'] as const;
export type SortColumn = (typeof sortColumns)[number];

/** Columns where bigger is more interesting: they sort descending until reversed, like top. */
const descendingFirst: ReadonlySet<SortColumn> = new Set(['recvQ', 'sendQ', 'rx', 'tx']);

/** What the ▲/▼ mark sits on, and which way: the grouped view orders by socket count unless by rate or name. */
export function sortIndicator(column: SortColumn, grouped: boolean, reverse: boolean): { readonly column: string; readonly descending: boolean } {
  if (grouped) {
    const byCount = column !== 'rx' && column !== 'tx' && column !== 'program';
    return { column: byCount ? 'count' : column, descending: (column !== 'program') !== reverse };
  }
  return { column, descending: descendingFirst.has(column) !== reverse };
}

/** `1234/nginx`, `-` when the owner is unknown. */
export function formatOwner(pid: number | null, program: string | null): string {
  if (pid === null) return '-';
  return program ? `${pid}/${program}` : String(pid);
}

/**
 * Current rows marked new against the previous refresh, followed by the rows that are gone,
 * which the view shows dimmed once. The first refresh marks nothing new: everything would be.
 */
export function diffRows(previous: readonly WatchRow[] | null, current: readonly WatchRow[]): DisplayRow[] {
  if (previous === null) return current.map((row) => ({ row, change: 'same' as const }));
  const before = new Set(previous.map((row) => row.key));
  const now = new Set(current.map((row) => row.key));
  const rows: DisplayRow[] = current.map((row) => ({ row, change: before.has(row.key) ? 'same' : 'new' }));
  for (const row of previous) if (!now.has(row.key)) rows.push({ row, change: 'gone' });
  return rows;
}

export type ListeningMode = 'hide' | 'show' | 'only';

export interface RowFilter {
  readonly tcp: boolean;
  readonly udp: boolean;
  readonly listening: ListeningMode;
  /** Case-insensitive text matched against every column; empty matches all. */
  readonly text: string;
}

function searchText({ connection: c, local, remote }: WatchRow): string {
  return `${c.proto} ${c.recvQ ?? ''} ${c.sendQ ?? ''} ${local} ${remote} ${c.state} ${formatOwner(c.pid, c.program)}`.toLowerCase();
}

export function filterRows(rows: readonly DisplayRow[], filter: RowFilter): DisplayRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter((display) => {
    const { connection } = display.row;
    const family = familyOf(connection);
    if (family === 'tcp' && !filter.tcp) return false;
    if (family === 'udp' && !filter.udp) return false;
    const listening = isListening(connection);
    if (filter.listening === 'hide' && listening) return false;
    if (filter.listening === 'only' && !listening) return false;
    return needle === '' || searchText(display.row).includes(needle);
  });
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareNumber = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);

const connectionKeys: Readonly<Record<Exclude<SortColumn, 'rx' | 'tx'>, SortKey>> = {
  local: 'local',
  remote: 'remote',
  state: 'state',
  proto: 'proto',
  recvQ: 'recvQ',
  sendQ: 'sendQ',
  program: 'program',
};

function endAddress(c: Connection, end: 'local' | 'remote'): string {
  if (c.proto === 'unix') return end === 'local' ? (c.path ?? '') : '';
  return c[end].address;
}

const endPort = (c: Connection, end: 'local' | 'remote') => (c.proto === 'unix' ? 0 : c[end].port);

/**
 * Addresses compare by code unit here, not by locale as the one-shot sort does: they are ASCII, and
 * the live view sorts every row on every refresh, with both ends as tie-breakers (10,000 rows: 4× faster).
 */
function compareEnd(a: Connection, b: Connection, end: 'local' | 'remote'): number {
  return compareText(endAddress(a, end), endAddress(b, end)) || endPort(a, end) - endPort(b, end);
}

function compareColumn(column: SortColumn, a: WatchRow, b: WatchRow): number {
  switch (column) {
    case 'rx':
      return compareNumber(a.rxRate, b.rxRate);
    case 'tx':
      return compareNumber(a.txRate, b.txRate);
    case 'local':
    case 'remote':
      return compareEnd(a.connection, b.connection, column);
    default:
      return compareConnections(a.connection, b.connection, connectionKeys[column]);
  }
}

/** Sorted by the column (numbers descending first), ties broken by local then remote end so rows keep still. */
export function sortRows(rows: readonly DisplayRow[], column: SortColumn, reverse: boolean): DisplayRow[] {
  const direction = (descendingFirst.has(column) ? -1 : 1) * (reverse ? -1 : 1);
  // The tie-breakers, less the column itself (sorting 10,000 rows every second, each compare counts).
  const ties = (['local', 'remote'] as const).filter((tie) => tie !== column);
  return [...rows].sort((x, y) => {
    const primary = direction * compareColumn(column, x.row, y.row);
    if (primary !== 0) return primary;
    for (const tie of ties) {
      const order = compareColumn(tie, x.row, y.row);
      if (order !== 0) return order;
    }
    return compareText(x.row.key, y.row.key);
  });
}

const addRate = (sum: number | null, rate: number | null) => (rate === null ? sum : (sum ?? 0) + rate);

/** One row per owning process (unknown owners together as `-`); gone sockets do not count. */
export function groupRows(rows: readonly DisplayRow[], column: SortColumn, reverse: boolean): GroupRow[] {
  const groups = new Map<string, { pid: number | null; program: string | null; states: Map<string, number>; count: number; rx: number | null; tx: number | null; hasNew: boolean }>();
  for (const { row, change } of rows) {
    if (change === 'gone') continue;
    const { pid, program, state } = row.connection;
    const key = formatOwner(pid, program);
    let group = groups.get(key);
    if (!group) {
      group = { pid, program, states: new Map(), count: 0, rx: null, tx: null, hasNew: false };
      groups.set(key, group);
    }
    group.count++;
    group.states.set(state, (group.states.get(state) ?? 0) + 1);
    group.rx = addRate(group.rx, row.rxRate);
    group.tx = addRate(group.tx, row.txRate);
    group.hasNew ||= change === 'new';
  }
  const result: GroupRow[] = [...groups].map(([key, g]) => ({
    key,
    pid: g.pid,
    program: g.program,
    count: g.count,
    states: [...g.states].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])),
    rxRate: g.rx,
    txRate: g.tx,
    hasNew: g.hasNew,
  }));
  const byName = (a: GroupRow, b: GroupRow) => compareText(a.program ?? '\uffff', b.program ?? '\uffff') || compareNumber(a.pid, b.pid);
  const primary = (a: GroupRow, b: GroupRow): number => {
    switch (column) {
      case 'rx':
        return -compareNumber(a.rxRate, b.rxRate);
      case 'tx':
        return -compareNumber(a.txRate, b.txRate);
      case 'program':
        return byName(a, b);
      default:
        return b.count - a.count;
    }
  };
  const direction = reverse ? -1 : 1;
  return result.sort((a, b) => direction * primary(a, b) || byName(a, b));
}

export interface RowCounts {
  readonly states: readonly (readonly [string, number])[];
  readonly protocols: readonly (readonly [string, number])[];
}

const byCount = (counts: ReadonlyMap<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));

/** The header's totals over the whole snapshot, whatever the filter shows; biggest first. */
export function countRows(rows: readonly WatchRow[]): RowCounts {
  const { byState, byProto } = countConnections(rows.map((row) => row.connection));
  return { states: byCount(byState), protocols: byCount(byProto) };
}
