/** HTTP services on node:http behind the shared policy: any request listener (static files, XML-RPC) plugs in here. */
import { createServer, type IncomingMessage, type RequestListener } from 'node:http';
import type { Duplex } from 'node:stream';
import { applyHttpLimits, httpLimits, httpServerOptions, type HttpLimits } from './http-limits.js';
import { bindServerWithPolicy, closeServer, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';
import { describePeer } from './policy.js';

export interface HttpServiceOptions extends ServiceOptions {
  /** The request listener, given the limits this server enforces (a listener that reads bodies takes their cap). */
  readonly listener: (limits: HttpLimits) => RequestListener;
}

export async function createHttpServer(options: HttpServiceOptions): Promise<ServerHandle> {
  const { policy } = options;
  // Every HTTP service gets the same deadlines and body cap, from here.
  const limits = httpLimits(options.requestTimeoutMs);
  const listener = options.listener(limits);
  const server = createServer(httpServerOptions(limits), (request, response) => {
    const { socket } = request;
    const client = describePeer(socket);
    const now = options.now ?? Date.now;
    const started = now();
    // What this response put on the wire, headers included (keep-alive reuses the socket's counter).
    // A pipelined request's response waits for those before it and gets the socket ('socket') only then.
    let before = socket.bytesWritten;
    if (!response.socket) response.once('socket', (assigned) => (before = assigned.bytesWritten));
    // Before node:http's own 'finish' listener, which hands the socket to the next pipelined response
    // and flushes what that one has buffered: counted after it, those bytes would be this response's.
    response.prependListener('finish', () => {
      policy.recordRequest({ client, method: request.method ?? '?', path: request.url ?? '', version: request.httpVersion, status: response.statusCode, bytes: socket.bytesWritten - before, durationMs: now() - started });
    });
    listener(request, response);
  });
  applyHttpLimits(server, limits);
  // node:http hands CONNECT to a 'connect' listener and, with none, drops the socket without a word.
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const body = 'CONNECT is for proxies, and this server is not one\n';
    socket.on('error', () => {});
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    policy.recordRequest({ client: describePeer(request.socket), method: 'CONNECT', path: request.url ?? '', version: request.httpVersion, status: 400, bytes: 0, durationMs: 0 });
  });
  // The policy sees the socket before the HTTP parser reads from it; a refused one is destroyed at once.
  server.prependListener('connection', (socket) => policy.admit(socket));
  const address = await bindServerWithPolicy(server, options.target, policy);
  return {
    address,
    close: async () => {
      server.closeAllConnections();
      await closeServer(server, policy);
    },
  };
}
