/** The connection and interface tables as text, and their JSON documents. Strings only: no I/O. */
import { transportOf, type Connection, type SocketAddress } from '../protocol/connection.js';
import type { InterfaceInfo } from '../sources/interfaces.js';
import type { Palette } from './palette.js';
import { formatTable, type Column } from './table.js';

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

/** One row per socket, in netstat's columns; Unix sockets show their path and `-` for the queues. */
export function formatConnectionRows(connections: readonly Connection[], options: ConnectionTableOptions): string[][] {
  const { palette } = options;
  return connections.map((c) => {
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
  });
}

export function formatConnectionTable(connections: readonly Connection[], options: ConnectionTableOptions): string {
  const shown = options.owners ? columns : columns.slice(0, -1);
  return formatTable(shown, formatConnectionRows(connections, options), { styleHeader: options.palette.heading });
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
