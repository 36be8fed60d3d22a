/** `nettool udp listen`: one line (or JSON record) per datagram, optionally answered. */
import type dgram from 'node:dgram';
import { createBatchedOutput } from '../batched-output.js';
import { describeSystemError, UsageError } from '../errors.js';
import { formatDatagramLine, maxDatagramSize, toDatagramRecord, type Datagram } from '../protocol/datagram.js';
import { plural } from '../render/count.js';
import { formatJsonLine } from '../render/json.js';
import { requireAddressLiteral } from '../protocol/address.js';
import type { CommandContext, CommandResult } from './context.js';
import type { NetcatHabitOptions } from './netcat-habits.js';
import { bindForListening, parseListenTarget } from './udp-shared.js';

export interface UdpListenOptions extends NetcatHabitOptions {
  readonly host?: string;
  readonly echo?: boolean;
  readonly reply?: string;
  readonly count?: number;
  readonly hex?: boolean;
}

export async function runUdpListen(context: CommandContext, portText: string, options: UdpListenOptions): Promise<CommandResult> {
  if (options.echo && options.reply !== undefined) throw new UsageError('--echo and --reply exclude each other: pick one');
  const answer = options.reply === undefined ? undefined : Buffer.from(options.reply);
  const target = parseListenTarget(portText, options.host);
  if (options.n && target.host) requireAddressLiteral(target.host.host);
  const tooLong = (limit: number) =>
    new UsageError(`--reply is ${answer!.length.toLocaleString('en')} bytes, over the largest datagram it could answer with (${limit.toLocaleString('en')} bytes)`);
  // `::` answers IPv4 senders too, so only an IPv6-only address may use the larger IPv6 limit.
  const limitFor = (family: 0 | 4 | 6, address?: string) => maxDatagramSize(family === 6 && address !== '::' ? 6 : 4);
  // Checked before binding where the address is a literal; a host name's family is known once bound.
  const literal = target.host?.family ?? 4;
  if (answer && literal !== 0 && answer.length > limitFor(literal, target.host?.host)) throw tooLong(limitFor(literal, target.host?.host));
  const { socket, local } = await bindForListening(context, target);
  if (answer && answer.length > limitFor(local.family, local.address)) {
    socket.close();
    throw tooLong(limitFor(local.family, local.address));
  }
  const { io, json, palette } = context;
  const style = palette.enabled ? palette : undefined;
  const format = json ? (datagram: Datagram) => formatJsonLine(toDatagramRecord(datagram)) : (datagram: Datagram) => formatDatagramLine(datagram, { hex: options.hex, style });
  const output = createBatchedOutput(io.stdout, format, { onFirstDrop: () => context.status('stdout is not keeping up: some datagrams go unprinted') });
  let received = 0;
  let bytes = 0;
  let socketErrors = 0;

  return new Promise<CommandResult>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      io.signal.removeEventListener('abort', stop);
      socket.close();
      void output.flush().finally(() => {
        const notes = [output.dropped && `${output.dropped} not printed`, socketErrors && `${socketErrors} answers failed`].filter(Boolean);
        context.status(`Received ${plural(received, 'datagram')} (${plural(bytes, 'byte')})${notes.length ? `; ${notes.join(', ')}` : ''}`);
        resolve(0);
      });
    };
    const stopAfterLastAnswer = (error: Error | null) => {
      if (error) socketErrors++;
      stop();
    };
    const onMessage = (payload: Buffer, from: dgram.RemoteInfo) => {
      if (stopping) return;
      received++;
      bytes += payload.length;
      const last = received === options.count;
      // Answer first, without a callback (it would cost a tick per datagram): the sender is waiting, printing can wait
      // for the batch. Only the last answer is awaited, so that it leaves before the socket closes.
      const reply = options.echo ? payload : answer;
      if (reply && last) socket.send(reply, from.port, from.address, stopAfterLastAnswer);
      else if (reply) socket.send(reply, from.port, from.address);
      output.write({ time: io.now(), address: from.address, port: from.port, payload }, 96 + 3 * payload.length);
      if (last && !reply) stop();
    };
    socket.on('message', onMessage);
    // Failed answers land here; an unconnected socket hears of little else, and none of it should end a listener.
    socket.on('error', (error) => {
      if (socketErrors++ === 0) context.status(`could not answer a datagram: ${describeSystemError(error)}`);
    });
    io.signal.addEventListener('abort', stop, { once: true });
    if (io.signal.aborted) stop();
  });
}
