/** One HTTP(S) POST with a deadline, an AbortSignal and a bounded response. Moves bytes; knows nothing of XML-RPC. */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { describeSystemError, InterruptedError, NetworkError } from '../errors.js';

export interface HttpPostOptions {
  readonly url: URL;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connect to last byte, must finish within this. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
  /** https only: skip certificate checks, or trust this CA (PEM) besides the system's. */
  readonly tls?: { readonly insecure?: boolean; readonly ca?: string };
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
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

export function httpPost(options: HttpPostOptions): Promise<HttpResponse> {
  const { url, signal } = options;
  if (signal.aborted) return Promise.reject(new InterruptedError());
  const secure = url.protocol === 'https:';
  const body = Buffer.from(options.body, 'utf8');
  const request = (secure ? httpsRequest : httpRequest)({
    // URL keeps IPv6 literals in brackets; the socket layer wants them bare.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    agent: false,
    headers: { ...options.headers, ...basicAuth(url), 'Content-Length': String(body.length) },
    ...(secure && {
      rejectUnauthorized: options.tls?.insecure !== true,
      ...(options.tls?.ca !== undefined && { ca: [...rootCertificates, options.tls.ca] }),
    }),
  });

  return new Promise<HttpResponse>((resolve, reject) => {
    const fail = (error: unknown) => {
      cleanup();
      reject(error instanceof NetworkError || error instanceof InterruptedError ? error : new NetworkError(describeSystemError(error), { cause: error }));
      request.destroy();
    };
    const timer = setTimeout(() => fail(new NetworkError(`no answer from ${displayUrl(url)} after ${options.timeoutMs} ms (try --timeout)`)), options.timeoutMs);
    const onAbort = () => fail(new InterruptedError());
    signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };

    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          fail(new NetworkError(`the response from ${displayUrl(url)} is larger than ${options.maxResponseBytes} bytes; stopped reading`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () => {
        cleanup();
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body: Buffer.concat(chunks) });
      });
    });
    request.end(body);
  });
}
