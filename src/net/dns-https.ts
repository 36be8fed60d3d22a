/** DNS over HTTPS (RFC 8484 §4.1): the query as the body of a POST, application/dns-message both ways. */
import { HttpStatusError, streamResult, type DnsTransport } from './dns-transport.js';
import { httpPost } from './http-post.js';
import type { TlsSettings } from './tls-trust.js';

/** The largest DNS message (a 16-bit length), so a misbehaving server cannot make the body grow without bound. */
const maxMessage = 65535;
const dnsMessage = 'application/dns-message';

/** Resolves with the reply message; rejects with HttpStatusError for any answer but 200 and a DNS message. */
async function post(query: Uint8Array, url: URL, options: { timeoutMs: number; signal: AbortSignal; tls: TlsSettings }): Promise<Buffer> {
  const response = await httpPost({
    url,
    body: query,
    headers: { 'Content-Type': dnsMessage, Accept: dnsMessage },
    maxResponseBytes: maxMessage,
    checkResponse: ({ statusCode, statusMessage, headers }) => {
      const type = headers['content-type'] ?? '';
      if (statusCode === 200 && type.startsWith(dnsMessage)) return undefined;
      return new HttpStatusError(`HTTP ${statusCode} ${statusMessage ?? ''}`.trim() + (type ? ` (${type})` : ''));
    },
    ...options,
  });
  return response.body;
}

export function httpsTransport(url: URL, tls: TlsSettings): DnsTransport {
  return {
    name: 'https',
    // ID 0, so that HTTP caches see equal queries as equal (RFC 8484 §4.1).
    exchange: (query, timeoutMs, signal) => streamResult('https', query, 0, (bytes) => post(bytes, url, { timeoutMs, signal, tls })),
  };
}
