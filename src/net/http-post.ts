/**
 * One HTTP(S) POST with a deadline, an AbortSignal and a bounded response. Moves bytes; knows no
 * payload (XML-RPC, DNS messages) and leaves the wording of failures to its callers.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { NetworkError } from '../errors.js';
import { ContentEncodingError, decodeContentEncoding } from '../protocol/content-encoding.js';
import { withDeadline } from './deadline.js';
import { trustedCas, type TlsSettings } from './tls-trust.js';

export interface HttpPostOptions {
  readonly url: URL;
  readonly body: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connect to last byte, must finish within this. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
  /** https only: skip certificate checks, or trust this CA (PEM) besides the system's. */
  readonly tls?: TlsSettings;
  /**
   * Looks at the status and headers before the body is read: an error it returns fails the POST
   * at once, so an unwanted answer (an HTML error page) is named by its status, not by its size.
   */
  readonly checkResponse?: (response: IncomingMessage) => Error | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The response grew past `maxResponseBytes`; reading stopped there. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`the response is larger than ${limit} bytes; stopped reading`);
  }
}

/** `http://host:port/path`, without the credentials a URL may carry: safe for messages. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Basic auth from `http://user:password@host/` (RFC 7617), percent-decoded as URLs encode them. */
function basicAuth(url: URL): Record<string, string> {
  if (!url.username && !url.password) return {};
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

/**
 * Resolves with the whole response, whatever its status. Rejects with TimeoutError, the signal's
 * reason, ResponseTooLargeError, or the socket's or TLS's own error.
 */
export async function httpPost(options: HttpPostOptions): Promise<HttpResponse> {
  const { url } = options;
  const secure = url.protocol === 'https:';
  // node:https (and with it node:tls) is slow to load: plain http never pays for it.
  const { request } = process.getBuiltinModule(secure ? 'node:https' : 'node:http');
  const tls = secure ? process.getBuiltinModule('node:tls') : undefined;
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  return withDeadline<HttpResponse>(options.timeoutMs, options.signal, (resolve, reject) => {
    const req = request({
      // URL keeps IPv6 literals in brackets; the socket layer wants them bare.
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: false,
      headers: { ...options.headers, ...basicAuth(url), 'Content-Length': String(body.length) },
      ...(tls && { rejectUnauthorized: options.tls?.insecure !== true, ca: trustedCas(options.tls ?? {}, tls.rootCertificates) }),
    });
    // Node calls a clean close (FIN) before the response is whole a reset ("socket hang up",
    // "aborted"): whether the FIN came first tells the two apart.
    let closedByServer = false;
    let received: string | undefined;
    req.on('socket', (socket) => socket.prependOnceListener('end', () => (closedByServer = true)));
    const fail = (error: NodeJS.ErrnoException) =>
      reject(closedByServer && error.code === 'ECONNRESET' ? new NetworkError(`the server closed the connection early, ${received ?? 'before it answered'}`, { cause: error }) : error);
    req.on('error', fail);
    req.on('response', (response: IncomingMessage) => {
      const refused = options.checkResponse?.(response);
      if (refused) return reject(refused);
      const chunks: Buffer[] = [];
      let size = 0;
      const length = response.headers['content-length'];
      received = `after ${size} of ${length ?? 'an unknown number of'} bytes of the response`;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        received = `after ${size} of ${length ?? 'an unknown number of'} bytes of the response`;
        if (size > options.maxResponseBytes) reject(new ResponseTooLargeError(options.maxResponseBytes));
        else chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () => {
        let decoded: Buffer;
        try {
          decoded = decodeContentEncoding(Buffer.concat(chunks), response.headers['content-encoding'], options.maxResponseBytes);
        } catch (error) {
          return reject(error instanceof ContentEncodingError ? new NetworkError(`the server's response: ${error.message}`) : error);
        }
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body: decoded });
      });
    });
    req.end(body);
    return () => req.destroy();
  });
}
