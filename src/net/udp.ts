/** UDP sockets: resolve, bind a listener, open a connected client, exchange datagrams. Moves bytes; prints nothing. */
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { describeSystemError, InterruptedError, NetworkError, toNettoolError } from '../errors.js';
import { formatHostPort } from '../protocol/address.js';
import { TimeoutError, withDeadline } from './deadline.js';

export interface UdpAddress {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

export interface UdpCallOptions {
  readonly signal: AbortSignal;
  /** How long resolving, binding or connecting may take. */
  readonly timeoutMs: number;
}

/** Settles with `promise`, or rejects when the deadline passes or the signal aborts; `cleanup` runs on every failure. */
function settleWithin<T>(what: string, promise: Promise<T>, { signal, timeoutMs }: UdpCallOptions, cleanup: () => void): Promise<T> {
  return withDeadline<T>(timeoutMs, signal, (resolve, reject) => {
    promise.then(resolve, reject);
    return () => {};
  }).catch((error: unknown) => {
    cleanup();
    if (error instanceof TimeoutError) throw new NetworkError(`${what}: timed out after ${timeoutMs} ms`);
    if (signal.aborted) throw new InterruptedError();
    throw toNettoolError(error);
  });
}

/** An address literal as is; a name through the system resolver (getaddrinfo: /etc/hosts, then DNS), first answer. */
export async function resolveUdpHost(host: string, family: 0 | 4 | 6, options: UdpCallOptions): Promise<{ address: string; family: 4 | 6 }> {
  const literal = isIP(host);
  if (literal === 4 || literal === 6) return { address: host, family: literal };
  const answer = lookup(host, { family }).catch((error: unknown) => {
    throw new NetworkError(`cannot resolve '${host}': ${describeSystemError(error)}`, { cause: error });
  });
  const found = await settleWithin(`resolving '${host}'`, answer, options, () => {});
  return { address: found.address, family: found.family === 6 ? 6 : 4 };
}

function socketAddress(socket: dgram.Socket): UdpAddress {
  const { address, port, family } = socket.address();
  return { address, port, family: family === 'IPv6' ? 6 : 4 };
}

function bindSocket(type: 'udp4' | 'udp6', address: string, port: number, options: UdpCallOptions): Promise<dgram.Socket> {
  // ipv6Only false: `::` takes IPv4 senders too (as IPv4-mapped addresses), as nc and inetd do on Linux.
  const socket = dgram.createSocket({ type, ipv6Only: false });
  const bound = new Promise<dgram.Socket>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
  return settleWithin(`bind ${formatHostPort(address, port)}`, bound, options, () => socket.close());
}

const noIpv6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);

/**
 * Binds a UDP socket on `host` (already resolved) or, without one, on `::` for both families,
 * falling back to 0.0.0.0 where the host has no IPv6.
 */
export async function openUdpListener(host: { address: string; family: 4 | 6 } | undefined, port: number, options: UdpCallOptions): Promise<{ socket: dgram.Socket; local: UdpAddress }> {
  let socket: dgram.Socket;
  try {
    if (host) {
      socket = await bindSocket(host.family === 6 ? 'udp6' : 'udp4', host.address, port, options);
    } else {
      try {
        socket = await bindSocket('udp6', '::', port, options);
      } catch (error) {
        const code = ((error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException)).code;
        if (!code || !noIpv6.has(code)) throw error;
        socket = await bindSocket('udp4', '0.0.0.0', port, options);
      }
    }
  } catch (error) {
    const failure = toNettoolError(error);
    const code = (failure.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EACCES' && port < 1024) {
      throw new NetworkError(`${failure.message}; ports below 1024 need root or CAP_NET_BIND_SERVICE`, { cause: failure.cause });
    }
    throw failure;
  }
  return { socket, local: socketAddress(socket) };
}

