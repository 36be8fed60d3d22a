/**
 * The tables netstat prints beside its main one: -e's User and Inode columns, and the Unix sockets
 * in their own columns (netstat -x, ss -x) rather than rows of dashes. Strings only.
 */
import type { Connection, InetConnection, UnixConnection } from '../protocol/connection.js';
import { formatSocketTimer, type SocketTimer } from '../protocol/socket-timers.js';
import { connectionColumns, ConnectionCells, type ConnectionTableOptions } from './connections.js';
import { formatTable, type Column } from './table.js';

export interface ExtraColumns {
  /** -e: UID and Inode (ss -e's uid: and ino:). */
  readonly extend: boolean;
  /** -o: the Timer column, netstat -o's `keepalive (7193.31/0/0)`. */
  readonly timer?: (connection: InetConnection) => SocketTimer | undefined;
}

/** netstat's columns plus -e's and -o's, in netstat's order: ... State, UID, Inode, PID/Program, Timer. */
export function formatExtendedTable(connections: readonly InetConnection[], options: ConnectionTableOptions, extra: ExtraColumns): string {
  const cells = new ConnectionCells(options);
  const columns: Column[] = connectionColumns.slice(0, 6);
  if (extra.extend) columns.push({ header: 'UID', align: 'right' }, { header: 'Inode', align: 'right' });
  if (options.owners) columns.push(connectionColumns[6]!);
  if (extra.timer) columns.push({ header: 'Timer' });
  const rows = connections.map((c) => {
    const row = [0, 1, 2, 3, 4, 5].map((i) => cells.text(c, i));
    if (extra.extend) row.push(String(c.uid), String(c.inode));
    if (options.owners) row.push(cells.text(c, 6));
    if (extra.timer) row.push(formatSocketTimer(extra.timer(c)));
    return row;
  });
  return formatTable(columns, rows, { styleHeader: options.palette.heading });
}

/** A Unix socket's peer inode, where the source knows it (sock_diag does; /proc/net/unix does not). */
function peerInode(c: UnixConnection): number | null | undefined {
  return (c as UnixConnection & { readonly peerInode?: number | null }).peerInode;
}

/** Type, State, I-Node, Peer (where known), PID/Program (-p), Path: netstat -x's columns that carry news. */
export function formatUnixTable(connections: readonly UnixConnection[], options: ConnectionTableOptions): string {
  const { palette } = options;
  const peers = connections.some((c) => peerInode(c) !== undefined);
  const columns: Column[] = [{ header: 'Proto' }, { header: 'Type' }, { header: 'State' }, { header: 'I-Node', align: 'right' }];
  if (peers) columns.push({ header: 'Peer', align: 'right' });
  if (options.owners) columns.push({ header: 'PID/Program' });
  columns.push({ header: 'Path' });
  const rows = connections.map((c) => {
    const row = [c.proto, c.type, palette.kind(c.state, c.state), String(c.inode)];
    if (peers) row.push(peerInode(c) == null ? '*' : String(peerInode(c)));
    if (options.owners) row.push(c.pid === null ? '-' : `${c.pid}/${c.program ?? '-'}`);
    row.push(c.path === null ? '*' : palette.address(c.path));
    return row;
  });
  return formatTable(columns, rows, { styleHeader: palette.heading });
}

/** Splits a snapshot's rows into the inet table's and the Unix table's, each in the kernel's order. */
export function splitByFamily(connections: readonly Connection[]): { readonly inet: InetConnection[]; readonly unix: UnixConnection[] } {
  const inet: InetConnection[] = [];
  const unix: UnixConnection[] = [];
  for (const c of connections) {
    if (c.proto === 'unix') unix.push(c);
    else inet.push(c);
  }
  return { inet, unix };
}
