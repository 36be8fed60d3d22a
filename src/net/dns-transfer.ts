/** Zone transfers over TCP (AXFR, RFC 5936; IXFR, RFC 1995): one query, then messages until the closing SOA. Moves and checks messages; prints nothing. */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MalformedReplyError, decodeReply, encodeTransferQuery, replyMismatch, type DnsRecord, type DnsReply } from '../protocol/dns-message.js';
import { TimeoutError, onAbort } from './deadline.js';
import { frameMessage, type StreamTarget } from './dns-tcp.js';
import { randomId } from './random.js';

export interface TransferOptions {
  /** IXFR from this serial; AXFR without it. */
  readonly serial?: number;
  /** The longest wait for the next bytes, as dig's +time. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export interface TransferMessage {
  readonly reply: DnsReply;
  /** The message's size on the wire, without its 2-byte length. */
  readonly bytes: number;
  /** From the query to this message's arrival. */
  readonly timeMs: number;
  /** True for the message holding the closing SOA. */
  readonly last: boolean;
}

/** A server that said no (REFUSED, NOTAUTH...), named by its status as dig's "; Transfer failed." is. */
export class TransferRefusedError extends Error {
  override readonly name = 'TransferRefusedError';
}

/** Ends when the closing SOA has come: an SOA with the first one's serial at an odd place among the SOAs after it (RFC 1995 §4; the AXFR case is the first of them). */
class TransferEnd {
  private first: number | undefined;
  private soasSince = 0;
  constructor(private readonly clientSerial: number | undefined) {}

  /** True once the record ends the transfer. */
  see(record: DnsRecord): boolean {
    const serial = record.type === 'SOA' ? Number(record.data.split(' ')[2]) : undefined;
    if (this.first === undefined) {
      if (serial === undefined) throw new MalformedReplyError(`the transfer starts with ${record.type}, not SOA`);
      this.first = serial;
      // IXFR: the server's serial is not newer than ours, and that single SOA is the whole answer.
      return this.clientSerial !== undefined && this.clientSerial >= serial;
    }
    if (serial === undefined) return false;
    this.soasSince++;
    return this.soasSince % 2 === 1 && serial === this.first;
  }
}

/** Splits a TCP stream into DNS messages by their 2-byte lengths (RFC 1035 §4.2.2). */
class Framer {
  private buffered: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const messages: Buffer[] = [];
    while (this.buffered.length >= 2) {
      const length = this.buffered.readUInt16BE(0);
      if (this.buffered.length < 2 + length) break;
      messages.push(this.buffered.subarray(2, 2 + length));
      this.buffered = this.buffered.subarray(2 + length);
    }
    return messages;
  }
}

/**
 * The transfer's messages as they arrive, each checked (ID; the question where the server repeats it;
 * NOERROR). Reading pauses while the consumer is behind, so a big zone never piles up in memory.
 */
export async function* zoneTransfer(zone: string, target: StreamTarget, options: TransferOptions): AsyncGenerator<TransferMessage> {
  const id = randomId();
  const question = { name: zone, type: options.serial === undefined ? 252 : 251 };
  const socket = connect({ host: target.host, port: target.port });
  const queue: (Buffer | Error | null)[] = [];
  let wake: (() => void) | undefined;
  const push = (item: Buffer | Error | null) => {
    queue.push(item);
    if (queue.length > 64) socket.pause();
    wake?.();
  };
  const framer = new Framer();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => push(new TimeoutError(options.timeoutMs)), options.timeoutMs);
  };
  socket.once('connect', () => socket.write(frameMessage(encodeTransferQuery(zone, { id, ...(options.serial !== undefined && { serial: options.serial }) }))));
  socket.on('data', (chunk: Buffer) => {
    arm();
    for (const message of framer.push(chunk)) push(message);
  });
  socket.on('error', (error) => push(error));
  socket.on('end', () => push(null));
  const stopWaiting = onAbort(options.signal, () => push(options.signal.reason instanceof Error ? options.signal.reason : new Error(String(options.signal.reason))));
  arm();
  const sent = performance.now();
  const end = new TransferEnd(options.serial);
  let messages = 0;
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if (queue.length <= 16) socket.resume();
      if (options.signal.aborted) throw options.signal.reason;
      if (item === null) throw new Error(messages === 0 ? 'the server closed the connection without replying' : `the server closed the connection after ${messages} messages, before the closing SOA`);
      if (item instanceof Error) throw item;
      const timeMs = performance.now() - sent;
      const reply = decodeReply(item);
      if (reply.truncated) throw new MalformedReplyError('the TC bit is set, and truncation means nothing over a stream');
      if (reply.id !== id) throw new MalformedReplyError(`it answers a different query (ID ${reply.id}, not ${id})`);
      if (reply.status !== 'NOERROR') throw new TransferRefusedError(`transfer failed: ${reply.status}`);
      // Messages after the first may leave the question out (RFC 5936 §2.2.1).
      const mismatch = messages > 0 && !reply.question ? undefined : replyMismatch(reply, id, question);
      if (mismatch) throw new MalformedReplyError(mismatch);
      messages++;
      const last = reply.answers.some((record) => end.see(record));
      yield { reply, bytes: item.length, timeMs, last };
      if (last) return;
    }
  } finally {
    clearTimeout(timer);
    stopWaiting();
    socket.destroy();
  }
}
