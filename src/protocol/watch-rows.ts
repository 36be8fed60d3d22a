/** Rows of the live connection view: snapshot diff, groups per process or remote host, counts. Pure: no clock, no I/O. */
import { countConnections } from './connection-filter.js';
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

/** What the rows are grouped by: `g` steps through these. */
export type GroupBy = 'none' | 'process' | 'remote';

/** What the ▲/▼ mark sits on, and which way: the grouped view orders by socket count unless by rate or name. */
export function sortIndicator(column: string, grouped: boolean, reverse: boolean, descendingFirst = false): { readonly column: string; readonly descending: boolean } {
  if (grouped) {
    const byCount = column !== 'rx' && column !== 'tx' && column !== 'program';
    return { column: byCount ? 'count' : column, descending: (column !== 'program') !== reverse };
  }
  return { column, descending: descendingFirst !== reverse };
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

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareNumber = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);

/** The host part of an end as shown (`example.com:https` → `example.com`, `[::1]:22` → `[::1]`). */
export function hostOf(end: string): string {
  const colon = end.lastIndexOf(':');
  return colon > 0 ? end.slice(0, colon) : end;
}

/** What a row is counted under when grouped: its owning process, or the host at its other end. */
function groupKey(row: WatchRow, by: Exclude<GroupBy, 'none'>): string {
  const c = row.connection;
  if (by === 'process') return formatOwner(c.pid, c.program);
  if (c.proto === 'unix' || c.remote.port === 0) return '*';
  return hostOf(row.remote);
}

const addRate = (sum: number | null, rate: number | null) => (rate === null ? sum : (sum ?? 0) + rate);

/**
 * One row per owning process (unknown owners together as `-`) or per remote host (listening and
 * unconnected sockets together as `*`); gone sockets do not count.
 */
export function groupRows(rows: readonly DisplayRow[], column: string, reverse: boolean, by: Exclude<GroupBy, 'none'> = 'process'): GroupRow[] {
  const groups = new Map<string, { pid: number | null; program: string | null; states: Map<string, number>; count: number; rx: number | null; tx: number | null; hasNew: boolean }>();
  for (const { row, change } of rows) {
    if (change === 'gone') continue;
    const { state } = row.connection;
    const key = groupKey(row, by);
    const pid = by === 'process' ? row.connection.pid : null;
    const program = by === 'process' ? row.connection.program : null;
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
  const byName = (a: GroupRow, b: GroupRow) =>
    compareText(a.program ?? '\uffff', b.program ?? '\uffff') || compareNumber(a.pid, b.pid) || compareText(a.key, b.key);
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

/** Counts per state and per protocol, biggest first. */
export function countRows(rows: readonly WatchRow[]): RowCounts {
  const { byState, byProto } = countConnections(rows.map((row) => row.connection));
  return { states: byCount(byState), protocols: byCount(byProto) };
}

/** The rows shown, counted in one pass (10,000 rows every refresh): gone rows left out. */
export function countShown(rows: readonly DisplayRow[]): { readonly counts: RowCounts; readonly shown: number } {
  const byState = new Map<string, number>();
  const byProto = new Map<string, number>();
  let shown = 0;
  for (const { row, change } of rows) {
    if (change === 'gone') continue;
    shown++;
    const c = row.connection;
    byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
    byProto.set(c.proto, (byProto.get(c.proto) ?? 0) + 1);
  }
  return { counts: { states: byCount(byState), protocols: byCount(byProto) }, shown };
}
