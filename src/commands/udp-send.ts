/** `nettool udp send`: datagrams from arguments or stdin, then the replies that come back within --wait. */
import type { Readable } from 'node:stream';
import type dgram from 'node:dgram';
import { createBatchedOutput } from '../batched-output.js';
import { NetworkError, UsageError } from '../errors.js';
import { refuseDirectoryStdin } from '../io.js';
import { openUdpClient, resolveUdpHost, udpExchange } from '../net/udp.js';
import { formatHostPort, parseEndpoint, splitHostPort } from '../protocol/address.js';
import { formatDatagramLine, maxDatagramSize, toDatagramRecord, type Datagram } from '../protocol/datagram.js';
import { LineSplitter, LineTooLongError } from '../protocol/lines.js';
import { formatJsonLine } from '../render/json.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext, CommandResult } from './context.js';
import { setupTimeoutMs } from './udp-shared.js';

export interface UdpSendOptions {
  readonly lines?: boolean;
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

async function* stdinLines(stdin: Readable, family: 4 | 6): AsyncGenerator<Uint8Array> {
  const splitter = new LineSplitter({ maxLine: maxDatagramSize(family) });
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
  if (options.lines && message.length) throw new UsageError('--lines reads the datagrams from stdin: give no message arguments with it');

  const { io, json } = context;
  if (message.length === 0) refuseDirectoryStdin(io.stdinFd);
  const callOptions = { signal: io.signal, timeoutMs: setupTimeoutMs };
  const resolved = await resolveUdpHost(endpoint.host, endpoint.family, callOptions);
  const remote = { ...resolved, port: endpoint.port };
  const fromArgs = message.length ? Buffer.from(message.join(' ')) : undefined;
  if (fromArgs && fromArgs.length > maxDatagramSize(remote.family)) throw tooBig(`the message (${fromArgs.length.toLocaleString('en')} bytes)`, remote.family);
  if (!fromArgs && !options.lines && io.stdin.isTTY) context.status('Type the datagram, then Ctrl-D to send it.');
  const datagrams = fromArgs
    ? [fromArgs]
    : options.lines
      ? stdinLines(io.stdin, remote.family)
      : wholeStdin(io.stdin, remote.family);

  const target = formatHostPort(remote.address, remote.port);
  const socket = await openUdpClient(remote, callOptions);
  const style = context.palette.enabled ? context.palette : undefined;
  const format = json ? (datagram: Datagram) => formatJsonLine(toDatagramRecord(datagram)) : (datagram: Datagram) => formatDatagramLine(datagram, { hex: options.hex, style });
  const output = createBatchedOutput(io.stdout, format);
  const onReply = (payload: Buffer, from: dgram.RemoteInfo) => {
    output.write({ time: io.now(), address: from.address, port: from.port, payload }, 96 + 3 * payload.length);
  };
  try {
    const waitMs = Math.round(options.wait * 1000);
    const onAllSent = (sent: number, bytes: number) =>
      context.status(`Sent ${sent} ${sent === 1 ? 'datagram' : 'datagrams'} (${bytes} bytes) to ${target}${waitMs > 0 && sent > 0 ? `; waiting ${options.wait} s for replies` : ''}`);
    const result = await udpExchange(socket, remote, toAsync(datagrams), { signal: io.signal, waitMs, maxReplies: options.count, onReply, onAllSent });
    if (result.sent === 0) return 0;
    if (waitMs > 0 && result.replies === 0) throw new NetworkError(`no reply from ${target} within ${options.wait} s`);
    return 0;
  } finally {
    socket.close();
    await output.flush();
  }
}

async function* toAsync(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
}
