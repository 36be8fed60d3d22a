/** NETLINK_SOCK_DIAG dump requests (linux/inet_diag.h, linux/unix_diag.h) as bytes. Pure: builds messages, sends nothing. */

/** SOCK_DIAG_BY_FAMILY (linux/sock_diag.h). */
export const sockDiagByFamily = 20;
const nlmRequest = 0x1;
/** NLM_F_ROOT | NLM_F_MATCH: every record, not one. */
const nlmDump = 0x300;
const nlmsgHeaderLength = 16;

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
  const bytes = new Uint8Array(nlmsgHeaderLength + 56);
  const view = new DataView(bytes.buffer);
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
