/** Parsing of /proc/net/{tcp,tcp6,udp,udp6,unix}. Pure: text in, rows out; never reads a file itself. */
import { formatIPv6Bytes } from './ipv6.js';
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

/** `0100007F` → `127.0.0.1` (on little-endian hosts); 32 hex digits → an IPv6 address. */
export function decodeProcAddress(hex: string, littleEndian: boolean): string {
  const bytes = addressBytes(hex, littleEndian);
  return bytes.length === 4 ? bytes.join('.') : formatIPv6Bytes(bytes);
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
 * The general form, for lines the fixed-width reader below does not take.
 */
const inetLine =
  /^ *\d+: ([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) ([0-9A-Fa-f]{1,16}):([0-9A-Fa-f]{1,16}) \S+ \S+ +(\d+) +\S+ (\d+)(?= |$)/gm;

/** The fields of one line, as numbers; the addresses as offsets into the text. */
interface InetFields {
  local: number;
  localPort: number;
  remote: number;
  remotePort: number;
  state: number;
  sendQ: number;
  recvQ: number;
  uid: number;
  inode: number;
}

/**
 * The kernel's own layout (tcp4_seq_show, udp4_format_sock): the general form above with its fixed
 * widths, %08X or 32-digit addresses, %04X ports, %02X state, %08X:%08X queues. Sticky, and without
 * captures: `test` allocates nothing, and the fields are then read at known offsets.
 */
const kernelLine = (hexLength: number) =>
  new RegExp(
    ` *\\d+: [0-9A-Fa-f]{${hexLength}}:[0-9A-Fa-f]{4} [0-9A-Fa-f]{${hexLength}}:[0-9A-Fa-f]{4} [0-9A-Fa-f]{2} [0-9A-Fa-f]{8}:[0-9A-Fa-f]{8} \\S+ \\S+ +\\d+ +\\S+ \\d+(?= |$)`,
    'my',
  );

/**
 * Reads a line that `kernelLine` matched at `start`: fixed offsets up to the queues, then the
 * whitespace-separated uid and inode. Numbers come from parseInt on short slices, which die young.
 * 10,000 rows, cold (one run per process, as netstat runs): a median of 38 ms of CPU with the
 * general regex's nine captures per line, 29 ms so; a char-code scanner of the whole line, which made
 * far less garbage, took 45–56 ms while the interpreter ran it (bench/RESULTS.md, netstat).
 */
function readKernelLine(text: string, start: number, end: number, h: number, out: InetFields): void {
  let at = text.indexOf(':', start) + 2;
  out.local = at;
  out.localPort = Number.parseInt(text.slice(at + h + 1, at + h + 5), 16);
  at += h + 6;
  out.remote = at;
  out.remotePort = Number.parseInt(text.slice(at + h + 1, at + h + 5), 16);
  at += h + 6;
  out.state = Number.parseInt(text.slice(at, at + 2), 16);
  out.sendQ = Number.parseInt(text.slice(at + 3, at + 11), 16);
  out.recvQ = Number.parseInt(text.slice(at + 12, at + 20), 16);
  // tr:tm->when, retrnsmt, then spaces before the uid.
  at = text.indexOf(' ', text.indexOf(' ', at + 21) + 1);
  while (text.charCodeAt(at) === 32) at++;
  let next = text.indexOf(' ', at);
  out.uid = Number(text.slice(at, next));
  // Spaces, the timeout, one space, the inode.
  at = next;
  while (text.charCodeAt(at) === 32) at++;
  at = text.indexOf(' ', at) + 1;
  // The inode's digits end at a space or a line end (which may be a \r: the pattern's $).
  next = at;
  while (next < end && text.charCodeAt(next) >= 48 && text.charCodeAt(next) <= 57) next++;
  out.inode = Number(text.slice(at, next));
}

/** Whether a line carries something: it is not blank and not the header (whose first word is `sl`). */
function isRow(text: string, start: number, end: number): boolean {
  let first = start;
  while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
  return first < end && !text.startsWith('sl ', first);
}

/** Lines of /proc/net/tcp, tcp6, udp or udp6; the header is skipped, malformed lines counted. */
export function parseProcNetInet(text: string, proto: InetProto, options: InetParseOptions): ParsedTable<InetConnection> {
  const connections: InetConnection[] = [];
  const hexLength = isIpv6Proto(proto) ? 32 : 8;
  // Loopback and wildcard addresses repeat on thousands of lines: decode each once, and the line
  // before's again without even a lookup.
  const addresses = new Map<string, string>();
  let lastHex = '';
  let lastAddress = '';
  const address = (hex: string) => {
    if (hex === lastHex) return lastAddress;
    let decoded = addresses.get(hex);
    if (decoded === undefined) {
      decoded = decodeProcAddress(hex, options.littleEndian);
      addresses.set(hex, decoded);
    }
    lastHex = hex;
    lastAddress = decoded;
    return decoded;
  };
  // The kernel hands the table out a page at a time; a socket that moves in its hash table between
  // two reads is listed twice. A socket is its two ends plus its inode (0 for TIME_WAIT, whose
  // ends are unique anyway), so a repeat of all three is the same socket again, not a new one.
  // Most rows have an inode of their own: only rows sharing one (or none) need the whole identity.
  const firstByInode = new Map<number, InetConnection>();
  const seen = new Set<string>();
  const identity = (c: InetConnection) => `${c.local.address} ${c.local.port} ${c.remote.address} ${c.remote.port} ${c.inode}`;
  let repeated = 0;
  const add = (c: InetConnection) => {
    const first = c.inode === 0 ? undefined : firstByInode.get(c.inode);
    if (c.inode !== 0 && first === undefined) {
      firstByInode.set(c.inode, c);
    } else {
      if (first !== undefined) seen.add(identity(first));
      const key = identity(c);
      if (seen.has(key)) {
        repeated++;
        return;
      }
      seen.add(key);
    }
    connections.push(c);
  };
  const row = (local: string, localPort: number, remote: string, remotePort: number, state: SocketState, f: InetFields): InetConnection => ({
    proto,
    local: { address: address(local), port: localPort },
    remote: { address: address(remote), port: remotePort },
    state,
    recvQ: f.recvQ,
    sendQ: f.sendQ,
    inode: f.inode,
    uid: f.uid,
    pid: null,
    program: null,
  });
  const fields: InetFields = { local: 0, localPort: 0, remote: 0, remotePort: 0, state: 0, sendQ: 0, recvQ: 0, uid: 0, inode: 0 };
  const pattern = new RegExp(inetLine);
  const kernel = kernelLine(hexLength);
  /** Lines with something on them: each is a connection, a repeat, or malformed. */
  let rows = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    kernel.lastIndex = start;
    if (kernel.test(text)) {
      rows++;
      readKernelLine(text, start, end, hexLength, fields);
      const state = decodeInetState(fields.state, proto);
      if (state) {
        const local = text.slice(fields.local, fields.local + hexLength);
        const remote = text.slice(fields.remote, fields.remote + hexLength);
        add(row(local, fields.localPort, remote, fields.remotePort, state, fields));
      }
    } else {
      if (isRow(text, start, end)) rows++;
      // Whatever the regex finds on this line alone: a match never spans a newline, so this is what
      // it finds here running over the whole text.
      const line = text.slice(start, end);
      pattern.lastIndex = 0;
      // Indexing the match, not destructuring it: array destructuring walks an iterator per line.
      for (let m = pattern.exec(line); m !== null; m = pattern.exec(line)) {
        const local = m[1]!;
        const remote = m[3]!;
        const state = decodeInetState(Number.parseInt(m[5]!, 16), proto);
        if (local.length !== hexLength || remote.length !== hexLength || !state) continue;
        fields.recvQ = Number.parseInt(m[7]!, 16);
        fields.sendQ = Number.parseInt(m[6]!, 16);
        fields.inode = Number(m[9]);
        fields.uid = Number(m[8]);
        add(row(local, Number.parseInt(m[2]!, 16), remote, Number.parseInt(m[4]!, 16), state, fields));
      }
    }
    start = end + 1;
  }
  return { connections, malformed: rows - connections.length - repeated };
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
  const seenInodes = new Set<number>();
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
    const inode = Number(match[6]);
    if (inode !== 0 && seenInodes.has(inode)) continue; // listed twice across a page boundary, as above
    seenInodes.add(inode);
    connections.push({
      proto: 'unix',
      type,
      path: match[7] === undefined || match[7] === '' ? null : match[7],
      state,
      recvQ: null,
      sendQ: null,
      inode,
      uid: null,
      pid: null,
      program: null,
    });
  }
  return { connections, malformed };
}
