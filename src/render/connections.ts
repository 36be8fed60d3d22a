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

const columns: readonly Column[] = [
  { header: 'Proto' },
  { header: 'Recv-Q', align: 'right' },
  { header: 'Send-Q', align: 'right' },
  { header: 'Local Address' },
  { header: 'Foreign Address' },
  { header: 'State' },
  { header: 'PID/Program' },
];

const paddings = Array.from({ length: 128 }, (_, n) => ' '.repeat(n));
const spaces = (n: number) => (n <= 0 ? '' : (paddings[n] ?? ' '.repeat(n)));

function digits(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
  return count;
}

/** Printable ASCII only, where a string's length is its width on a terminal. */
function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

const textWidth = (text: string) => (isPlainAscii(text) ? text.length : displayWidth(text));

/** `1234/nginx`, or every holder of a shared socket: `1234/nginx,1240/nginx`; `-` when unknown. */
function ownerText(c: Connection): string {
  if (c.pid === null) return '-';
  if (!c.owners) return `${c.pid}/${c.program ?? '-'}`;
  return c.owners.map((owner) => `${owner.pid}/${owner.program ?? '-'}`).join(',');
}

/**
 * A listener whose accept queue (Recv-Q) has reached its backlog (sock_diag's): once past it the
 * kernel drops new SYNs and completed handshakes (sk_acceptq_is_full). /proc gives no backlog.
 */
export function acceptQueueFull(c: Connection): boolean {
  return c.proto !== 'unix' && c.backlog !== undefined && c.recvQ > 0 && c.recvQ >= c.backlog;
}

/**
 * The cells of rows in netstat's columns, as coloured text and as plain widths. Widths are computed
 * from the data without building the text; each distinct host is formatted and each port's service
 * name looked up once: a host with 10,000 sockets must not wait on its table (bench/netstat.mjs).
 * A live view can keep one per refresh and ask for the cells it draws.
 */
export class ConnectionCells {
  private readonly hosts = new Map<string, string>();
  private readonly overhangs = new Map<string, number>();
  /** Service names by port, tcp then udp; null where the services table has none. Made on first use. */
  private names: [(string | null | undefined)[], (string | null | undefined)[]] | undefined;

  constructor(private readonly options: ConnectionTableOptions) {}

  /** `127.0.0.1`, `[::1]`, or the name --resolve found. */
  host(address: string): string {
    let text = this.hosts.get(address);
    if (text === undefined) {
      const name = wildcards.has(address) ? undefined : this.options.hostName?.(address);
      text = name ?? (address.includes(':') ? `[${address}]` : address);
      this.hosts.set(address, text);
    }
    return text;
  }

  /** `127.0.0.1:80` without colour. */
  plainEndpoint(end: SocketAddress, transport: 'tcp' | 'udp'): string {
    return `${this.host(end.address)}:${this.port(end.port, transport)}`;
  }

  /** How much longer a host's text is than it is wide (a --resolve name in wide characters); 0 for ASCII. */
  hostOverhang(address: string): number {
    let overhang = this.overhangs.get(address);
    if (overhang === undefined) {
      const text = this.host(address);
      overhang = text.length - textWidth(text);
      this.overhangs.set(address, overhang);
    }
    return overhang;
  }

  /** The service name of a port unless -n, looked up once per port. */
  private serviceName(port: number, transport: 'tcp' | 'udp'): string | null {
    if (!this.options.serviceName) return null;
    this.names ??= [new Array<string | null | undefined>(65536), new Array<string | null | undefined>(65536)];
    const names = this.names[transport === 'tcp' ? 0 : 1];
    let name = names[port];
    if (name === undefined) {
      name = this.options.serviceName(port, transport) ?? null;
      names[port] = name;
    }
    return name;
  }

  /** `*` for none, the service name unless -n, else the number. */
  port(port: number, transport: 'tcp' | 'udp'): string {
    return port === 0 ? '*' : (this.serviceName(port, transport) ?? String(port));
  }

  private endpointWidth(end: SocketAddress, transport: 'tcp' | 'udp'): number {
    const port = end.port === 0 ? 1 : (this.serviceName(end.port, transport)?.length ?? digits(end.port));
    return this.host(end.address).length + 1 + port;
  }

  private endpoint(end: SocketAddress, transport: 'tcp' | 'udp'): string {
    const { palette } = this.options;
    return `${palette.address(this.host(end.address))}:${palette.port(this.port(end.port, transport))}`;
  }

  /** Column i's width for this row, without colour. */
  width(c: Connection, i: number): number {
    switch (i) {
      case 0:
        return c.proto.length;
      case 1:
        return c.recvQ === null ? 1 : digits(c.recvQ);
      case 2:
        return c.sendQ === null ? 1 : digits(c.sendQ);
      case 3:
        if (c.proto === 'unix') return c.path === null ? 1 : textWidth(c.path);
        return this.endpointWidth(c.local, transportOf(c.proto));
      case 4:
        return c.proto === 'unix' ? 1 : this.endpointWidth(c.remote, transportOf(c.proto));
      case 5:
        return c.state.length;
      default:
        if (c.owners) return textWidth(ownerText(c));
        return c.pid === null ? 1 : digits(c.pid) + 1 + (c.program === null ? 1 : textWidth(c.program));
    }
  }

