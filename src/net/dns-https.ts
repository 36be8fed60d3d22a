/** DNS over HTTPS (RFC 8484 §4.1): the query as the body of a POST, application/dns-message both ways. */
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { trustedCas, type TlsSettings } from './dns-stream.js';
import { withDeadline } from './deadline.js';

/** The largest DNS message (a 16-bit length), so a misbehaving server cannot make the body grow without bound. */
const maxMessage = 65535;

export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
}

export function httpsExchange(
  query: Uint8Array,
  url: URL,
  options: { timeoutMs: number; signal: AbortSignal; tls: TlsSettings },
): Promise<Buffer> {
  return withDeadline<Buffer>(options.timeoutMs, options.signal, (resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message', 'content-length': query.length },
      ca: trustedCas(options.tls, rootCertificates),
      rejectUnauthorized: !options.tls.insecure,
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (response) => {
      const type = response.headers['content-type'] ?? '';
      if (response.statusCode !== 200 || !type.startsWith('application/dns-message')) {
        response.resume();
        reject(new HttpStatusError(`HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim() + (type ? ` (${type})` : '')));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxMessage) reject(new Error(`the reply body exceeds ${maxMessage} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    });
    req.end(query);
    return () => req.destroy();
  });
}
