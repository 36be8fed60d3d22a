/** `nettool listen`: accept one peer at a time (nc -l) on TCP, TLS or a Unix socket and relay it to stdin/stdout. */
import { InterruptedError, UsageError } from '../errors.js';
import { refuseDirectoryStdin } from '../io.js';
import { createStdinSource, type ByteSource } from '../net/byte-source.js';
import { openStreamListener, type ListenAddress } from '../net/stream-listener.js';
import { checkUnixPath, parseHost, parsePort, splitListenAddress } from '../protocol/address.js';
import { formatConnectionLine } from '../render/transcript.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext } from './context.js';
import { openTerminalInput, openTranscript, parseSeconds, runStreamSession, stdinIsTerminal } from './stream-session.js';

export interface ListenOptions {
  readonly host?: string;
  readonly keep?: boolean;
  readonly udp?: boolean;
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

function parseListenAddress(portText: string | undefined, options: ListenOptions): ListenAddress {
  if (options.unix) {
    if (portText !== undefined || options.host) throw new UsageError('--unix takes no port and no --host');
    return { path: checkUnixPath(options.unix) };
  }
  if (portText === undefined) throw new UsageError('missing port (or --unix PATH); 0 picks a free port');
  const { port, host } = splitListenAddress(portText, options.host);
  return { port: parsePort(port, { allowZero: true, lookup: lookupService }), host: parseHost(host ?? '0.0.0.0').host };
}

function tlsFiles(options: ListenOptions): { cert: string; key: string } | undefined {
  if (!options.tls) {
    if (options.cert || options.key) throw new UsageError('--cert and --key need --tls');
    return undefined;
  }
  if (!options.cert || !options.key) throw new UsageError('--tls needs --cert FILE and --key FILE');
  return { cert: options.cert, key: options.key };
}

/** `listen --udp` is datagrams, not a stream: its own runner, loaded only when asked for. */
async function runListenUdpFromOptions(context: CommandContext, portText: string | undefined, options: ListenOptions): Promise<number> {
  const streamOnly = (['unix', 'tls', 'cert', 'key', 'crlf', 'transcript', 'q'] as const).filter((name) => options[name] !== undefined);
  if (streamOnly.length) throw new UsageError(`--udp does not go with ${streamOnly.map((name) => (name.length === 1 ? `-${name}` : `--${name}`)).join(', ')}`);
  if (portText === undefined) throw new UsageError('missing port; 0 picks a free port');
  const split = splitListenAddress(portText, options.host);
  const port = parsePort(split.port, { allowZero: true, lookup: lookupService, protocol: 'udp' });
  const { runListenUdp } = await import('./listen-udp.js');
  return (await runListenUdp(context, port, { host: split.host, hex: options.hex, keep: options.keep })) ?? 0;
}

export async function runListen(context: CommandContext, [portText]: [string | undefined], options: ListenOptions): Promise<number> {
  refuseDirectoryStdin(context.io.stdinFd);
  if (options.udp) return runListenUdpFromOptions(context, portText, options);
  const where = parseListenAddress(portText, options);
  const tls = tlsFiles(options);
  const quitAfterEofMs = options.q === undefined ? undefined : parseSeconds(options.q, '-q');
  const { signal } = context.io;
  const transcript = options.transcript ? openTranscript(options.transcript, context.io.now) : undefined;
  const listener = await openStreamListener(where, { tls, onStatus: context.status }).catch((error: unknown) => {
    transcript?.close();
    throw error;
  });
  // At a terminal the line editor exists only while a peer is connected: while waiting, the
  // terminal stays in cooked mode, so Ctrl-C is SIGINT as usual.
  const interactive = stdinIsTerminal(context);
  const shared: ByteSource | undefined = interactive ? undefined : createStdinSource(context.io.stdinFd, () => context.io.stdin);
  try {
    context.status(`Listening on ${listener.address}`);
    for (;;) {
      const { socket, peer: from } = await listener.accept(signal);
      context.status(`Connection from ${from}`);
      // With -k, --json's chunk records need to say which peer they belong to.
      const mark = options.keep && context.json ? (event: 'open' | 'close', end?: string) => context.io.stdout.write(formatConnectionLine(context.io.now(), event, from, end)) : undefined;
      mark?.('open');
      let end = 'error';
      listener.setBusy(true);
      const terminal = interactive ? openTerminalInput(context) : undefined;
      try {
        const session = { telnet: false, crlf: options.crlf === true, hex: options.hex === true, transcript, quitAfterEofMs, endWithPeerOnIdleInput: true };
        end = await runStreamSession(context, socket, from, terminal ?? shared!, session);
        context.status(end === 'peer-closed' ? `Connection closed by ${from}` : `Closed the connection to ${from}`);
      } catch (error) {
        end = error instanceof InterruptedError ? 'interrupted' : `error: ${error instanceof Error ? error.message : String(error)}`;
        // A server keeps serving after one peer fails, and stops on Ctrl-C (exit 0 with -k).
        if (!options.keep || error instanceof InterruptedError) throw error;
        context.status(`${from}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        mark?.('close', end);
        listener.setBusy(false);
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
    listener.close();
  }
}