/** A socket connected to one peer: the kernel filters other senders and reports ICMP errors to it. */
export async function openUdpClient(remote: UdpAddress, options: UdpCallOptions): Promise<dgram.Socket> {
  const socket = dgram.createSocket(remote.family === 6 ? 'udp6' : 'udp4');
  const connected = new Promise<dgram.Socket>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(remote.port, remote.address, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
  return settleWithin(`connect ${formatHostPort(remote.address, remote.port)}`, connected, options, () => socket.close());
}

/** Sends one datagram; `port` and `address` only on an unconnected socket. */
export function sendDatagram(socket: dgram.Socket, payload: Uint8Array, port?: number, address?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null) => (error ? reject(error) : resolve());
    if (port === undefined) socket.send(payload, done);
    else socket.send(payload, port, address, done);
  });
}

/** ECONNREFUSED on a connected UDP socket is the kernel passing on an ICMP port unreachable (RFC 1122 §4.1.3.3). */
export function isPortUnreachable(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
}

export interface UdpExchangeOptions {
  readonly signal: AbortSignal;
  /** How long to go on listening after the last datagram went out; 0 = not at all. */
  readonly waitMs: number;
  /** Stop waiting once this many replies came. */
  readonly maxReplies?: number;
  readonly onReply: (payload: Buffer, from: dgram.RemoteInfo) => void;
  /** Called once the source is exhausted, before the wait for replies. */
  readonly onAllSent?: (sent: number, bytes: number) => void;
}

export interface UdpExchangeResult {
  readonly sent: number;
  readonly bytesSent: number;
  readonly replies: number;
}

/**
 * Sends each datagram in order on a connected socket while printing replies as they come, then
 * waits `waitMs` for more. An ICMP port unreachable fails the exchange with `port unreachable`.
 */
export async function udpExchange(socket: dgram.Socket, remote: UdpAddress, datagrams: AsyncIterable<Uint8Array>, options: UdpExchangeOptions): Promise<UdpExchangeResult> {
  let sent = 0;
  let bytesSent = 0;
  let replies = 0;
  let allSent = false;
  let failure: Error | undefined;
  // Whatever is being awaited right now: a failure (ICMP, Ctrl-C) rejects it at once. One at a time, so a
  // long --lines run does not pile up handlers the way racing every step against one promise would.
  let interrupt: ((error: Error) => void) | undefined;
  let finishWait: (() => void) | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    interrupt?.(failure);
  };
  const step = <T>(promise: Promise<T>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      interrupt = reject;
      const settle = () => {
        if (interrupt === reject) interrupt = undefined;
      };
      promise.then(
        (value) => (settle(), resolve(value)),
        (error: unknown) => (settle(), reject(error)),
      );
    });
  };
  const target = formatHostPort(remote.address, remote.port);
  const onError = (error: Error) =>
    fail(isPortUnreachable(error) ? new NetworkError(`port unreachable: nothing listens on ${target}/udp (ICMP port unreachable)`, { cause: error }) : toNettoolError(error));
  const onMessage = (payload: Buffer, from: dgram.RemoteInfo) => {
    replies++;
    options.onReply(payload, from);
    if (allSent && options.maxReplies !== undefined && replies >= options.maxReplies) finishWait?.();
  };
  const onAbort = () => fail(new InterruptedError());
  socket.on('error', onError);
  socket.on('message', onMessage);
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  let timer: NodeJS.Timeout | undefined;
  const iterator = datagrams[Symbol.asyncIterator]();
  try {
    for (let next = await step(iterator.next()); !next.done; next = await step(iterator.next())) {
      await step(sendDatagram(socket, next.value).catch(onError));
      if (failure) throw failure;
      sent++;
      bytesSent += next.value.length;
    }
    allSent = true;
    options.onAllSent?.(sent, bytesSent);
    // Nothing sent (an empty stdin): nothing to wait for.
    if (sent > 0 && options.waitMs > 0 && (options.maxReplies === undefined || replies < options.maxReplies)) {
      await step(
        new Promise<void>((resolve) => {
          finishWait = resolve;
          timer = setTimeout(resolve, options.waitMs);
        }),
      );
    }
    if (failure) throw failure;
    return { sent, bytesSent, replies };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
    socket.off('message', onMessage);
    socket.off('error', onError);
    // The caller owns and closes the socket; an ICMP error arriving before it does must not go unhandled.
    socket.on('error', () => {});
    // Not awaited: a generator suspended on a stdin that never ends would hold the return forever.
    if (!allSent) void iterator.return?.(undefined).catch(() => {});
  }
}
