/** NETLINK_SOCK_DIAG dump requests (linux/inet_diag.h, linux/unix_diag.h) as bytes. Pure: builds messages, sends nothing. */

/** SOCK_DIAG_BY_FAMILY (linux/sock_diag.h). */
export const sockDiagByFamily = 20;
const nlmRequest = 0x1;
/** NLM_F_ROOT | NLM_F_MATCH: every record, not one. */
const nlmDump = 0x300;
const nlmsgHeaderLength = 16;

import { maxFilteredPairs, type PortPair } from './tcp-info.js';

/** Socket families and protocols as the kernel numbers them. */
export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** The extensions an inet dump may carry (enum inet_diag_attr); a request asks for bit (type - 1). */
export const INET_DIAG_INFO = 2;

/** udiag_show bits (linux/unix_diag.h). */
export const UDIAG_SHOW_NAME = 0x01;
export const UDIAG_SHOW_VFS = 0x02;
export const UDIAG_SHOW_PEER = 0x04;
export const UDIAG_SHOW_RQLEN = 0x10;
export const UDIAG_SHOW_UID = 0x40;

/** Every state bit: 1 << state for the TCP states 1..13 (and the zero bit, harmless). */
export const allStates = 0xffffffff;

export interface InetDumpRequest {
  readonly family: typeof AF_INET | typeof AF_INET6;
  readonly protocol: typeof IPPROTO_TCP | typeof IPPROTO_UDP;
  /** Bit 1 << state of each state wanted (include/net/tcp_states.h). */
  readonly states: number;
  /** Ask for tcp_info (INET_DIAG_INFO): it roughly triples the dump, so only when rates are wanted. */
  readonly tcpInfo?: boolean;
  /** A kernel-side filter (portPairsBytecode): only the sockets it accepts are dumped. */
  readonly bytecode?: Uint8Array;
}

/** INET_DIAG_REQ_BYTECODE, the request attribute that carries a filter program. */
const INET_DIAG_REQ_BYTECODE = 1;
/** inet_diag_bc_op codes (linux/inet_diag.h): a port equal to (Linux 4.16+). */
const INET_DIAG_BC_S_EQ = 11;
const INET_DIAG_BC_D_EQ = 12;

const INET_DIAG_BC_JMP = 1;

/**
 * `(sport = a and dport = b) or ...` as inet_diag bytecode (net/ipv4/inet_diag.c inet_diag_bc_run):
 * each op is 4 bytes, {u8 code, u8 yes, u16 no}, yes and no being forward jumps in bytes; a port test
 * is followed by an op whose `no` holds the port (host order). A run that lands exactly on the end
 * accepts the socket; one that jumps 4 bytes past it rejects it. The kernel's audit (valid_cc) wants
 * every jump target on the chain of `yes` jumps from the start, so a matched pair jumps to the end
 * through a JMP op that the yes chain passes: [sport a][dport b][JMP → end] ... [sport z][dport y].
 * Null for no pairs or too many (as for ss).
 */
export function portPairsBytecode(pairs: readonly PortPair[], littleEndian: boolean): Uint8Array | null {
  const unique = [...new Map(pairs.map((p) => [`${p.localPort}:${p.remotePort}`, p])).values()];
  if (unique.length === 0 || unique.length > maxFilteredPairs) return null;
  const length = unique.length * 20 - 4;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  const op = (at: number, code: number, yes: number, no: number) => {
    bytes[at] = code;
    bytes[at + 1] = yes;
    view.setUint16(at + 2, no, littleEndian);
  };
  const port = (at: number, value: number) => view.setUint16(at + 2, value, littleEndian);
  unique.forEach((pair, i) => {
    const at = i * 20;
    const reject = length - at + 4;
    if (i === unique.length - 1) {
      op(at, INET_DIAG_BC_S_EQ, 8, reject);
      port(at + 4, pair.localPort);
      op(at + 8, INET_DIAG_BC_D_EQ, 8, reject - 8);
      port(at + 12, pair.remotePort);
      return;
    }
    op(at, INET_DIAG_BC_S_EQ, 8, 20);
    port(at + 4, pair.localPort);
    op(at + 8, INET_DIAG_BC_D_EQ, 8, 12);
    port(at + 12, pair.remotePort);
    // JMP always takes `no`: to the end, accepted. Its `yes` only links the chain the audit walks.
    op(at + 16, INET_DIAG_BC_JMP, 4, length - at - 16);
  });
  return bytes;
}

export interface UnixDumpRequest {
  readonly states: number;
  /** UDIAG_SHOW_* bits. */
  readonly show: number;
}

function header(view: DataView, length: number, seq: number, littleEndian: boolean): void {
  view.setUint32(0, length, littleEndian);
  view.setUint16(4, sockDiagByFamily, littleEndian);
  view.setUint16(6, nlmRequest | nlmDump, littleEndian);
  view.setUint32(8, seq >>> 0, littleEndian);
  view.setUint32(12, 0, littleEndian);
}

/** struct nlmsghdr + struct inet_diag_req_v2 (72 bytes); host byte order, as netlink wants. */
export function inetDumpRequest(request: InetDumpRequest, littleEndian: boolean, seq = 1): Uint8Array {
  const filter = request.bytecode;
  const bytes = new Uint8Array(nlmsgHeaderLength + 56 + (filter ? 4 + filter.length : 0));
  const view = new DataView(bytes.buffer);
  if (filter) {
    view.setUint16(72, 4 + filter.length, littleEndian);
    view.setUint16(74, INET_DIAG_REQ_BYTECODE, littleEndian);
    bytes.set(filter, 76);
  }
  header(view, bytes.length, seq, littleEndian);
  bytes[16] = request.family;
  bytes[17] = request.protocol;
  bytes[18] = request.tcpInfo ? 1 << (INET_DIAG_INFO - 1) : 0;
  view.setUint32(20, request.states >>> 0, littleEndian);
  // inet_diag_sockid stays zero: no address filter; cookie 0 is "any".
  return bytes;
}

/** struct nlmsghdr + struct unix_diag_req (40 bytes). */
export function unixDumpRequest(request: UnixDumpRequest, littleEndian: boolean, seq = 1): Uint8Array {
  const bytes = new Uint8Array(nlmsgHeaderLength + 24);
  const view = new DataView(bytes.buffer);
  header(view, bytes.length, seq, littleEndian);
  bytes[16] = AF_UNIX;
  view.setUint32(20, request.states >>> 0, littleEndian);
  view.setUint32(28, request.show >>> 0, littleEndian);
  return bytes;
}
