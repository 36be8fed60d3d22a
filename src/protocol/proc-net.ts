/** Parsing of /proc/net/{tcp,tcp6,udp,udp6,unix}. Pure: text in, rows out; never reads a file itself. */
import {
  tcpStateNames,
  type InetConnection,
  type InetProto,
  type SocketState,
  type UnixConnection,
  type UnixSocketType,
} from './connection.js';

export interface ParsedTable<T> {
  readonly connections: T[];
  /** Lines that did not have the kernel's shape, skipped rather than guessed at. */
  readonly malformed: number;
}

export interface InetParseOptions {
  /**
   * The kernel prints each 32-bit word of an address with %08X, i.e. in the host's byte order
   * (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock): on little-endian
   * machines the bytes of every word come out reversed. Ports are printed after ntohs, so never.
   */
  readonly littleEndian: boolean;
}

const endpointPattern = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/;
const hexPattern = /^[0-9A-Fa-f]+$/;
const decimalPattern = /^\d+$/;

/** Whitespace-separated fields of a line, at most `max` of them; what follows is left unread. */
function fields(line: string, max: number): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (out.length < max) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && line.charCodeAt(j) !== 32) j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

/** The 16 (or 4) bytes of an address printed as native-endian 32-bit words. */
function addressBytes(hex: string, littleEndian: boolean): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    for (let k = 0; k < 4; k++) {
      const at = word + (littleEndian ? 6 - 2 * k : 2 * k);
      bytes.push(Number.parseInt(hex.slice(at, at + 2), 16));
    }
  }
  return bytes;
}

/**
 * An IPv6 address as inet_ntop(3) writes it (RFC 5952): lower-case hex, the longest run of two or
 * more zero groups as `::`, and the embedded IPv4 forms `::ffff:a.b.c.d` and `::a.b.c.d` dotted.
 */
export function formatIpv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestLength < 2) bestStart = -1;
  const dotted = () => bytes.slice(12).join('.');
  if (bestStart === 0 && (bestLength === 6 || (bestLength === 5 && groups[5] === 0xffff))) {
    return bestLength === 6 ? `::${dotted()}` : `::ffff:${dotted()}`;
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** `0100007F` → `127.0.0.1` (on little-endian hosts); 32 hex digits → an IPv6 address. */
export function decodeProcAddress(hex: string, littleEndian: boolean): string {
  const bytes = addressBytes(hex, littleEndian);
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

function isIpv6Proto(proto: InetProto): boolean {
  return proto === 'tcp6' || proto === 'udp6';
}

/** The state column: a TCP state code; for UDP the kernel's TCP_CLOSE means "not connected". */
export function decodeInetState(code: number, proto: InetProto): SocketState | undefined {
  const name = tcpStateNames[code - 1];
  if (name === 'CLOSE' && (proto === 'udp' || proto === 'udp6')) return 'UNCONN';
  return name;
}

/**
 * Lines of /proc/net/tcp, tcp6, udp or udp6 (the header is skipped). Fields, after `sl:`:
 * local, remote, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode, ...
 */
export function parseProcNetInet(text: string, proto: InetProto, options: InetParseOptions): ParsedTable<InetConnection> {
  const connections: InetConnection[] = [];
  let malformed = 0;
  // Loopback and wildcard addresses repeat on thousands of lines: decode each once.
  const addresses = new Map<string, string>();
  const hexLength = isIpv6Proto(proto) ? 32 : 8;
  const endpoint = (text: string): { address: string; port: number } | undefined => {
    const match = endpointPattern.exec(text);
    if (!match || match[1]!.length !== hexLength) return undefined;
    const hex = match[1]!;
    let address = addresses.get(hex);
    if (address === undefined) {
      address = decodeProcAddress(hex, options.littleEndian);
      addresses.set(hex, address);
    }
    return { address, port: Number.parseInt(match[2]!, 16) };
  };
  let start = 0;
  let first = true;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (first) {
      first = false;
      if (line.includes('local_address')) continue;
    }
    if (line.trim() === '') continue;
    const f = fields(line, 10);
    const local = f.length === 10 && f[0]!.endsWith(':') ? endpoint(f[1]!) : undefined;
    const remote = local && endpoint(f[2]!);
    const queues = f[4]?.split(':');
    const state = remote && hexPattern.test(f[3]!) ? decodeInetState(Number.parseInt(f[3]!, 16), proto) : undefined;
    if (
      !local ||
      !remote ||
      !state ||
      queues?.length !== 2 ||
      !queues.every((q) => q.length > 0 && hexPattern.test(q)) ||
      !decimalPattern.test(f[7]!) ||
      !decimalPattern.test(f[9]!)
    ) {
      malformed++;
      continue;
    }
    connections.push({
      proto,
      local,
      remote,
      state,
      recvQ: Number.parseInt(queues[1]!, 16),
      sendQ: Number.parseInt(queues[0]!, 16),
      inode: Number(f[9]),
      uid: Number(f[7]),
      pid: null,
      program: null,
    });
  }
  return { connections, malformed };
}

const unixTypes: Record<number, UnixSocketType> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };
/** include/uapi/linux/net.h socket_state; SS_FREE (0) is never printed. */
const unixStates: Record<number, SocketState> = { 1: 'UNCONN', 2: 'CONNECTING', 3: 'ESTABLISHED', 4: 'DISCONNECTING' };
/** __SO_ACCEPTCON in the Flags column: the socket is listening (net/unix/af_unix.c unix_seq_show). */
const ACCEPTCON = 0x10000;

/**
 * Lines of /proc/net/unix: `Num: RefCount Protocol Flags Type St Inode [Path]`. The path is the
 * rest of the line after one space and may itself hold spaces; abstract names start with `@`.
 */
export function parseProcNetUnix(text: string): ParsedTable<UnixConnection> {
  const connections: UnixConnection[] = [];
  let malformed = 0;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if ((index === 0 && line.startsWith('Num')) || line.trim() === '') continue;
    const match = /^[0-9a-fA-F]+: +([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) +(\d+)(?: (.*))?$/.exec(line);
    const type = match && unixTypes[Number.parseInt(match[4]!, 16)];
    const flags = match ? Number.parseInt(match[3]!, 16) : 0;
    const state = match && ((flags & ACCEPTCON) !== 0 ? 'LISTEN' : unixStates[Number.parseInt(match[5]!, 16)]);
    if (!match || !type || !state) {
      malformed++;
      continue;
    }
    connections.push({
      proto: 'unix',
      type,
      path: match[7] === undefined || match[7] === '' ? null : match[7],
      state,
      recvQ: null,
      sendQ: null,
      inode: Number(match[6]),
      uid: null,
      pid: null,
      program: null,
    });
  }
  return { connections, malformed };
}
