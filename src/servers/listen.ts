/** Binding stream servers (TCP dual-stack or Unix) for every service: backlog, bind errors with hints, graceful close. No service logic. */
import { connect, createServer, Socket, type Server } from 'node:net';
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { NetworkError, describeSystemError } from '../errors.js';
import { formatHostPort } from '../protocol/address.js';
import { isPrimaryMessage } from '../protocol/worker-messages.js';
import type { ConnectionPolicy } from './policy.js';

/** The address actually bound (the real port when 0 was asked for). */
export type BoundAddress =
  | { readonly kind: 'inet'; readonly host: string; readonly port: number; readonly family: 4 | 6 }
  | { readonly kind: 'unix'; readonly path: string };

/**
 * Where to listen: a host (undefined = every interface, IPv4 and IPv6) and port, or a Unix socket
 * path; or, in a `serve --workers` worker, nowhere: the primary listens at `address` and hands over
 * the clients it admits.
 */
export type ListenTarget =
  | { readonly kind: 'inet'; readonly host?: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'handoff'; readonly address: BoundAddress };

/** What every createXServer returns. close() stops accepting, closes the clients and resolves once all are gone. */
export interface ServerHandle {
  readonly address: BoundAddress;
  close(): Promise<void>;
}

/** Large enough that 500 simultaneous connects are not dropped (Linux caps it at net.core.somaxconn). */
export const LISTEN_BACKLOG = 1024;

export function formatBoundAddress(address: BoundAddress): string {
  return address.kind === 'unix' ? address.path : formatHostPort(address.host, address.port);
}

function describeTarget(target: ListenTarget): string {
  switch (target.kind) {
    case 'unix':
      return target.path;
    case 'inet':
      return formatHostPort(target.host ?? '::', target.port);
    case 'handoff':
      return formatBoundAddress(target.address);
  }
}

/** A bind failure as one line that says what to do next. */
export function bindError(error: unknown, target: ListenTarget, transport: 'TCP' | 'UDP' = 'TCP'): NetworkError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const where = `cannot listen on ${describeTarget(target)} (${target.kind === 'unix' ? 'Unix' : transport})`;
  let hint = '';
  if (target.kind === 'unix' && (code === 'EADDRINUSE' || code === 'EACCES')) {
    // libuv reports a missing directory as EACCES, and a file or directory in the way as EADDRINUSE.
    const existing = (() => {
      try {
        return lstatSync(target.path);
      } catch {
        return undefined;
      }
    })();
    if (code === 'EACCES' && !existsSync(dirname(target.path))) {
      return new NetworkError(`${where}: the directory ${dirname(target.path)} does not exist`, { cause: error });
    }
    if (existing && !existing.isSocket()) {
      return new NetworkError(`${where}: ${target.path} exists and is not a socket; pick another path`, { cause: error });
    }
    hint = code === 'EADDRINUSE' ? 'another server is using this socket; pick another path' : '';
  } else if (code === 'EADDRINUSE') {
    hint = "another program has this port (see 'nettool netstat -l'); pick another port, or 0 for a free one";
  } else if (code === 'EACCES' && target.kind === 'inet' && target.port > 0 && target.port < 1024) {
    hint = `ports below 1024 need root or CAP_NET_BIND_SERVICE; try ${target.port + 8000} or 0 for a free one`;
  } else if (code === 'EADDRNOTAVAIL') {
    hint = "no interface has this address (see 'nettool info')";
  }
  return new NetworkError(`${where}: ${describeSystemError(error)}${hint ? `; ${hint}` : ''}`, { cause: error });
}

export function boundAddressOf(server: { address(): ReturnType<Server['address']> }, target: ListenTarget): BoundAddress {
  const address = server.address();
  if (target.kind === 'unix' || address === null || typeof address === 'string') return { kind: 'unix', path: target.kind === 'unix' ? target.path : String(address) };
  return { kind: 'inet', host: address.address, port: address.port, family: address.family === 'IPv6' ? 6 : 4 };
}

function listenOnce(server: Server, target: Exclude<ListenTarget, { kind: 'handoff' }>, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    const done = () => {
      server.off('error', onError);
      resolve();
    };
    if (target.kind === 'unix') server.listen({ path: target.path, backlog: LISTEN_BACKLOG }, done);
    else server.listen({ host, port: target.port, backlog: LISTEN_BACKLOG, ipv6Only: false }, done);
  });
}

/** A Unix socket file left by a server that died: nobody accepts on it, so it may be replaced. Never a regular file. */
function isStaleUnixSocket(path: string): Promise<boolean> {
  try {
    if (!lstatSync(path).isSocket()) return Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.setTimeout(1000, () => probe.destroy());
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    probe.once('close', () => resolve(false));
  });
}

/**
 * Binds `server`: on every interface means `::` with IPv4-mapped addresses (one dual-stack socket),
 * falling back to 0.0.0.0 on hosts without IPv6.
 */
export async function bindServer(server: Server, target: ListenTarget): Promise<BoundAddress> {
  if (target.kind === 'handoff') {
    acceptHandedOver(server);
    return target.address;
  }
  try {
    if (target.kind === 'unix') {
      try {
        await listenOnce(server, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !(await isStaleUnixSocket(target.path))) throw error;
        unlinkSync(target.path);
        await listenOnce(server, target);
      }
    } else if (target.host === undefined) {
      try {
        await listenOnce(server, target, '::');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
        await listenOnce(server, target, '0.0.0.0');
      }
    } else {
      await listenOnce(server, target, target.host);
    }
  } catch (error) {
    throw bindError(error, target);
  }
  return boundAddressOf(server, target);
}

/**
 * A worker's server takes its clients from the primary, sockets sent as IPC handles. They arrive as
 * plain sockets: the options the server would have given its own (half-open for echo and HTTP, no
 * Nagle, as every service asks) are set here.
 */
function acceptHandedOver(server: Server): void {
  const { allowHalfOpen } = server as unknown as { allowHalfOpen?: boolean };
  process.on('message', (message, handle) => {
    if (!isPrimaryMessage(message) || message.nettool !== 'connection' || !(handle instanceof Socket)) return;
    (handle as { allowHalfOpen: boolean }).allowHalfOpen = allowHalfOpen === true;
    handle.setNoDelay(true);
    server.emit('connection', handle);
  });
  // node:http starts checking its header and request deadlines on 'listening', which a server that
  // never listens does not emit: without this, a worker's HTTP clients would have no header deadline.
  server.emit('listening');
}

/** After binding, errors (accept failing with EMFILE, say) are reported and the service carries on. */
export async function bindServerWithPolicy(server: Server, target: ListenTarget, policy: ConnectionPolicy): Promise<BoundAddress> {
  const address = await bindServer(server, target);
  server.on('error', (error) => policy.reportError(error));
  return address;
}

/** Stops accepting, closes every client through the policy, and resolves when the listener has closed. */
export function closeServer(server: Server, policy: ConnectionPolicy): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    policy.closeAll();
  });
}

/**
 * A stream service: every connection passes the policy first; `serve` then owns the socket.
 * allowHalfOpen lets echo finish sending after the client shuts its side (RFC 862: "until the calling user terminates").
 */
export async function createStreamService(target: ListenTarget, policy: ConnectionPolicy, serve: (socket: Socket) => void): Promise<ServerHandle> {
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    if (policy.admit(socket)) serve(socket);
  });
  const address = await bindServerWithPolicy(server, target, policy);
  return { address, close: () => closeServer(server, policy) };
}
