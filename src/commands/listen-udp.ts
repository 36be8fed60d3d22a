/** `nettool listen --udp` (nc -l -u): payloads to stdout as they come, each stdin line to the last sender. */
import type dgram from 'node:dgram';
import { createBatchedOutput } from '../batched-output.js';
import { describeSystemError, UsageError } from '../errors.js';
import { sendDatagram } from '../net/udp.js';
import { formatPeer, parseHost } from '../protocol/address.js';
import { maxIpv4Datagram, toDatagramRecord, toHex, type Datagram } from '../protocol/datagram.js';
import { LineSplitter, LineTooLongError } from '../protocol/lines.js';
import { formatJsonLine } from '../render/json.js';
import type { CommandContext, CommandResult } from './context.js';
import { bindForListening } from './udp-shared.js';

export interface ListenUdpOptions {
  readonly host?: string;
  /** Each payload as one line of hex instead of its raw bytes. */
  readonly hex?: boolean;
  /** Take datagrams from every sender; without it, as nc does, only the first sender is heard. */
  readonly keep?: boolean;
}

/** How many ignored senders are named on stderr before the rest are ignored quietly. */
const maxIgnoredNamed = 16;

export async function runListenUdp(context: CommandContext, port: number, options: ListenUdpOptions): Promise<CommandResult> {
  const target = { ...(options.host !== undefined ? { host: parseHost(options.host) } : {}), port };
  const { socket } = await bindForListening(context, target);
  const { io, json } = context;
  const format = json
    ? (datagram: Datagram) => formatJsonLine(toDatagramRecord(datagram))
    : options.hex
      ? (datagram: Datagram) => `${toHex(datagram.payload)}\n`
      : (datagram: Datagram) => datagram.payload;
  const output = createBatchedOutput(io.stdout, format, { onFirstDrop: () => context.status('stdout is not keeping up: some datagrams go unprinted') });
  let peer: { address: string; port: number } | undefined;
  let announcePeer: () => void = () => {};
  const peerKnown = new Promise<void>((resolve) => (announcePeer = resolve));
  const ignored = new Set<string>();

  return new Promise<CommandResult>((resolve, reject) => {
    let stopping = false;
    const stop = (error?: Error) => {
      if (stopping) return;
      stopping = true;
      io.signal.removeEventListener('abort', onAbort);
      io.stdin.off('data', onStdin);
      io.stdin.off('end', onStdinEnd);
      io.stdin.pause();
      socket.close();
      void output.flush().finally(() => (error ? reject(error) : resolve(0)));
    };
    const onAbort = () => stop();

    socket.on('message', (payload: Buffer, from: dgram.RemoteInfo) => {
      if (stopping) return;
      if (!peer || (options.keep && (peer.address !== from.address || peer.port !== from.port))) {
        if (!peer) announcePeer();
        peer = { address: from.address, port: from.port };
        context.status(`Datagram from ${formatPeer(from.address, from.port)}`);
      } else if (peer.address !== from.address || peer.port !== from.port) {
        const sender = formatPeer(from.address, from.port);
        if (ignored.size < maxIgnoredNamed && !ignored.has(sender)) {
          ignored.add(sender);
          context.status(`Ignoring ${sender}: talking to ${formatPeer(peer.address, peer.port)} (-k hears every sender)`);
        }
        return;
      }
      output.write({ time: io.now(), address: from.address, port: from.port, payload }, 96 + 3 * payload.length);
    });
    socket.on('error', (error) => context.status(`udp: ${describeSystemError(error)}`));

    // nc sends what was typed, newline included; a line waits (stdin paused) until someone has written to us.
    const splitter = new LineSplitter({ keepNewline: true, maxLine: maxIpv4Datagram });
    const send = async (lines: readonly Buffer[]) => {
      await peerKnown;
      for (const line of lines) {
        if (stopping || !peer) return;
        await sendDatagram(socket, line, peer.port, peer.address).catch((error: unknown) => context.status(`could not send to ${formatPeer(peer!.address, peer!.port)}: ${describeSystemError(error)}`));
      }
    };
    const onStdin = (chunk: Buffer) => {
      let lines: Buffer[];
      try {
        lines = splitter.push(chunk);
      } catch (error) {
        if (error instanceof LineTooLongError) stop(new UsageError(`a stdin line is over ${maxIpv4Datagram.toLocaleString('en')} bytes, too long for one datagram`));
        else stop(error as Error);
        return;
      }
      if (lines.length === 0) return;
      io.stdin.pause();
      void send(lines).then(() => {
        if (!stopping) io.stdin.resume();
      });
    };
    // At the end of stdin nc -u -l goes on listening; so do we, until Ctrl-C.
    const onStdinEnd = () => {
      const last = splitter.finish();
      if (last) void send([last]);
    };
    io.stdin.on('data', onStdin);
    io.stdin.on('end', onStdinEnd);
    io.signal.addEventListener('abort', onAbort, { once: true });
    if (io.signal.aborted) stop();
  });
}
