/** A TCP, TLS or Unix stream listener that hands out one peer at a time (nc -l). Moves no data. */
import { lstatSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { InterruptedError, NetworkError, UsageError, describeSystemError } from '../errors.js';
import { formatHostPort, formatPeer } from '../protocol/address.js';

/** A port with a host, or without one for every address of both families; or a Unix socket path. */
export type ListenAddress = { readonly port: number; readonly host?: string } | { readonly path: string };

export interface ListenerOptions {
  /** TLS from PEM files, or from PEM text made here (a throwaway certificate); absent for plain TCP or Unix. */
  readonly tls?: { readonly cert: string; readonly key: string } | { readonly certPem: string; readonly keyPem: string };
  /** Status lines: a peer turned away while busy, a failed TLS handshake. */
  readonly onStatus: (line: string) => void;
}

export interface StreamListener {
  /** Where it listens, with the real port when 0 was asked for. */
  readonly address: string;
  /** The next peer, named as it was when it connected; throws InterruptedError when the signal aborts first. */
  accept(signal: AbortSignal): Promise<AcceptedPeer>;
  /** Turns peers away (as busy) until the current one is done. */
  setBusy(busy: boolean): void;
  close(): void;
}

export interface AcceptedPeer {
  readonly socket: Socket;
  /** `127.0.0.1:53422`, or `a Unix peer` (which has no address). */
  readonly peer: string;
}

/**
 * `127.0.0.1:53422`, or a Unix peer (which has no address). Asked at once: a TCP peer that has
 * already reset the connection has no address left to ask (getpeername fails), and is no Unix peer.
 */
function describePeer(socket: Socket, unix: boolean): string {
  if (unix) return 'a Unix peer';
  // A dual-stack (::) listener sees IPv4 peers as ::ffff:a.b.c.d; shown as the IPv4 address they are.
  return socket.remoteAddress ? formatPeer(socket.remoteAddress, socket.remotePort ?? 0) : 'a peer that has already gone';
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${path}: ${describeSystemError(error)}`);
  }
}

function createStreamServer(tls: ListenerOptions['tls']): Server {
  // Half-open allowed: a peer's FIN must not cut off the rest of our input (the relay decides).
  if (!tls) return createServer({ allowHalfOpen: true });
  const cert = 'certPem' in tls ? tls.certPem : readPem(tls.cert, '--cert');
  const key = 'keyPem' in tls ? tls.keyPem : readPem(tls.key, '--key');
  try {
    return createTlsServer({ allowHalfOpen: true, cert, key });
  } catch (error) {
    throw new UsageError(`--cert/--key: ${describeSystemError(error)}`);
  }
}

/** Whether a path is a socket (a stale one may be removed; a file or directory never should be). */
function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return true;
  }
}

/** Codes for a host without IPv6, where `::` cannot be bound and 0.0.0.0 is the next best. */
const noIpv6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL']);

/**
 * Binds where asked; without a host on `::` with IPv4-mapped peers (one dual-stack socket, as
 * `serve` and `udp listen` do), falling back to 0.0.0.0 where the host has no IPv6.
 */
async function bind(server: Server, where: ListenAddress): Promise<void> {
  if ('path' in where) return bindOnce(server, where, where.path);
  if (where.host !== undefined) return bindOnce(server, where, formatHostPort(where.host, where.port));
  try {
    await bindOnce(server, { port: where.port, host: '::' }, formatHostPort('::', where.port));
  } catch (error) {
    if (!noIpv6.has(((error as NetworkError).cause as NodeJS.ErrnoException | undefined)?.code ?? '')) throw error;
    await bindOnce(server, { port: where.port, host: '0.0.0.0' }, formatHostPort('0.0.0.0', where.port));
  }
}

function bindOnce(server: Server, where: ListenAddress, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'path' in where && !isSocket(where.path)
            ? `${where.path} exists and is not a socket: choose another path`
            : `address already in use (${'path' in where ? `remove ${where.path} if no server owns it` : 'another program has it; port 0 picks a free one'})`
          : error.code === 'EACCES' && !('path' in where)
            ? 'permission denied (ports below 1024 need privileges)'
            : describeSystemError(error);
      reject(new NetworkError(`listen on ${label}: ${why}`, { cause: error }));
    });
    server.listen('path' in where ? where : { ...where, ipv6Only: false }, () => resolve());
  });
}

export async function openStreamListener(where: ListenAddress, options: ListenerOptions): Promise<StreamListener> {
  const server = createStreamServer(options.tls);
  const unix = 'path' in where;
  const waiting: (AcceptedPeer & { readonly dropError: () => void })[] = [];
  let wake: (() => void) | undefined;
  let busy = false;
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    const peer = describePeer(socket, unix);
    if (busy || waiting.length) {
      options.onStatus(`Turned away ${peer}: busy with another peer`);
      socket.destroy();
      return;
    }
    // Until it is taken, a reset must not be an unhandled 'error' (a crash): the peer just leaves the queue.
    const onError = () => {
      const at = waiting.findIndex((entry) => entry.socket === socket);
      if (at >= 0) waiting.splice(at, 1);
    };
    socket.once('error', onError);
    waiting.push({ socket, peer, dropError: () => socket.off('error', onError) });
    wake?.();
  });
  server.on('tlsClientError', (error: Error, socket: Socket) =>
    options.onStatus(`TLS handshake with ${socket.remoteAddress ?? 'a peer'} failed: ${describeSystemError(error)}`),
  );
  await bind(server, where);
  const bound = server.address();
  const address = bound === null || typeof bound === 'string' ? ('path' in where ? where.path : String(bound)) : formatHostPort((bound as AddressInfo).address, (bound as AddressInfo).port);
  return {
    address,
    setBusy: (value) => void (busy = value),
    close: () => server.close(),
    accept: (signal) =>
      new Promise((resolve, reject) => {
        const onAbort = () => {
          wake = undefined;
          reject(new InterruptedError());
        };
        const deliver = () => {
          const next = waiting.shift();
          if (!next) return;
          next.dropError();
          wake = undefined;
          signal.removeEventListener('abort', onAbort);
          resolve({ socket: next.socket, peer: next.peer });
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        wake = deliver;
        deliver();
      }),
  };
}
