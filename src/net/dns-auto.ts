/** dig's default: UDP, and the same question again over TCP when the reply is truncated (RFC 7766 §5). */
import type { DnsTransport } from './dns-transport.js';

/** `udp` and `tcp` come already wrapped in their tries, so each leg's failure names its own transport. */
export function autoTransport(udp: DnsTransport, tcp: DnsTransport): DnsTransport {
  return {
    name: 'auto',
    exchange: async (query, timeoutMs, signal) => {
      const result = await udp.exchange(query, timeoutMs, signal);
      return result.reply.truncated ? tcp.exchange(query, timeoutMs, signal) : result;
    },
  };
}
