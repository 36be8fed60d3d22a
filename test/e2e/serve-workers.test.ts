import { execFileSync } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli } from '../helpers/run-cli.js';
import { python, startServe, type RunningServe } from '../helpers/serve.js';

/** The worker processes of a serve primary: its children, as ps lists them. */
function workersOf(server: RunningServe): number[] {
  const out = execFileSync('ps', ['--ppid', String(server.child.pid), '-o', 'pid='], { encoding: 'utf8' });
  return out.split('\n').map((line) => Number(line.trim())).filter((pid) => pid > 0);
}

async function open(port: number): Promise<Socket> {
  const socket = createConnection(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Sends a line and resolves with what the echo server sends back (the socket stays open). */
function echoLine(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (data) => resolve(data.toString()));
    socket.write(text);
  });
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('nettool serve --workers', () => {
  it('spreads held clients over the workers in turn: two connections, two worker processes (ss -tnp)', async () => {
    requirePeer('ss', 'iproute2');
    const server = await startServe(['echo', '--host', '127.0.0.1', '--workers', '2']);
    const sockets: Socket[] = [];
    try {
      expect(server.stderr()).toMatch(/^Serving echo on 127\.0\.0\.1:\d+ \(TCP, 2 workers\)$/m);
      const workers = workersOf(server);
      expect(workers).toHaveLength(2);
      for (const text of ['one\n', 'two\n']) {
        const socket = await open(server.port);
        sockets.push(socket);
        expect(await echoLine(socket, text)).toBe(text);
      }
      const owners = execFileSync('ss', ['-Htnp', 'state', 'established', 'sport', '=', `:${server.port}`], { encoding: 'utf8' });
      const pids = new Set([...owners.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1])));
      expect([...pids].sort()).toEqual([...workers].sort());
    } finally {
      for (const socket of sockets) socket.destroy();
      const result = await server.stop();
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^Stopped echo after .*: 2 connections; 8 B in, 8 B out$/m);
    }
  });

  it('--max-clients is a total over every worker', async () => {
    const server = await startServe(['echo', '--host', '127.0.0.1', '--workers', '2', '--max-clients', '2']);
    const sockets: Socket[] = [];
    try {
      for (const text of ['a\n', 'b\n']) {
        const socket = await open(server.port);
        sockets.push(socket);
        expect(await echoLine(socket, text)).toBe(text);
      }
      const third = await open(server.port);
      await new Promise((resolve) => third.once('close', resolve));
      expect(server.stderr()).toMatch(/^Refused 127\.0\.0\.1:\d+: too many clients \(--max-clients 2\)$/m);
      sockets.shift()!.destroy();
      // Once one leaves, the primary hears of it and lets the next client in.
      const fourth = await waitFor(() => (server.stderr().match(/^Closed /m) ? true : undefined), 'the close report');
      expect(fourth).toBe(true);
      const socket = await open(server.port);
      sockets.push(socket);
      expect(await echoLine(socket, 'c\n')).toBe('c\n');
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.stop();
    }
  });

  it('starts another worker when one dies, and keeps serving', async () => {
    const server = await startServe(['echo', '--host', '127.0.0.1', '--workers', '2']);
    try {
      const [victim] = workersOf(server);
      process.kill(victim!, 'SIGKILL');
      await waitFor(() => (server.stderr().includes(`worker ${victim} was killed by SIGKILL; starting another`) ? true : undefined), 'the restart line');
      await waitFor(() => (workersOf(server).length === 2 && !workersOf(server).includes(victim!) ? true : undefined), 'a second worker');
      const out = await python(
        `
import socket, sys
for i in range(4):
    s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
    s.sendall(b'x%d\\n' % i); s.shutdown(socket.SHUT_WR)
    print(s.recv(100).decode(), end='')
`,
        [server.port],
      );
      expect(out).toBe('x0\nx1\nx2\nx3\n');
    } finally {
      expect((await server.stop('SIGTERM')).code).toBe(0);
    }
  });

  it('serves HTTP from several workers, with one access log', async () => {
    const server = await startServe(['http', '--host', '127.0.0.1', '--workers', '2', '--dir', 'test/fixtures']);
    try {
      for (let i = 0; i < 4; i++) expect((await fetch(`http://127.0.0.1:${server.port}/`, { headers: { connection: 'close' } })).status).toBe(200);
    } finally {
      const result = await server.stop();
      expect(result.stderr.match(/"GET \/ HTTP\/1\.1" 200 /g)).toHaveLength(4);
      expect(result.stderr).toMatch(/: 4 connections;/);
    }
  });

  it("keeps node:http's header deadline in the workers: a client that drips its headers is cut", async () => {
    const server = await startServe(['http', '--host', '127.0.0.1', '--dir', '.', '--workers', '2', '--request-timeout', '1']);
    let drip: NodeJS.Timeout | undefined;
    try {
      const socket = await open(server.port);
      const started = Date.now();
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
      // A header byte every 200 ms keeps the socket from idling out: only the header deadline can end it.
      drip = setInterval(() => socket.writable && socket.write('X'), 200);
      await new Promise((resolve) => socket.once('close', resolve));
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      clearInterval(drip);
      await server.stop();
    }
  }, 30_000);

  it('a worker that cannot start is one line from the primary, not one per process', async () => {
    const result = await runCli(['serve', 'http', '0', '--host', '127.0.0.1', '--workers', '2', '--dir', '/nonexistent-nettool-dir']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['serve', 'metrics', '0', '--workers', '2'], /metrics runs as one process/],
    [['serve', 'echo', '0', '--udp', '--workers', '2'], /UDP services run as one process/],
    [['serve', 'echo', '0', '--workers', '0'], /bad --workers '0'/],
    [['serve', 'echo', '0', '--workers', 'many'], /bad --workers 'many'/],
    [['serve', 'echo', '0', '--workers', '65'], /at most 64/],
  ])('refuses %j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
