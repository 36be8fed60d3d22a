/** DNS over HTTPS (RFC 8484 §4.1): the query as the body of a POST, application/dns-message both ways. */
import { httpPost } from './http-post.js';
import type { TlsSettings } from './tls-trust.js';

/** The largest DNS message (a 16-bit length), so a misbehaving server cannot make the body grow without bound. */
const maxMessage = 65535;
const dnsMessage = 'application/dns-message';

export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
}

/** Resolves with the reply message; rejects with HttpStatusError for any answer but 200 and a DNS message. */
export async function httpsExchange(
  query: Uint8Array,
  url: URL,
  options: { timeoutMs: number; signal: AbortSignal; tls: TlsSettings },
): Promise<Buffer> {
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
