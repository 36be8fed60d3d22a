/** Parsing of /proc/net/{tcp,tcp6,udp,udp6,unix}. Pure: text in, rows out; never reads a file itself. */
import {
  tcpStateNames,
  type InetConnection,
  type InetProto,
  type SocketAddress,
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

const SPACE = 32;
const NEWLINE = 10;
const COLON = 58;

/** 0-15 for a hex digit's char code, -1 otherwise. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * A cursor over the text that reads the kernel's fixed vocabulary of fields without slicing
 * strings: a table of 10,000 sockets is 3 MB, and netstat's speed is this loop's (bench/netstat.mjs).
 */
class Scanner {
  position = 0;
  private digits = 0;

  constructor(readonly text: string) {}

  /** Digits the last readHex/readDecimal consumed; 0 means the field was not there. */
  count(): number {
    return this.digits;
  }

  skipSpaces(): void {
    while (this.text.charCodeAt(this.position) === SPACE) this.position++;
  }

  /** Up to `max` hex digits as a number (max ≤ 13 keeps it exact). */
  readHex(max: number): number {
    let value = 0;
    let digits = 0;
    for (let d: number; digits < max && (d = hexValue(this.text.charCodeAt(this.position))) >= 0; digits++) {
      value = value * 16 + d;
      this.position++;
    }
    this.digits = digits;
    return value;
  }

  readDecimal(): number {
    let value = 0;
    let digits = 0;
    for (let c = this.text.charCodeAt(this.position); c >= 48 && c <= 57; c = this.text.charCodeAt(++this.position)) {
      value = value * 10 + (c - 48);
      digits++;
    }
    this.digits = digits;
    return value;
  }

  expect(code: number): boolean {
    if (this.text.charCodeAt(this.position) !== code) return false;
    this.position++;
    return true;
  }

  /** Skips one field and the spaces before the next. */
  skipField(): boolean {
    const start = this.position;
    while (this.position < this.text.length) {
      const c = this.text.charCodeAt(this.position);
      if (c === SPACE || c === NEWLINE) break;
      this.position++;
    }
    this.skipSpaces();
    return this.position > start;
  }

  /** Moves past the next newline (or to the end). */
  nextLine(): void {
    const end = this.text.indexOf('\n', this.position);
    this.position = end < 0 ? this.text.length : end + 1;
  }

  atFieldEnd(): boolean {
    const c = this.text.charCodeAt(this.position);
    return c === SPACE || c === NEWLINE || Number.isNaN(c);
  }
}

/**
 * Lines of /proc/net/tcp, tcp6, udp or udp6 (the header is skipped). Fields, after `sl:`:
 * local, remote, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode, ...
 * (net/ipv4/tcp_ipv4.c tcp4_seq_show, net/ipv4/udp.c udp4_format_sock).
 */
export function parseProcNetInet(text: string, proto: InetProto, options: InetParseOptions): ParsedTable<InetConnection> {
  const connections: InetConnection[] = [];
  let malformed = 0;
  const hexLength = isIpv6Proto(proto) ? 32 : 8;
  // Loopback and wildcard addresses repeat on thousands of lines: decode each once.
  const addresses = new Map<string | number, string>();
  const scanner = new Scanner(text);

  const readEndpoint = (): SocketAddress | undefined => {
    const start = scanner.position;
    let key: string | number;
    if (hexLength === 8) {
      key = scanner.readHex(8);
      if (scanner.count() !== 8) return undefined;
    } else {
      for (let word = 0; word < 4; word++) {
        scanner.readHex(8);
        if (scanner.count() !== 8) return undefined;
      }
      key = text.slice(start, scanner.position);
    }
    if (!scanner.expect(COLON)) return undefined;
    const port = scanner.readHex(4);
    if (scanner.count() !== 4 || !scanner.atFieldEnd()) return undefined;
    let address = addresses.get(key);
    if (address === undefined) {
      address = decodeProcAddress(text.slice(start, start + hexLength), options.littleEndian);
      addresses.set(key, address);
    }
    scanner.skipSpaces();
    return { address, port };
  };

  // The header names its columns; every other line starts with `sl:`.
  if (text.trimStart().startsWith('sl')) scanner.nextLine();
  while (scanner.position < text.length) {
    const lineStart = scanner.position;
    scanner.skipSpaces();
    if (scanner.expect(NEWLINE) || scanner.position >= text.length) continue;
    const row = readInetRow(scanner, readEndpoint, proto);
    if (row) connections.push(row);
    else malformed++;
    if (scanner.position === lineStart) scanner.position++;
    scanner.nextLine();
  }
  return { connections, malformed };
}

/** One line from just after its indentation; undefined when it is not the kernel's shape. */
function readInetRow(scanner: Scanner, readEndpoint: () => SocketAddress | undefined, proto: InetProto): InetConnection | undefined {
  scanner.readDecimal();
  if (scanner.count() === 0 || !scanner.expect(COLON)) return undefined;
  scanner.skipSpaces();
  const local = readEndpoint();
  const remote = local && readEndpoint();
  if (!remote) return undefined;
  const state = decodeInetState(scanner.readHex(2), proto);
  if (scanner.count() !== 2 || !state || !scanner.atFieldEnd()) return undefined;
  scanner.skipSpaces();
  const sendQ = scanner.readHex(13);
  if (scanner.count() === 0 || !scanner.expect(COLON)) return undefined;
  const recvQ = scanner.readHex(13);
  if (scanner.count() === 0 || !scanner.atFieldEnd()) return undefined;
  scanner.skipSpaces();
  if (!scanner.skipField() || !scanner.skipField()) return undefined; // tr:tm->when, retrnsmt
  const uid = scanner.readDecimal();
  if (scanner.count() === 0 || !scanner.atFieldEnd()) return undefined;
  scanner.skipSpaces();
  if (!scanner.skipField()) return undefined; // timeout
  const inode = scanner.readDecimal();
  if (scanner.count() === 0 || !scanner.atFieldEnd()) return undefined;
  return { proto, local, remote, state, recvQ, sendQ, inode, uid, pid: null, program: null };
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
