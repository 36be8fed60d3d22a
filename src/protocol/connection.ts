/** The connection table's data types and socket state names. Pure: no /proc, no sockets, no colours. */

export type InetProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';
export type Proto = InetProto | 'unix';

/**
 * TCP state codes as the kernel numbers them (include/net/tcp_states.h), named as netstat names them.
 * UDP and Unix sockets reuse a few: a connected UDP socket is ESTABLISHED, an unconnected one UNCONN
 * (the kernel's TCP_CLOSE, which ss calls UNCONN and netstat leaves blank).
 */
export const tcpStateNames = [
  'ESTABLISHED', // 0x01
  'SYN_SENT', // 0x02
  'SYN_RECV', // 0x03
  'FIN_WAIT1', // 0x04
  'FIN_WAIT2', // 0x05
  'TIME_WAIT', // 0x06
  'CLOSE', // 0x07
  'CLOSE_WAIT', // 0x08
  'LAST_ACK', // 0x09
  'LISTEN', // 0x0A
  'CLOSING', // 0x0B
  'NEW_SYN_RECV', // 0x0C
  'BOUND_INACTIVE', // 0x0D (Linux 6.10: bound, neither listening nor connected)
] as const;

export type TcpState = (typeof tcpStateNames)[number];
/** Unconnected UDP and Unix sockets, and the Unix socket states of include/uapi/linux/net.h. */
export type OtherState = 'UNCONN' | 'CONNECTING' | 'DISCONNECTING';
export type SocketState = TcpState | OtherState;

/** Every state a row can carry, in the order they are listed to people. */
export const socketStates: readonly SocketState[] = [...tcpStateNames, 'UNCONN', 'CONNECTING', 'DISCONNECTING'];

export interface SocketAddress {
  /** `127.0.0.1`, `::1`, `::ffff:10.0.0.1`; the wildcard is `0.0.0.0` or `::`. */
  readonly address: string;
  /** 0 where there is none (a listening socket's remote end). */
  readonly port: number;
}

/** Who holds a socket open, where /proc lets us see it. */
export interface SocketOwner {
  /** The lowest PID holding the socket (usually a forked server's parent). */
  readonly pid: number | null;
  readonly program: string | null;
  /** Every process holding the socket, lowest PID first, when more than one does (as ss -p lists them). */
  readonly owners?: readonly { readonly pid: number; readonly program: string | null }[];
}

export interface InetConnection extends SocketOwner {
  readonly proto: InetProto;
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
  readonly state: SocketState;
  readonly recvQ: number;
  readonly sendQ: number;
  /** 0 for sockets no file refers to any more (TIME_WAIT, orphans). */
  readonly inode: number;
  readonly uid: number;
  /**
   * A TCP listener's backlog (listen(2)'s, capped by somaxconn), from sock_diag, which also puts it in
   * sendQ and the accept queue in recvQ, as ss shows them; absent where /proc was read (it has no backlog).
   */
  readonly backlog?: number;
}

export type UnixSocketType = 'stream' | 'dgram' | 'seqpacket';

export interface UnixConnection extends SocketOwner {
  readonly proto: 'unix';
  readonly type: UnixSocketType;
  /** The bound path, `@name` for the abstract namespace, null when unbound. */
  readonly path: string | null;
  readonly state: SocketState;
  /** Queue lengths and the owner's uid come from sock_diag; /proc/net/unix does not carry them (null). */
  readonly recvQ: number | null;
  readonly sendQ: number | null;
  readonly inode: number;
  readonly uid: number | null;
  /** The inode of the socket at the other end (sock_diag), 0 when unconnected; absent where /proc was read. */
  readonly peer?: number;
}

export type Connection = InetConnection | UnixConnection;

/** TCP and UDP over IPv4 or IPv6 alike: the protocol without its family. */
export function transportOf(proto: InetProto): 'tcp' | 'udp' {
  return proto === 'tcp' || proto === 'tcp6' ? 'tcp' : 'udp';
}
