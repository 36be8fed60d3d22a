/** `nettool listen`: accept one peer at a time (nc -l) on TCP, TLS or a Unix socket and relay it to stdin/stdout. */
import { InterruptedError, UsageError } from '../errors.js';
import { refuseDirectoryStdin } from '../io.js';
import { createStdinSource, type ByteSource } from '../net/byte-source.js';
import { openStreamListener, type ListenAddress, type ListenerOptions } from '../net/stream-listener.js';
import { createThrowawayCertificate } from '../net/throwaway-certificate.js';
import { checkUnixPath, parseHost, parsePort, requireAddressLiteral, splitListenAddress } from '../protocol/address.js';
import { formatConnectionLine } from '../render/transcript.js';
import { programSpec, type ExecOptions, type NetcatHabitOptions } from './netcat-habits.js';
import { serveProgram } from './listen-exec.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext } from './context.js';
import { openTerminalInput, openTranscript, parseQuitSeconds, runStreamSession, stdinIsTerminal } from './stream-session.js';

export interface ListenOptions extends NetcatHabitOptions, ExecOptions {
  readonly host?: string;
  /** -p PORT (nc's and ncat's way of naming the port). */
  readonly port?: string;
  /** -l: nc's listen flag; listen needs no telling. */
  readonly l?: boolean;
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

/**
 * The positional words and -p/--host as one port text and host: `9000`, `127.0.0.1:9000`,
 * `127.0.0.1 9000` (nc -l HOST PORT), `-p 9000 [HOST]`. The host is absent for every address.
 */
function listenWords([first, second]: [string | undefined, string | undefined], options: ListenOptions): { port?: string; host?: string } {
  const hostWord = options.port !== undefined ? first : second !== undefined ? first : undefined;
  const portWord = options.port ?? second ?? first;
  if (options.port !== undefined && second !== undefined) throw new UsageError(`port given twice: -p ${options.port} and '${second}'`);
  if (hostWord !== undefined && options.host !== undefined) throw new UsageError(`address given twice: '${hostWord}' and --host ${options.host}`);
  if (portWord === undefined) return { host: hostWord ?? options.host };
  const split = splitListenAddress(portWord, hostWord ?? options.host);
  if (options.n && split.host !== undefined) requireAddressLiteral(split.host);
  return split;
}

function parseListenAddress(words: { port?: string; host?: string }, options: ListenOptions): ListenAddress {
  if (options.unix) {
    if (words.port !== undefined || words.host !== undefined) throw new UsageError('--unix takes no port and no --host');
    return { path: checkUnixPath(options.unix) };
  }
  if (words.port === undefined) throw new UsageError('missing port (or --unix PATH); 0 picks a free port');
  const port = parsePort(words.port, { allowZero: true, lookup: lookupService });
  return words.host === undefined ? { port } : { port, host: parseHost(words.host).host };
}

/** --cert/--key, or without both a throwaway certificate (ncat --ssl) whose fingerprint goes to stderr. */
function tlsMaterial(context: CommandContext, options: ListenOptions, host: string | undefined): ListenerOptions['tls'] {
  if (!options.tls) {
    if (options.cert || options.key) throw new UsageError('--cert and --key need --tls');
    return undefined;
  }
  if (options.cert && options.key) return { cert: options.cert, key: options.key };
  if (options.cert || options.key) throw new UsageError(`${options.cert ? '--cert' : '--key'} needs ${options.cert ? '--key' : '--cert'} too (or neither, for a throwaway certificate)`);
  const names = ['localhost', '127.0.0.1', '::1', ...(host !== undefined && !['0.0.0.0', '::', 'localhost', '127.0.0.1', '::1'].includes(host) ? [host] : [])];
  const throwaway = createThrowawayCertificate(context.io.now(), names);
  context.status(`Generated a throwaway self-signed certificate for ${names.join(', ')}`);
  context.status(`SHA-256 fingerprint: ${throwaway.fingerprint}`);
  return { certPem: throwaway.cert, keyPem: throwaway.key };
}

/** `listen --udp` is datagrams, not a stream: its own runner, loaded only when asked for. */
async function runListenUdpFromOptions(context: CommandContext, words: { port?: string; host?: string }, options: ListenOptions): Promise<number> {
  const streamOnly = (['unix', 'tls', 'cert', 'key', 'crlf', 'transcript', 'q'] as const).filter((name) => options[name] !== undefined);
  if (streamOnly.length) throw new UsageError(`--udp does not go with ${streamOnly.map((name) => (name.length === 1 ? `-${name}` : `--${name}`)).join(', ')}`);
  if (words.port === undefined) throw new UsageError('missing port; 0 picks a free port');
  const port = parsePort(words.port, { allowZero: true, lookup: lookupService, protocol: 'udp' });
  const { runListenUdp } = await import('./listen-udp.js');
  return (await runListenUdp(context, port, { host: words.host, hex: options.hex, keep: options.keep })) ?? 0;
}

export async function runListen(context: CommandContext, args: [string | undefined, string | undefined], options: ListenOptions): Promise<number> {
  const quitAfterEofMs = options.q === undefined ? undefined : parseQuitSeconds(options.q);
  refuseDirectoryStdin(context.io.stdinFd);
  const words = listenWords(args, options);
  if (options.udp) return runListenUdpFromOptions(context, words, options);
  const where = parseListenAddress(words, options);
  const tls = tlsMaterial(context, options, 'host' in where ? where.host : undefined);
  const program = programSpec(options);
  const { signal } = context.io;
  const transcript = options.transcript ? openTranscript(options.transcript, context.io.now) : undefined;
  const listener = await openStreamListener(where, { tls, onStatus: context.status }).catch((error: unknown) => {
    transcript?.close();
    throw error;
  });
  if (program) return serveProgram(context, listener, program, { keep: options.keep === true, crlf: options.crlf === true, transcript });
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
