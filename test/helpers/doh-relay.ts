/** A small DNS-over-HTTPS front (RFC 8484 POST) that relays each query to a DNS server over TCP. Test use only. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { connect } from 'node:net';

export interface DohRelay {
  readonly url: string;
  /** How many POSTs it relayed. */
  readonly count: () => number;
  close(): Promise<void>;
}

function askOverTcp(query: Buffer, port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    socket.setTimeout(5000, () => socket.destroy(new Error('upstream timed out')));
    socket.once('connect', () => socket.write(Buffer.concat([prefix, query])));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        resolve(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('end', () => reject(new Error('upstream closed')));
  });
}

export async function startDohRelay(options: { cert: string; key: string; dnsPort: number }): Promise<DohRelay> {
  let count = 0;
  const server: Server = createServer({ cert: readFileSync(options.cert), key: readFileSync(options.key) }, (req, res) => {
    // A web page where the resolver was expected, as a mistyped --https URL finds: larger than any DNS message.
    if (req.url === '/page') {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>${'x'.repeat(200_000)}</html>`);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/dns-query' || req.headers['content-type'] !== 'application/dns-message') {
      res.writeHead(415).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 65535) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      count++;
      askOverTcp(Buffer.concat(chunks), options.dnsPort).then(
        (reply) => res.writeHead(200, { 'content-type': 'application/dns-message', 'content-length': reply.length }).end(reply),
        () => res.writeHead(502).end(),
      );
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return {
    url: `https://127.0.0.1:${port}/dns-query`,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
