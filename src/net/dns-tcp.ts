/** DNS over TCP (RFC 7766): a 2-byte length before each message, replies read across partial chunks. */
import { connect, type Socket } from 'node:net';
import { withDeadline } from './deadline.js';
import { streamResult, type DnsTransport } from './dns-transport.js';

export interface StreamTarget {
  readonly host: string;
  readonly port: number;
}

/** The query with its 2-byte length (RFC 1035 §4.2.2). */
export function frameMessage(message: Uint8Array): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/**
 * Writes `framed` once `open` connects and resolves with the first whole message (without its
 * length prefix). `open` makes the socket and names the event that means "ready to write".
 */
export function streamExchange(
  framed: Buffer,
  open: () => { socket: Socket; ready: 'connect' | 'secureConnect' },
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<Buffer> {
  return withDeadline<Buffer>(options.timeoutMs, options.signal, (resolve, reject) => {
    const { socket, ready } = open();
    socket.once(ready, () => socket.write(framed));
    socket.on('error', reject);
    const chunks: Buffer[] = [];
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < 2) return;
      const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      chunks.length = 0;
      chunks.push(whole);
      const length = whole.readUInt16BE(0);
      if (received >= 2 + length) resolve(whole.subarray(2, 2 + length));
    });
    socket.on('end', () => reject(new Error(received === 0 ? 'the server closed the connection without replying' : `the connection closed after ${received} bytes, mid-reply`)));
    return () => socket.destroy();
  });
}

export function tcpTransport(target: StreamTarget, family?: 4 | 6): DnsTransport {
  return {
    name: 'tcp',
    exchange: (query, timeoutMs, signal) =>
      streamResult('tcp', query, undefined, (bytes) =>
        streamExchange(frameMessage(bytes), () => ({ socket: connect({ host: target.host, port: target.port, ...(family && { family }) }), ready: 'connect' }), { timeoutMs, signal }),
      ),
  };
}
