/**
 * sock_diag dump records (struct inet_diag_msg, struct unix_diag_msg and their attributes) → rows of
 * the connection table, and tcp_info byte counters. Pure: bytes in, rows out. Fields are read where
 * the row is kept, so that a filtered-out socket costs a state and two ports, not a whole decode.
 */
import { type InetConnection, type InetProto, type SocketState, type UnixConnection, type UnixSocketType } from './connection.js';
import { matchesHead, matchesState, type ConnectionFilter } from './connection-filter.js';
import { formatIPv6Bytes } from './ipv6.js';
import { align4, errnoName, NLMSG_DONE, NLMSG_ERROR, nlmsgHeaderLength, splitNetlinkDump } from './netlink.js';
import { decodeInetState } from './proc-net.js';
import type { TcpCounters } from './tcp-info.js';

/** TCP_LISTEN (include/net/tcp_states.h). */
const tcpListen = 10;
/** struct inet_diag_msg: 72 bytes before the attributes. */
const inetDiagMsgLength = 72;
/** struct unix_diag_msg: 16 bytes before the attributes. */
const unixDiagMsgLength = 16;
/** enum inet_diag_attr: INET_DIAG_INFO carries struct tcp_info. */
const INET_DIAG_INFO = 2;
/** Offsets in struct tcp_info (include/uapi/linux/tcp.h) of tcpi_bytes_acked and tcpi_bytes_received (Linux 4.1/4.2). */
const tcpiBytesAcked = 120;
const tcpiBytesReceived = 128;
/** Offsets of tcpi_rtt (microseconds) and tcpi_total_retrans, both u32, in every kernel's tcp_info. */
const tcpiRtt = 68;
const tcpiTotalRetrans = 100;

export interface SockDiagTable<T> {
  readonly connections: T[];
  /** Records too short for their struct, skipped rather than guessed at. */
  readonly malformed: number;
}

export interface InetDiagTable extends SockDiagTable<InetConnection> {
  /** tcp_info byte counters by inode, for the sockets the dump carried INET_DIAG_INFO for (kernels before 4.2 never do). */
  readonly counters: Map<number, TcpCounters>;
}

/** Thrown for a dump that cannot be read at all: the caller falls back to /proc or reports it in one line. */
export class SockDiagError extends Error {}

function messagesOf(bytes: Uint8Array, littleEndian: boolean) {
  const dump = splitNetlinkDump(bytes, littleEndian);
  switch (dump.kind) {
    case 'done':
      return dump.messages;
    case 'error':
      throw new SockDiagError(`the kernel refused the sock_diag request (${errnoName(dump.errno)})`);
    case 'malformed':
      throw new SockDiagError(`malformed sock_diag dump: ${dump.reason}`);
  }
}

function ipv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/** Attributes (struct rtattr: u16 length, u16 type) in [start, end); calls visit(type, payloadStart, payloadEnd). */
function eachAttribute(view: DataView, start: number, end: number, littleEndian: boolean, visit: (type: number, from: number, to: number) => void): boolean {
  let at = start;
  while (end - at >= 4) {
    const length = view.getUint16(at, littleEndian);
    if (length < 4 || length > end - at) return false;
    visit(view.getUint16(at + 2, littleEndian) & 0x3fff, at + 4, at + length);
    at += align4(length);
  }
  return true;
}

export interface InetParseOptions {
  readonly littleEndian: boolean;
  /** Only rows this filter keeps are decoded; none keeps every row. */
  readonly filter?: ConnectionFilter;
}

/**
 * 32-bit words of the dump in the host's order. Netlink aligns every message and attribute to 4
 * bytes; a dump that does not start on a 4-byte boundary in memory is copied once so that it does.
 * Plain indexing, not DataView calls: netstat runs cold, and 10,000 records go by before the JIT
 * has warmed up.
 */
function hostWords(bytes: Uint8Array): { bytes: Uint8Array; words: Uint32Array } {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return { bytes: aligned, words: new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >>> 2) };
}

/** Address text by the address's words, for the rows of one dump: loopback and a server's own address repeat in every row. */
class AddressNames {
  private readonly v4 = new Map<number, string>();
  private readonly v6 = new Map<string, string>();
  constructor(
    private readonly bytes: Uint8Array,
    private readonly words: Uint32Array,
  ) {}

