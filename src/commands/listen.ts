/** `nettool listen`: accept one peer at a time (nc -l) on TCP, TLS or a Unix socket and relay it to stdin/stdout. */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { InterruptedError, NetworkError, UsageError, describeSystemError } from '../errors.js';
import { createStdinSource } from '../net/byte-source.js';
import { formatHostPort, parseHost, parsePort } from '../protocol/address.js';
import { lookupService } from '../sources/services.js';
import { TerminalInput } from '../ui/terminal-input.js';
import type { CommandContext } from './context.js';
import { openTranscript, parseSeconds, runStreamSession, stdinIsTerminal } from './stream-session.js';

export interface ListenOptions {
  readonly host?: string;
  readonly keep?: boolean;
  readonly unix?: string;
  readonly tls?: boolean;
  readonly cert?: string;
  readonly key?: string;
  readonly crlf?: boolean;
  readonly hex?: boolean;
  readonly transcript?: string;
  /** -q SECONDS */
  readonly q?: string;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${path}: ${describeSystemError(error)}`);
  }
}

function createListener(options: ListenOptions): Server {
  if (!options.tls) {
    if (options.cert || options.key) throw new UsageError('--cert and --key need --tls');
    return createServer({ allowHalfOpen: true });
  }
  if (!options.cert || !options.key) throw new UsageError('--tls needs --cert FILE and --key FILE');
  try {
    return createTlsServer({ allowHalfOpen: true, cert: readPem(options.cert, '--cert'), key: readPem(options.key, '--key') });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--cert/--key: ${describeSystemError(error)}`);
  }
}

function bind(server: Server, where: { port: number; host: string } | { path: string }, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `address already in use (${'path' in where ? `remove ${where.path} if no server owns it` : 'another program has it; port 0 picks a free one'})`
          : error.code === 'EACCES'
            ? 'permission denied (ports below 1024 need privileges)'
            : describeSystemError(error);
      reject(new NetworkError(`listen on ${label}: ${why}`, { cause: error }));
    });
    server.listen(where, () => resolve());
  });
}

export async function runListen(context: CommandContext, [portText]: [string | undefined], options: ListenOptions): Promise<number> {
  if (options.unix && (portText !== undefined || options.host)) throw new UsageError('--unix takes no port and no --host');
  if (!options.unix && portText === undefined) throw new UsageError('missing port (or --unix PATH); 0 picks a free port');
  const where: { path: string } | { port: number; host: string } = options.unix
    ? { path: options.unix }
    : { port: parsePort(portText!, { allowZero: true, lookup: lookupService }), host: parseHost(options.host ?? '0.0.0.0').host };
  const quitAfterEofMs = options.q === undefined ? undefined : parseSeconds(options.q, '-q');
  const server = createListener(options);
  const secureEvent = options.tls ? 'secureConnection' : 'connection';
  const queue: Socket[] = [];
  let wake: (() => void) | undefined;
  let busy = false;
  server.on(secureEvent, (socket: Socket) => {
    const from = socket.remoteAddress ? formatHostPort(socket.remoteAddress, socket.remotePort ?? 0) : 'a Unix peer';
    if (busy || queue.length) {
      context.status(`Turned away ${from}: busy with another peer`);
      socket.destroy();
      return;
    }
    queue.push(socket);
    wake?.();
  });
  server.on('tlsClientError', (error: Error, socket: Socket) =>
    context.status(`TLS handshake with ${socket.remoteAddress ?? 'peer'} failed: ${describeSystemError(error)}`),
  );
  const transcript = options.transcript ? openTranscript(options.transcript, context.io.now) : undefined;
  const interactive = stdinIsTerminal(context);
  // At a terminal the line editor exists only while a peer is connected: while waiting, the
  // terminal stays in cooked mode, so Ctrl-C is SIGINT as usual.
  let shared: ReturnType<typeof createStdinSource> | undefined;
  const { signal } = context.io;
  try {
    await bind(server, where, 'path' in where ? where.path : formatHostPort(where.host, where.port));
    const address = server.address();
    const bound = typeof address === 'string' || !address ? String(options.unix) : formatHostPort((address as AddressInfo).address, (address as AddressInfo).port);
    context.status(`Listening on ${bound}`);
    if (!interactive) shared = createStdinSource(context.io.stdinFd, () => context.io.stdin);
    for (;;) {
      if (queue.length === 0) await nextConnection(signal, (resolve) => (wake = resolve));
      const socket = queue.shift()!;
      const from = socket.remoteAddress ? formatHostPort(socket.remoteAddress, socket.remotePort ?? 0) : 'a Unix peer';
      context.status(`Connection from ${from}`);
      busy = true;
      const terminal = interactive ? new TerminalInput(context.io.stdin, context.io.stdout) : undefined;
      try {
        const end = await runStreamSession(context, socket, from, terminal ?? shared!, { telnet: false, crlf: options.crlf === true, hex: options.hex === true, transcript, quitAfterEofMs });
        context.status(end === 'peer-closed' ? `Connection closed by ${from}` : `Closed the connection to ${from}`);
      } catch (error) {
        // A server keeps serving after one peer fails, and stops gracefully on Ctrl-C (exit 0).
        if (!options.keep || error instanceof InterruptedError) throw error;
        context.status(`${from}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        busy = false;
        terminal?.close();
      }
      if (!options.keep || terminal?.quitRequested) return 0;
    }
  } catch (error) {
    if (options.keep && error instanceof InterruptedError) return 0;
    throw error;
  } finally {
    shared?.close();
    transcript?.close();
    server.close();
  }
}

/** Waits for the next accepted peer, or throws InterruptedError on Ctrl-C. */
function nextConnection(signal: AbortSignal, register: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    register(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
