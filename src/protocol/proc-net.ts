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
 * One line of /proc/net/tcp, tcp6, udp or udp6 (net/ipv4/tcp_ipv4.c tcp4_seq_show, net/ipv4/udp.c
 * udp4_format_sock): `sl: local remote st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...`.
 * One regular expression over the whole text: irregexp runs it as native code from the first line,
 * where a hand-written loop would start out interpreted (bench/netstat.mjs, 10,000 rows).
 */
const inetLine =
  /^ *\d+: ([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) ([0-9A-Fa-f]{1,16}):([0-9A-Fa-f]{1,16}) \S+ \S+ +(\d+) +\S+ (\d+)(?= |$)/gm;

/** Lines that carry something: not blank and not the header (whose first word is `sl`). */
function countRows(text: string): number {
  let rows = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let first = start;
    while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    if (first < end && !text.startsWith('sl ', first)) rows++;
    start = end + 1;
  }
  return rows;
}

/** Lines of /proc/net/tcp, tcp6, udp or udp6; the header is skipped, malformed lines counted. */
export function parseProcNetInet(text: string, proto: InetProto, options: InetParseOptions): ParsedTable<InetConnection> {
  const connections: InetConnection[] = [];
  const hexLength = isIpv6Proto(proto) ? 32 : 8;
  // Loopback and wildcard addresses repeat on thousands of lines: decode each once.
  const addresses = new Map<string, string>();
  const address = (hex: string) => {
    let decoded = addresses.get(hex);
    if (decoded === undefined) {
      decoded = decodeProcAddress(hex, options.littleEndian);
      addresses.set(hex, decoded);
    }
    return decoded;
  };
  const pattern = new RegExp(inetLine);
  // Indexing the match, not destructuring it: array destructuring walks an iterator per line.
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const local = m[1]!;
    const remote = m[3]!;
    const state = decodeInetState(Number.parseInt(m[5]!, 16), proto);
    if (local.length !== hexLength || remote.length !== hexLength || !state) continue;
    connections.push({
      proto,
      local: { address: address(local), port: Number.parseInt(m[2]!, 16) },
      remote: { address: address(remote), port: Number.parseInt(m[4]!, 16) },
      state,
      recvQ: Number.parseInt(m[7]!, 16),
      sendQ: Number.parseInt(m[6]!, 16),
      inode: Number(m[9]),
      uid: Number(m[8]),
      pid: null,
      program: null,
    });
  }
  return { connections, malformed: countRows(text) - connections.length };
}

const unixTypes: Record<number, UnixSocketType> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };
/** include/uapi/linux/net.h socket_state; SS_FREE (0) is never printed. */
const unixStates: Record<number, SocketState> = { 1: 'UNCONN', 2: 'CONNECTING', 3: 'ESTABLISHED', 4: 'DISCONNECTING' };
/** __SO_ACCEPTCON in the Flags column: the socket is listening (net/unix/af_unix.c unix_seq_show). */
const ACCEPTCON = 0x10000;

/** `Num: RefCount Protocol Flags Type St Inode [Path]` (net/unix/af_unix.c unix_seq_show). */
const unixLine = /^[0-9a-fA-F]+: +([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{8}) ([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) +(\d+)(?: (.*))?$/;

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
    const match = unixLine.exec(line);
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
