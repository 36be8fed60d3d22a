/** `nettool telnet`: a TCP, TLS or Unix stream client with telnet's protocol (or none, with --raw). */
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { refuseDirectoryStdin } from '../io.js';
import { createStdinSource } from '../net/byte-source.js';
import { openStream } from '../net/stream-connect.js';
import { formatEndpoint, parseEndpoint, requireAddressLiteral, splitHostPort, type Endpoint } from '../protocol/address.js';
import { readCaFile } from '../sources/ca-file.js';
import { lookupService } from '../sources/services.js';
import { insecureWarning, type CommandContext } from './context.js';
import { programSpec, type ExecOptions, type NetcatHabitOptions } from './netcat-habits.js';
import { startProgram } from '../net/program-endpoint.js';
import { openTerminalInput, openTranscript, parseQuitSeconds, parseSeconds, runStreamSession, stdinIsTerminal } from './stream-session.js';

export interface TelnetOptions extends NetcatHabitOptions, ExecOptions {
  readonly raw?: boolean;
  /** -u: UDP the nc way, through `udp send`. */
  readonly udp?: boolean;
  readonly tls?: boolean;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly servername?: string;
  readonly crlf?: boolean;
  readonly timeout?: string;
  readonly hex?: boolean;
  /** -4 / -6 */
  readonly '4'?: boolean;
  readonly '6'?: boolean;
  readonly source?: string;
  readonly transcript?: string;
  /** -q SECONDS */
  readonly q?: string;
}

const defaultConnectMs = 10_000;

/** -4, -6 and -s each fix the address family (a source address binds only its own); they must agree. */
function addressFamily(endpoint: Endpoint, options: TelnetOptions): 0 | 4 | 6 {
  const asked = options['4'] ? 4 : options['6'] ? 6 : 0;
  if (options.source === undefined) return asked;
  const family = isIP(options.source);
  if (family !== 4 && family !== 6) throw new UsageError(`bad -s '${options.source}': give a local IPv4 or IPv6 address`);
  if (asked && asked !== family) throw new UsageError(`-s ${options.source} is not an IPv${asked} address (-${asked})`);
  if (endpoint.kind === 'inet' && endpoint.family && endpoint.family !== family) {
    throw new UsageError(`-s ${options.source} is IPv${family} but ${endpoint.host} is IPv${endpoint.family}: give addresses of one family`);
  }
  return family;
}

/** nc -u HOST PORT: each stdin line a datagram, replies to stdout, for -q or -w seconds after stdin ends (2 by default). */
async function runTelnetUdp(context: CommandContext, target: string, port: string | undefined, options: TelnetOptions, quitAfterEofMs: number | undefined): Promise<number> {
  const streamOnly = (['tls', 'ca', 'insecure', 'crlf', 'source', 'transcript'] as const).filter((name) => options[name] !== undefined);
  if (streamOnly.length) throw new UsageError(`-u does not go with ${streamOnly.map((name) => `--${name}`).join(', ')}`);
  if (port === undefined && splitHostPort(target).port === undefined) throw new UsageError(`-u needs a port: telnet -u ${target} PORT`);
  if (options['4'] && options['6']) throw new UsageError('-4 and -6 together: choose one');
  const waitMs = quitAfterEofMs ?? (options.timeout === undefined ? 2000 : parseSeconds(options.timeout, '-w'));
  const { runUdpSend } = await import('./udp-send.js');
  const family = options['4'] ? 4 : options['6'] ? 6 : undefined;
  return (await runUdpSend(context, target, port, [], { wait: waitMs / 1000, hex: options.hex, n: options.n, netcat: true, family })) ?? 0;
}

export async function runTelnet(context: CommandContext, [target, port]: [string, string | undefined], options: TelnetOptions): Promise<number> {
  // First, before the words are read as a host: `telnet -q HOST PORT` took HOST as -q's seconds.
  const quitAfterEofMs = options.q === undefined ? undefined : parseQuitSeconds(options.q);
  if (options.udp) {
    if (options.exec !== undefined || options.shExec !== undefined) throw new UsageError('-u does not go with -e or --sh-exec');
    return runTelnetUdp(context, target, port, options, quitAfterEofMs);
  }
  const spec = programSpec(options);
  if (spec && !options.raw) throw new UsageError(`${options.exec !== undefined ? '-e' : '--sh-exec'} needs --raw: a program gets the bytes as they are, with no telnet protocol`);
  const endpoint = parseEndpoint(target, { port, defaultPort: 23, lookup: lookupService });
  if (options.n && endpoint.kind === 'inet') requireAddressLiteral(endpoint.host);
  if (options['4'] && options['6']) throw new UsageError('-4 and -6 together: choose one');
  if (endpoint.kind === 'unix' && (options['4'] || options['6'] || options.source)) {
    throw new UsageError(`${options.source ? '-s' : options['4'] ? '-4' : '-6'} does not apply to a Unix socket`);
  }
  if ((options.ca || options.insecure) && !options.tls) throw new UsageError(`${options.ca ? '--ca' : '--insecure'} needs --tls`);
  if (options.servername !== undefined && !options.tls) throw new UsageError('--servername needs --tls');
  const family = addressFamily(endpoint, options);
  const idleMs = options.timeout === undefined ? undefined : parseSeconds(options.timeout, '-w');
  refuseDirectoryStdin(context.io.stdinFd);
  const transcript = options.transcript ? openTranscript(options.transcript, context.io.now) : undefined;
  try {
    const opened = await openStream(endpoint, {
      tls: options.tls ? { ca: options.ca === undefined ? undefined : readCaFile(options.ca), insecure: options.insecure } : undefined,
      servername: options.servername,
      timeoutMs: idleMs || defaultConnectMs,
      signal: context.io.signal,
      family,
      source: options.source,
      onAttempt: (address) => context.status(`Trying ${address}...`),
    });
    context.status(`Connected to ${endpoint.kind === 'unix' ? endpoint.path : endpoint.host}.`);
    if (opened.tlsSummary) context.status(`TLS: ${opened.tlsSummary}`);
    if (options.insecure) context.status(insecureWarning(formatEndpoint(endpoint)));
    const program = spec ? await startProgram(spec, context.io.env).catch((error: unknown) => (opened.socket.destroy(), Promise.reject(error))) : undefined;
    const interactive = !program && stdinIsTerminal(context);
    if (interactive) context.status("Escape character is '^]'.");
    const input = program ? program.source : interactive ? openTerminalInput(context) : createStdinSource(context.io.stdinFd, () => context.io.stdin);
    try {
      const end = await runStreamSession(context, opened.socket, opened.remote, input, {
        telnet: !options.raw,
        crlf: options.crlf === true,
        hex: options.hex === true,
        transcript,
        quitAfterEofMs,
        idleMs,
        program: program?.input,
      });
      context.status(end === 'peer-closed' ? 'Connection closed by foreign host.' : 'Connection closed.');
    } finally {
      input.close();
      program?.stop();
    }
    return 0;
  } finally {
    transcript?.close();
  }
}