  ipv4(at: number): string {
    const key = this.words[at >>> 2]!;
    let text = this.v4.get(key);
    if (text === undefined) {
      const b = this.bytes;
      text = `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
      this.v4.set(key, text);
    }
    return text;
  }

  ipv6(at: number): string {
    const w = this.words;
    const i = at >>> 2;
    const key = `${w[i]} ${w[i + 1]} ${w[i + 2]} ${w[i + 3]}`;
    let text = this.v6.get(key);
    if (text === undefined) {
      text = formatIPv6Bytes(this.bytes.subarray(at, at + 16));
      this.v6.set(key, text);
    }
    return text;
  }
}

/**
 * The records of one inet dump (one family and protocol). Ports and addresses are in network byte
 * order (struct inet_diag_sockid); the other fields in the host's. Attributes are read only when
 * `tcpInfo` asks for the counters.
 */
export function parseInetDiag(dump: Uint8Array, proto: InetProto, options: InetParseOptions & { readonly tcpInfo?: boolean }): InetDiagTable {
  const { littleEndian, filter } = options;
  const { bytes, words } = hostWords(dump);
  const names = new AddressNames(bytes, words);
  const swap16 = (n: number) => (littleEndian ? n & 0xffff : n >>> 16);
  const v6 = proto === 'tcp6' || proto === 'udp6';
  const family = proto === 'tcp' || proto === 'tcp6' ? 'tcp' : 'udp';
  const connections: InetConnection[] = [];
  const counters = new Map<number, TcpCounters>();
  const view = options.tcpInfo ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  // The filter decided once per state code rather than once per row: a row costs a lookup.
  const states: (SocketState | undefined)[] = [];
  const keepState: boolean[] = [];
  for (let code = 0; code < 256; code++) {
    states.push(decodeInetState(code, proto));
    keepState.push(states[code] !== undefined && (!filter || (filter.families.has(family) && matchesState(filter, states[code]!))));
  }
  const ports = filter?.ports ?? null;
  let malformed = 0;
  // The framing is checked as the records are read (splitNetlinkDump's rules, without an object per
  // message): a dump that is not whole throws, whatever rows were read before.
  let whole = false;
  for (let at = 0; at < bytes.length; ) {
    const length = words[at >>> 2]!;
    const type = bytes.length - at < nlmsgHeaderLength ? 0 : swap16(words[(at >>> 2) + 1]!);
    if (bytes.length - at < nlmsgHeaderLength || length < nlmsgHeaderLength || length > bytes.length - at || type === NLMSG_ERROR) {
      messagesOf(bytes.subarray(at), littleEndian); // throws the reason
    }
    if (type === NLMSG_DONE) {
      whole = true;
      break;
    }
    const next = at + ((length + 3) & ~3);
    const start = at + nlmsgHeaderLength;
    const end = at + length;
    at = next;
    if (end - start < inetDiagMsgLength) {
      malformed++;
      continue;
    }
    const code = bytes[start + 1]!;
    const state = states[code];
    if (state === undefined) {
      malformed++;
      continue;
    }
    if (!keepState[code]) continue;
    const localPort = (bytes[start + 4]! << 8) | bytes[start + 5]!;
    const remotePort = (bytes[start + 6]! << 8) | bytes[start + 7]!;
    if (ports && !ports.has(localPort) && !ports.has(remotePort)) continue;
    const w = start >>> 2;
    const inode = words[w + 17]!;
    const row: InetConnection = {
      proto,
      local: { address: v6 ? names.ipv6(start + 8) : names.ipv4(start + 8), port: localPort },
      remote: { address: v6 ? names.ipv6(start + 24) : names.ipv4(start + 24), port: remotePort },
      state,
      // For a listening socket the kernel puts the accept queue in rqueue and the backlog in wqueue (as ss shows them).
      recvQ: words[w + 14]!,
      sendQ: words[w + 15]!,
      inode,
      uid: words[w + 16]!,
      pid: null,
      program: null,
    };
    connections.push(code === tcpListen && family === 'tcp' ? { ...row, backlog: row.sendQ } : row);
    if (view && end - start > inetDiagMsgLength && inode !== 0) {
      const attributesWhole = eachAttribute(view, start + inetDiagMsgLength, end, littleEndian, (attribute, from, to) => {
        // A tcp_info from a kernel older than the byte counters is shorter: no rates, not an error.
        if (attribute !== INET_DIAG_INFO || to - from < tcpiBytesReceived + 8) return;
        counters.set(inode, {
          bytesAcked: Number(view.getBigUint64(from + tcpiBytesAcked, littleEndian)),
          bytesReceived: Number(view.getBigUint64(from + tcpiBytesReceived, littleEndian)),
          rttMicroseconds: view.getUint32(from + tcpiRtt, littleEndian),
          totalRetransmits: view.getUint32(from + tcpiTotalRetrans, littleEndian),
        });
      });
      if (!attributesWhole) malformed++;
    }
  }
  if (!whole) messagesOf(bytes.subarray(bytes.length), littleEndian); // throws: no NLMSG_DONE
  return { connections, malformed, counters };
}

/** SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET. */
const unixTypes: Readonly<Record<number, UnixSocketType>> = { 1: 'stream', 2: 'dgram', 5: 'seqpacket' };
/** Unix sockets keep a TCP state in sk_state (net/unix/af_unix.c); ss names them the same way. */
function unixState(code: number): SocketState | undefined {
  switch (code) {
    case 1:
      return 'ESTABLISHED';
    case 2:
      return 'CONNECTING';
    case 7:
      return 'UNCONN';
    case 10:
      return 'LISTEN';
    default:
      return undefined;
  }
}

/** enum unix_diag attributes (linux/unix_diag.h). */
const UNIX_DIAG_NAME = 0;
const UNIX_DIAG_PEER = 2;
const UNIX_DIAG_RQLEN = 4;
const UNIX_DIAG_UID = 7;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** sun_path bytes: a leading NUL is the abstract namespace, shown `@name` as /proc/net/unix and ss do. */
function unixPath(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  if (bytes[0] === 0) return `@${latin1.decode(bytes.subarray(1)).replace(/\0/g, '@')}`;
  const nul = bytes.indexOf(0);
  return utf8.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}

export interface UnixParseOptions {
  readonly littleEndian: boolean;
  readonly filter?: ConnectionFilter;
}

/** The records of a unix_diag dump asked for with UDIAG_SHOW_NAME | PEER | RQLEN | UID. */
export function parseUnixDiag(bytes: Uint8Array, options: UnixParseOptions): SockDiagTable<UnixConnection> {
  const { littleEndian, filter } = options;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const connections: UnixConnection[] = [];
  let malformed = 0;
  for (const { start, end } of messagesOf(bytes, littleEndian)) {
    const type = unixTypes[bytes[start + 1]!];
    const state = unixState(bytes[start + 2]!);
    if (end - start < unixDiagMsgLength || type === undefined || state === undefined) {
      malformed++;
      continue;
    }
    if (filter && !matchesHead(filter, 'unix', state, null, null)) continue;
    let path: string | null = null;
    let peer = 0;
    let recvQ: number | null = null;
    let sendQ: number | null = null;
    let uid: number | null = null;
    const whole = eachAttribute(view, start + unixDiagMsgLength, end, littleEndian, (attribute, from, to) => {
      if (attribute === UNIX_DIAG_NAME) path = unixPath(bytes.subarray(from, to)) || null;
      else if (attribute === UNIX_DIAG_PEER && to - from >= 4) peer = view.getUint32(from, littleEndian);
      else if (attribute === UNIX_DIAG_RQLEN && to - from >= 8) {
        recvQ = view.getUint32(from, littleEndian);
        sendQ = view.getUint32(from + 4, littleEndian);
      } else if (attribute === UNIX_DIAG_UID && to - from >= 4) uid = view.getUint32(from, littleEndian);
    });
    if (!whole) {
      malformed++;
      continue;
    }
    connections.push({ proto: 'unix', type, path, state, recvQ, sendQ, inode: view.getUint32(start + 4, littleEndian), uid, peer, pid: null, program: null });
  }
  return { connections, malformed };
}
