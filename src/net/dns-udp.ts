/** DNS over UDP (RFC 1035 §4.2.1): one socket per query, on a random source port; datagrams that do not answer are noise. */
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MalformedReplyError, decodeReply, peekId, replyMismatch } from '../protocol/dns-message.js';
import { TimeoutError, withDeadline } from './deadline.js';
import { encodeFor, type DnsQuery, type DnsResult, type DnsTransport } from './dns-transport.js';

export interface UdpTarget {
  readonly host: string;
  readonly port: number;
}

/** The deadline passed, and the datagrams that came did not answer: the last one's fault is the story. */
export class NoiseOnlyError extends TimeoutError {
  constructor(timeoutMs: number, readonly noise: MalformedReplyError) {
    super(timeoutMs);
  }
}

/**
 * Sends the query and resolves with the first datagram that answers it. Datagrams with another ID or
 * question are stale or forged (RFC 5452 §9.1), and one that does not decode may be spoofed too: as
 * dig does, they are dropped while the clock runs. A truncated reply only sends the question to TCP,
 * where the whole answer is checked, so it is taken on its ID alone. The socket is connected, so the
 * kernel drops datagrams from any other address or port.
 */
function exchange(target: UdpTarget, family: 4 | 6 | undefined, query: DnsQuery, timeoutMs: number, signal: AbortSignal): Promise<DnsResult> {
  const { id, bytes } = encodeFor(query);
  let noise: MalformedReplyError | undefined;
  return withDeadline<DnsResult>(timeoutMs, signal, (resolve, reject) => {
    const literal = isIP(target.host);
    const socket = createSocket({
      type: (literal || family) === 6 ? 'udp6' : 'udp4',
      // An address needs no resolving; the default lookup would load node:dns for nothing.
      ...(literal !== 0 && { lookup: (host: string, _options: unknown, callback: (error: null, address: string, family: number) => void) => callback(null, host, literal) }),
    });
    socket.on('error', reject);
    const sent = performance.now();
    socket.on('message', (datagram) => {
      const timeMs = performance.now() - sent;
      if (peekId(datagram) !== id) return;
      try {
        const reply = decodeReply(datagram);
        const mismatch = reply.truncated ? undefined : replyMismatch(reply, id, query.question);
        if (mismatch) throw new MalformedReplyError(mismatch);
        resolve({ reply, transport: 'udp', timeMs, size: datagram.length });
      } catch (error) {
        if (error instanceof MalformedReplyError) noise = error;
        else reject(error);
      }
    });
    // Connecting an unbound socket binds it to a random ephemeral port, new for each query (RFC 5452 §9.2).
    socket.connect(target.port, target.host, (error?: Error) => {
      if (error) reject(error);
      else socket.send(bytes, (sendError) => sendError && reject(sendError));
    });
    return () => socket.close();
  }).catch((error: unknown) => {
    throw error instanceof TimeoutError && noise ? new NoiseOnlyError(timeoutMs, noise) : error;
  });
}

export function udpTransport(target: UdpTarget, family?: 4 | 6): DnsTransport {
  return { name: 'udp', exchange: (query, timeoutMs, signal) => exchange(target, family, query, timeoutMs, signal) };
}
