/** `nettool udp send`: datagrams from arguments or stdin, then the replies that come back within --wait. */
import type { Readable } from 'node:stream';
import type dgram from 'node:dgram';
import { createBatchedOutput } from '../batched-output.js';
import { NetworkError, UsageError } from '../errors.js';
import { refuseDirectoryStdin } from '../io.js';
import { openUdpClient, resolveUdpHost, udpExchange } from '../net/udp.js';
import { formatHostPort, parseEndpoint, requireAddressLiteral, splitHostPort } from '../protocol/address.js';
import { formatDatagramLine, maxDatagramSize, toDatagramRecord, type Datagram } from '../protocol/datagram.js';
import { LineSplitter, LineTooLongError } from '../protocol/lines.js';
import { plural } from '../render/count.js';
import { formatJsonLine } from '../render/json.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext, CommandResult } from './context.js';
import type { NetcatHabitOptions } from './netcat-habits.js';
import { setupTimeoutMs } from './udp-shared.js';

export interface UdpSendOptions extends NetcatHabitOptions {
  readonly lines?: boolean;
  /** Silence within --wait is a failure (exit 1), for scripts that probe; without it, as nc -u, it is not. */
  readonly expectReply?: boolean;
  /** nc -u (`telnet -u`): each stdin line is a datagram with its newline kept, and replies go to stdout as their bytes. */
  readonly netcat?: boolean;
  /** telnet -u -4 / -6: the family to resolve a name in. */
  readonly family?: 4 | 6;
  /** Seconds to wait for replies after the last datagram; 0 = do not wait. */
  readonly wait: number;
  readonly count?: number;
  readonly hex?: boolean;
}

/** `what` is over the largest datagram: 65,507 bytes over IPv4, 65,527 over IPv6. */
const tooBig = (what: string, family: 4 | 6, hint = ' (split it, or use --lines for one datagram per line)') =>
  new UsageError(`${what} is over the IPv${family} maximum of ${maxDatagramSize(family).toLocaleString('en')} bytes for one datagram${hint}`);

/** All of stdin as one datagram, refused (without reading on) once it passes the limit; an empty stdin is none (as nc). */
async function* wholeStdin(stdin: Readable, family: 4 | 6): AsyncGenerator<Uint8Array> {
  const limit = maxDatagramSize(family);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooBig('stdin', family);
    chunks.push(chunk);
  }
  if (size > 0) yield Buffer.concat(chunks, size);
}

async function* stdinLines(stdin: Readable, family: 4 | 6, keepNewline = false): AsyncGenerator<Uint8Array> {
  const splitter = new LineSplitter({ maxLine: maxDatagramSize(family), keepNewline });
  try {
    for await (const chunk of stdin as AsyncIterable<Buffer>) yield* splitter.push(chunk);
    const last = splitter.finish();
    if (last) yield last;
  } catch (error) {
    if (error instanceof LineTooLongError) throw tooBig('a line of stdin', family, '');
    throw error;
  }
}

export async function runUdpSend(context: CommandContext, hostText: string, portText: string | undefined, words: readonly string[], options: UdpSendOptions): Promise<CommandResult> {
  if (hostText.startsWith('unix:')) throw new UsageError('udp send takes a host and port, not a Unix socket');
  // `udp send host:port hello`: the address carries the port, so the second argument is message.
  const inlinePort = splitHostPort(hostText).port !== undefined;
  const message = inlinePort && portText !== undefined ? [portText, ...words] : words;
  const endpoint = parseEndpoint(hostText, { ...(inlinePort ? {} : { port: portText }), lookup: lookupService, protocol: 'udp' });
  if (endpoint.kind === 'unix') throw new UsageError('udp send takes a host and port, not a Unix socket');
  if (options.n) requireAddressLiteral(endpoint.host);
  if (options.expectReply && options.wait === 0) throw new UsageError('--expect-reply needs a wait: give -w SECONDS above 0');
  if (options.lines && message.length) throw new UsageError('--lines reads the datagrams from stdin: give no message arguments with it');

  const { io, json } = context;
  if (message.length === 0) refuseDirectoryStdin(io.stdinFd);
  const callOptions = { signal: io.signal, timeoutMs: setupTimeoutMs };
  const resolved = await resolveUdpHost(endpoint.host, endpoint.family || (options.family ?? 0), callOptions);
  const remote = { ...resolved, port: endpoint.port };
  const fromArgs = message.length ? Buffer.from(message.join(' ')) : undefined;
  if (fromArgs && fromArgs.length > maxDatagramSize(remote.family)) throw tooBig(`the message (${fromArgs.length.toLocaleString('en')} bytes)`, remote.family);
  if (!fromArgs && !options.lines && io.stdin.isTTY) context.status('Type the datagram, then Ctrl-D to send it.');
  const datagrams = fromArgs
    ? [fromArgs]
    : options.lines || options.netcat
      ? stdinLines(io.stdin, remote.family, options.netcat)
      : wholeStdin(io.stdin, remote.family);

  const target = formatHostPort(remote.address, remote.port);
  const socket = await openUdpClient(remote, callOptions);
  const style = context.palette.enabled ? context.palette : undefined;
  const format = json
    ? (datagram: Datagram) => formatJsonLine(toDatagramRecord(datagram))
    : options.netcat && !options.hex
      ? (datagram: Datagram) => datagram.payload
      : (datagram: Datagram) => formatDatagramLine(datagram, { hex: options.hex, style });
  const output = createBatchedOutput(io.stdout, format);
  const onReply = (payload: Buffer, from: dgram.RemoteInfo) => {
    output.write({ time: io.now(), address: from.address, port: from.port, payload }, 96 + 3 * payload.length);
  };
  try {
    const waitMs = Math.round(options.wait * 1000);
    const onAllSent = (sent: number, bytes: number) =>
      context.status(`Sent ${plural(sent, 'datagram')} (${plural(bytes, 'byte')}) to ${target}${waitMs > 0 && sent > 0 ? `; waiting ${options.wait} s for replies` : ''}`);
    const result = await udpExchange(socket, remote, toAsync(datagrams), { signal: io.signal, waitMs, maxReplies: options.count, onReply, onAllSent });
    if (result.sent === 0) return 0;
    if (waitMs > 0 && result.replies === 0) {
      // Silence is no failure for UDP (nc -u exits 0): the datagram may well have been taken. Only ICMP says no.
      if (options.expectReply) throw new NetworkError(`no reply from ${target} within ${options.wait} s`);
      context.status(`No reply from ${target} within ${options.wait} s`);
    }
    return 0;
  } finally {
    socket.close();
    await output.flush();
  }
}

async function* toAsync(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
}
