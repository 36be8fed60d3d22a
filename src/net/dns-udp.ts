/** DNS over UDP (RFC 1035 §4.2.1): one socket per query, on a random source port. Moves bytes; checks nothing itself. */
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { withDeadline } from './deadline.js';

export interface UdpTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * Sends `query` and resolves with the first datagram `accept` takes; others (stale or spoofed
 * replies) are dropped while the clock runs. `accept` may throw to fail the exchange.
 * The socket is connected, so the kernel drops datagrams from any other address or port.
 */
export function udpExchange(
  query: Uint8Array,
  target: UdpTarget,
  options: { timeoutMs: number; signal: AbortSignal; accept: (datagram: Buffer) => boolean },
): Promise<Buffer> {
  return withDeadline<Buffer>(options.timeoutMs, options.signal, (resolve, reject) => {
    const family = isIP(target.host);
    const socket = createSocket({
      type: family === 6 ? 'udp6' : 'udp4',
      // An address needs no resolving; the default lookup would load node:dns for nothing.
      ...(family !== 0 && { lookup: (host: string, _options: unknown, callback: (error: null, address: string, family: number) => void) => callback(null, host, family) }),
    });
    socket.on('error', reject);
    socket.on('message', (datagram) => {
      try {
        if (options.accept(datagram)) resolve(datagram);
      } catch (error) {
        reject(error);
      }
    });
    // Connecting an unbound socket binds it to a random ephemeral port, new for each query (RFC 5452 §9.2).
    socket.connect(target.port, target.host, (error?: Error) => {
      if (error) reject(error);
      else socket.send(query, (sendError) => sendError && reject(sendError));
    });
    return () => socket.close();
  });
}
