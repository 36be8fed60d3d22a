/** HTTP services on node:http behind the shared policy: any request listener (static files, XML-RPC) plugs in here. */
import { createServer, type RequestListener } from 'node:http';
import { bindServerWithPolicy, closeServer, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';
import { describePeer } from './policy.js';

export interface HttpServiceOptions extends ServiceOptions {
  readonly listener: RequestListener;
}

export async function createHttpServer(options: HttpServiceOptions): Promise<ServerHandle> {
  const { policy, listener } = options;
  const server = createServer({ noDelay: true }, (request, response) => {
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
