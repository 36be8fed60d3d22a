/** The connection and interface tables as text, and their JSON documents. Strings only: no I/O. */
import { transportOf, type Connection, type SocketAddress } from '../protocol/connection.js';
import type { InterfaceInfo } from '../sources/interfaces.js';
import type { Palette } from './palette.js';
import { formatTable, type Column } from './table.js';
import { displayWidth } from './width.js';

export interface ConnectionTableOptions {
  readonly palette: Palette;
  /** -p: the PID/Program column. */
  readonly owners: boolean;
  /** The service name of a port, or undefined to print the number (-n passes none). */
  readonly serviceName?: (port: number, transport: 'tcp' | 'udp') => string | undefined;
  /** A host name for an address (--resolve), or undefined to print the address. */
  readonly hostName?: (address: string) => string | undefined;
}

const wildcards = new Set(['0.0.0.0', '::']);

/** `127.0.0.1:ssh`, `[::1]:8080`, `0.0.0.0:*` (the live view shows its ends with this too). */
export function formatEndpoint(end: SocketAddress, transport: 'tcp' | 'udp', options: ConnectionTableOptions): string {
  const { palette } = options;
  const name = wildcards.has(end.address) ? undefined : options.hostName?.(end.address);
  const host = name ?? (end.address.includes(':') ? `[${end.address}]` : end.address);
  const port = end.port === 0 ? '*' : (options.serviceName?.(end.port, transport) ?? String(end.port));
  return `${palette.address(host)}:${palette.port(port)}`;
}

function ownerCell(connection: Connection): string {
  return connection.pid === null ? '-' : `${connection.pid}/${connection.program ?? '-'}`;
}

const columns: readonly Column[] = [
  { header: 'Proto' },
  { header: 'Recv-Q', align: 'right' },
  { header: 'Send-Q', align: 'right' },
  { header: 'Local Address' },
  { header: 'Foreign Address' },
  { header: 'State' },
  { header: 'PID/Program' },
];

/** The cells of one row, in netstat's columns; Unix sockets show their path and `-` for the queues. */
export function formatConnectionRow(c: Connection, options: ConnectionTableOptions): string[] {
  const { palette } = options;
  const state = palette.kind(c.state, c.state);
  const row =
    c.proto === 'unix'
      ? ['unix', '-', '-', c.path === null ? '*' : palette.address(c.path), '*', state]
      : [
          c.proto,
          String(c.recvQ),
          String(c.sendQ),
          formatEndpoint(c.local, transportOf(c.proto), options),
          formatEndpoint(c.remote, transportOf(c.proto), options),
          state,
        ];
  if (options.owners) row.push(ownerCell(c));
  return row;
}

const blanks = ' '.repeat(128);
const spaces = (n: number) => (n <= 0 ? '' : n <= blanks.length ? blanks.slice(0, n) : ' '.repeat(n));

/**
 * The aligned table, as formatTable lays it out, tuned for a host with 10,000 sockets
 * (bench/netstat.mjs): a first pass measures the cells and drops them, a second formats them again
 * and joins 500 lines at a time, so that few strings live long enough for the garbage collector to
 * copy them. Cells are never empty, so lines carry no trailing spaces.
 */
export function formatConnectionTable(connections: readonly Connection[], options: ConnectionTableOptions): string {
  const shown = options.owners ? columns : columns.slice(0, -1);
  const count = shown.length;
  const right = shown.map((column) => column.align === 'right');
  // Without colour, a cell's length is its width, but for a Unix path or a program name that is not
  // plain ASCII. Knowing which cells those are spares scanning (and flattening) every other cell.
  const widthOf = (connection: Connection | null, i: number, cell: string): number => {
    if (options.palette.enabled) return displayWidth(cell);
    if (connection === null) return cell.length;
    const wide = i === 6 ? connection.program : i === 3 && connection.proto === 'unix' ? connection.path : null;
    return wide === null || isPlainAscii(wide) ? cell.length : displayWidth(cell);
  };
  const widths = shown.map((column) => column.header.length);
  for (const connection of connections) {
    const cells = formatConnectionRow(connection, options);
    for (let i = 0; i < count; i++) widths[i] = Math.max(widths[i]!, widthOf(connection, i, cells[i]!));
  }
  const line = (connection: Connection | null, cells: readonly string[]) => {
    let text = '';
    for (let i = 0; i < count; i++) {
      const cell = cells[i]!;
      const last = i === count - 1;
      const fill = last && !right[i] ? '' : spaces(widths[i]! - widthOf(connection, i, cell));
      text += (i === 0 ? '' : '  ') + (right[i] ? fill + cell : cell + fill);
    }
    return text;
  };
  const chunks = [`${options.palette.heading(line(null, shown.map((column) => column.header)))}\n`];
  for (let start = 0; start < connections.length; start += 500) {
    const lines: string[] = [];
    for (const connection of connections.slice(start, start + 500)) lines.push(line(connection, formatConnectionRow(connection, options)));
    chunks.push(`${lines.join('\n')}\n`);
  }
  return chunks.join('');
}

/** Printable ASCII only, where a string's length is its width on a terminal. */
function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** name, state, MTU, MAC, counters and addresses, one line per address after the first. */
export function formatInterfaceTable(interfaces: readonly InterfaceInfo[], palette: Palette): string {
  const rows: string[][] = [];
  for (const iface of interfaces) {
    const state = iface.up ? palette.ok(iface.operstate ?? 'up') : palette.warn(iface.operstate ?? 'down');
    const n = (value: number | undefined) => (value === undefined ? '-' : String(value));
    const c = iface.counters ?? undefined;
    const addresses = iface.addresses.map((a) => palette.address(a.prefix === null ? a.address : `${a.address}/${a.prefix}`));
    rows.push([
      palette.name(iface.name),
      state,
      iface.mtu === null ? '-' : String(iface.mtu),
      iface.mac ?? '-',
      n(c?.rxBytes),
      n(c?.rxPackets),
      n(c?.rxErrors),
      n(c?.txBytes),
      n(c?.txPackets),
      n(c?.txErrors),
      addresses[0] ?? palette.dim('-'),
    ]);
    for (const address of addresses.slice(1)) rows.push(['', '', '', '', '', '', '', '', '', '', address]);
  }
  const right = { align: 'right' } as const;
  return formatTable(
    [
      { header: 'Interface' },
      { header: 'State' },
      { header: 'MTU', ...right },
      { header: 'MAC' },
      { header: 'RX-Bytes', ...right },
      { header: 'RX-Pkts', ...right },
      { header: 'RX-Err', ...right },
      { header: 'TX-Bytes', ...right },
      { header: 'TX-Pkts', ...right },
      { header: 'TX-Err', ...right },
      { header: 'Addresses' },
    ],
    rows,
    { styleHeader: palette.heading },
  );
}