  /** Column i's text for this row, coloured. Unix sockets show their path and `-` for the queues. */
  text(c: Connection, i: number): string {
    const { palette } = this.options;
    switch (i) {
      case 0:
        return c.proto;
      case 1:
        if (acceptQueueFull(c)) return palette.warn(String(c.recvQ));
        return c.recvQ === null ? '-' : String(c.recvQ);
      case 2:
        return c.sendQ === null ? '-' : String(c.sendQ);
      case 3:
        if (c.proto === 'unix') return c.path === null ? '*' : palette.address(c.path);
        return this.endpoint(c.local, transportOf(c.proto));
      case 4:
        return c.proto === 'unix' ? '*' : this.endpoint(c.remote, transportOf(c.proto));
      case 5:
        return palette.kind(c.state, c.state);
      default:
        return ownerText(c);
    }
  }
}

/** The cells of one row, coloured, in the table's columns (PID/Program only with `owners`). */
export function formatConnectionRow(connection: Connection, options: ConnectionTableOptions): string[] {
  const cells = new ConnectionCells(options);
  return Array.from({ length: options.owners ? 7 : 6 }, (_, i) => cells.text(connection, i));
}

/**
 * The aligned table, laid out as formatTable lays out others: widths first, then each line built
 * once, joined 500 lines at a time so that few strings live long enough for the garbage collector
 * to copy them. Cells are never empty, so lines carry no trailing spaces. Each row's two ends are
 * built once, as plain text, in the first pass: their widths come from them, and the second pass
 * puts the same strings in the lines (with colour off). 10,000 rows, cold, in one process: a median
 * of 31 ms of CPU when the ends were built again for the lines, 26 ms so (bench/RESULTS.md, netstat).
 */
export function formatConnectionTable(connections: readonly Connection[], options: ConnectionTableOptions): string {
  const cells = new ConnectionCells(options);
  const { palette } = options;
  const count = options.owners ? 7 : 6;
  const shown = columns.slice(0, count);
  const n = connections.length;
  const locals = new Array<string>(n);
  const remotes = new Array<string>(n);
  let [protoWidth, recvWidth, sendWidth, localWidth, remoteWidth, stateWidth, ownerWidth] = shown.map((column) => column.header.length) as [
    number, number, number, number, number, number, number,
  ];
  for (let r = 0; r < n; r++) {
    const c = connections[r]!;
    if (c.proto.length > protoWidth) protoWidth = c.proto.length;
    if (c.recvQ !== null && digits(c.recvQ) > recvWidth) recvWidth = digits(c.recvQ);
    if (c.sendQ !== null && digits(c.sendQ) > sendWidth) sendWidth = digits(c.sendQ);
    let local: number;
    let remote: number;
    if (c.proto === 'unix') {
      locals[r] = c.path ?? '*';
      local = c.path === null ? 1 : textWidth(c.path);
      remotes[r] = '*';
      remote = 1;
    } else {
      const transport = transportOf(c.proto);
      locals[r] = cells.plainEndpoint(c.local, transport);
      local = locals[r]!.length - cells.hostOverhang(c.local.address);
      remotes[r] = cells.plainEndpoint(c.remote, transport);
      remote = remotes[r]!.length - cells.hostOverhang(c.remote.address);
    }
    if (local > localWidth) localWidth = local;
    if (remote > remoteWidth) remoteWidth = remote;
    if (c.state.length > stateWidth) stateWidth = c.state.length;
    if (count === 7 && cells.width(c, 6) > ownerWidth) ownerWidth = cells.width(c, 6);
  }
  const widths = [protoWidth, recvWidth, sendWidth, localWidth, remoteWidth, stateWidth, ownerWidth];
  const header = shown
    .map((column, i) => {
      const fill = i === count - 1 ? '' : spaces(widths[i]! - column.header.length);
      return column.align === 'right' ? fill + column.header : column.header + fill;
    })
    .join('  ');
  const line = (c: Connection, r: number): string => {
    const recv = c.recvQ === null ? '-' : String(c.recvQ);
    const send = c.sendQ === null ? '-' : String(c.sendQ);
    const local = locals[r]!;
    const remote = remotes[r]!;
    const localPad = spaces(localWidth - (c.proto === 'unix' ? textWidth(local) : local.length - cells.hostOverhang(c.local.address)));
    const remotePad = spaces(remoteWidth - (c.proto === 'unix' ? 1 : remote.length - cells.hostOverhang(c.remote.address)));
    const recvCell = palette.enabled && acceptQueueFull(c) ? palette.warn(recv) : recv;
    const text =
      `${c.proto}${spaces(protoWidth - c.proto.length)}  ${spaces(recvWidth - recv.length)}${recvCell}  ${spaces(sendWidth - send.length)}${send}  ` +
      `${palette.enabled ? cells.text(c, 3) : local}${localPad}  ${palette.enabled ? cells.text(c, 4) : remote}${remotePad}  ` +
      palette.kind(c.state, c.state);
    return count === 6 ? text : `${text}${spaces(stateWidth - c.state.length)}  ${cells.text(c, 6)}`;
  };
  const chunks = [`${palette.heading(header)}\n`];
  for (let start = 0; start < n; start += 500) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(start + 500, n); r++) lines.push(line(connections[r]!, r));
    chunks.push(`${lines.join('\n')}\n`);
  }
  return chunks.join('');
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
