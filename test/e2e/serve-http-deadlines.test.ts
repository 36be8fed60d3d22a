/** The HTTP services' shared deadlines and body cap, against `nettool serve` with raw clients that stall. */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { rssKiB, startServe, type RunningServe } from '../helpers/serve.js';

/** A raw request and everything the server says until it closes; `write` may leave the request unfinished. */
function openClient(port: number, write: (socket: Socket) => void): { socket: Socket; closed: Promise<{ text: string; atMs: number }> } {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<{ text: string; atMs: number }>((resolve) => socket.on('close', () => resolve({ text, atMs: Date.now() - started })));
  write(socket);
  return { socket, closed };
}

async function call(port: number, body: string): Promise<string> {
  const { closed } = openClient(port, (socket) =>
    socket.end(`POST /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
  );
  return (await closed).text;
}

const addCall = '<?xml version="1.0"?><methodCall><methodName>add</methodName><params><param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>';

describe('serve xmlrpc: stalled request bodies', () => {
  it('100 clients that stall halfway through a large body are closed by --request-timeout, and memory comes back', async () => {
    const server: RunningServe = await startServe(['xmlrpc', '--host', '127.0.0.1', '--request-timeout', '2']);
    try {
      // Warm: the first calls load and compile the decoding path; that is the server's resting size.
      for (let i = 0; i < 20; i++) expect(await call(server.port, addCall)).toContain('<int>5</int>');
      const before = await rssKiB(server.child.pid!);
      const payload = Buffer.alloc(900_000, 0x61);
      const stalled = Array.from({ length: 100 }, () =>
        openClient(server.port, (socket) => {
          socket.write('POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000010\r\n\r\n');
          socket.write(payload);
        }),
      );
      const ends = await Promise.all(stalled.map((client) => client.closed));
      // The bodies that fit the shared budget (4 MiB) are held until the deadline cuts them with 408;
      // the rest are refused at once with 503 rather than held. None outlives the deadline by much.
      const timedOut = ends.filter((end) => end.text.startsWith('HTTP/1.1 408'));
      expect(timedOut.length).toBeGreaterThanOrEqual(4);
      for (const end of timedOut) expect(end.atMs).toBeGreaterThanOrEqual(1900);
      for (const end of ends) expect(end.atMs).toBeLessThan(15_000);
      // The server answers again at once, and holds no memory for the clients that have gone.
      expect(await call(server.port, addCall)).toContain('<int>5</int>');
      const after = await rssKiB(server.child.pid!);
      expect(after - before).toBeLessThan(20 * 1024);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('a request whose headers never finish is closed by the header deadline', async () => {
    const server = await startServe(['xmlrpc', '--host', '127.0.0.1', '--request-timeout', '1']);
    try {
      const { closed } = openClient(server.port, (socket) => socket.write('POST /RPC2 HTTP/1.1\r\nHost: x\r\n'));
      const end = await closed;
      expect(end.text).toMatch(/^HTTP\/1\.1 408/);
      expect(end.atMs).toBeLessThan(10_000);
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('serve http has the same body deadline (a GET that announces a body and stalls)', async () => {
    const server = await startServe(['http', '--host', '127.0.0.1', '--dir', '.', '--request-timeout', '1']);
    try {
      const { closed } = openClient(server.port, (socket) => socket.write('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab'));
      const end = await closed;
      expect(end.atMs).toBeGreaterThanOrEqual(900);
      expect(end.atMs).toBeLessThan(10_000);
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('--request-timeout must be a positive number of seconds', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const result = await runCli(['serve', 'xmlrpc', '0', '--request-timeout', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--request-timeout/);
  });
});
