/** DNS over TLS (RFC 7858): TCP's framing inside TLS, the certificate checked against the server's name or address. */
import { isIP } from 'node:net';
import { frameMessage, streamExchange, type StreamTarget } from './dns-tcp.js';
import { streamResult, type DnsTransport } from './dns-transport.js';
import { trustedCas, type TlsSettings } from './tls-trust.js';

export function tlsTransport(target: StreamTarget, settings: TlsSettings, family?: 4 | 6): DnsTransport {
  return {
    name: 'tls',
    exchange: (query, timeoutMs, signal) => {
      // node:tls costs more start-up than the rest of a query; only DNS over TLS loads it.
      const tls = process.getBuiltinModule('node:tls');
      return streamResult('tls', query, undefined, (bytes) =>
        streamExchange(
          frameMessage(bytes),
          () => ({
            socket: tls.connect({
              host: target.host,
              port: target.port,
              ...(family && { family }),
              // SNI carries names only (RFC 6066 §3); an address is checked against the certificate's IP entries.
              servername: isIP(target.host) ? undefined : target.host,
              ca: trustedCas(settings, tls.rootCertificates),
              rejectUnauthorized: !settings.insecure,
            }),
            ready: 'secureConnect',
          }),
          { timeoutMs, signal },
        ),
      );
    },
  };
}
