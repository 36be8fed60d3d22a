import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath, runCli } from '../helpers/run-cli.js';
import { python, rssKiB, startServe } from '../helpers/serve.js';

const connectAndRead = `
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
s = socket.create_connection((host, port), timeout=5)
start = time.time()
try:
    s.sendall(b'hi')
    data = s.recv(100)
    print('open' if data else 'closed', round(time.time() - start, 1))
except (ConnectionResetError, BrokenPipeError):
    print('closed', round(time.time() - start, 1))
`;

describe('nettool serve: the shared connection policy', () => {
  it('--allow admits matching clients (IPv6 and IPv4-mapped alike) and closes the rest at once', async () => {
    const server = await startServe(['echo', '--allow', '::1', '--allow', '10.0.0.0/8']);
    try {
      expect(await python(connectAndRead, ['::1', server.port])).toMatch(/^open /);
      expect(await python(connectAndRead, ['127.0.0.1', server.port])).toMatch(/^closed 0\.0/);
    } finally {
      const result = await server.stop();
      expect(result.stderr).toMatch(/^Refused 127\.0\.0\.1:\d+: not in --allow$/m);
      expect(result.stderr).toMatch(/^Received connection from \[::1\]:\d+$/m);
      expect(result.stderr).toMatch(/1 connection \(1 refused\)/);
    }
  });

  it('--allow with an IPv4 block admits IPv4 clients of the dual-stack socket', async () => {
    const server = await startServe(['echo', '--allow', '127.0.0.0/8']);
    try {
      expect(await python(connectAndRead, ['127.0.0.1', server.port])).toMatch(/^open /);
      expect(await python(connectAndRead, ['::1', server.port])).toMatch(/^closed /);
    } finally {
      await server.stop();
    }
  });

  it('--allow applies to UDP too', async () => {
    const server = await startServe(['echo', '--udp', '--allow', '::1']);
    try {
      const out = await python(
        `
import socket, sys
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(0.5)
u.sendto(b'x', ('127.0.0.1', int(sys.argv[1])))
try:
    u.recvfrom(10); print('answered')
except socket.timeout:
    print('silent')
`,
        [server.port],
      );
      expect(out).toBe('silent\n');
    } finally {
      expect((await server.stop()).stderr).toMatch(/^Refused 127\.0\.0\.1:\d+: not in --allow$/m);
    }
  });

  it('--max-clients refuses beyond N at once, and admits again when one leaves', async () => {
    const server = await startServe(['echo', '--max-clients', '2']);
    try {
      const out = await python(
        `
import socket, sys, time
port = int(sys.argv[1])
def probe(s):
    try:
        s.sendall(b'x'); return 'open' if s.recv(10) else 'closed'
    except (ConnectionResetError, BrokenPipeError):
        return 'closed'
a = socket.create_connection(('127.0.0.1', port), timeout=5); print(probe(a))
b = socket.create_connection(('127.0.0.1', port), timeout=5); print(probe(b))
c = socket.create_connection(('127.0.0.1', port), timeout=5); print(probe(c))
a.close(); time.sleep(0.3)
d = socket.create_connection(('127.0.0.1', port), timeout=5); print(probe(d))
`,
        [server.port],
      );
      expect(out).toBe('open\nopen\nclosed\nopen\n');
    } finally {
      expect((await server.stop()).stderr).toMatch(/^Refused 127\.0\.0\.1:\d+: too many clients \(--max-clients 2\)$/m);
    }
  });

  it('--idle-timeout closes a quiet client', async () => {
    const server = await startServe(['echo', '--idle-timeout', '0.5']);
    try {
      const out = await python(
        `
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
start = time.time()
print(s.recv(10), round(time.time() - start, 1))
`,
        [server.port],
      );
      const [data, seconds] = out.trim().split(' ');
      expect(data).toBe("b''");
      expect(Number(seconds)).toBeGreaterThanOrEqual(0.4);
      expect(Number(seconds)).toBeLessThan(2);
    } finally {
      expect((await server.stop()).stderr).toMatch(/^Closed 127\.0\.0\.1:\d+ after .*\(idle for 0\.5 s\)$/m);
    }
  });

  it('--udp-rate bounds the answers per source', async () => {
    const server = await startServe(['echo', '--udp', '--udp-rate', '5']);
    try {
      const out = await python(
        `
import socket, sys, time
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(0.5)
for i in range(50): u.sendto(b'x', ('127.0.0.1', int(sys.argv[1])))
answers = 0
try:
    while True: u.recvfrom(10); answers += 1
except socket.timeout:
    pass
print(answers)
`,
        [server.port],
      );
      // A burst of one second's worth (5), plus what refills while the 50 arrive.
      expect(Number(out)).toBeGreaterThanOrEqual(5);
      expect(Number(out)).toBeLessThanOrEqual(8);
    } finally {
      const result = await server.stop();
      expect(result.stderr).toMatch(/^Dropping datagrams from 127\.0\.0\.1:\d+: over --udp-rate 5\/s$/m);
      expect(result.stderr).toMatch(/dropped by --udp-rate/);
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s stops accepting, closes clients, prints a summary and exits 0', async (signal) => {
    const server = await startServe(['echo']);
    const held = python(
      `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)
s.sendall(b'x' * 1000); n = 0
while n < 1000: n += len(s.recv(4096))
print('echoed', n, flush=True)
print('then', s.recv(10))
`,
      [server.port],
    );
    // Wait for the held client to be echoed before stopping.
    for (let i = 0; i < 100 && !/Received connection/.test(server.stderr()); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const result = await server.stop(signal);
    expect(await held).toBe("echoed 1000\nthen b''\n");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Closed 127\.0\.0\.1:\d+ after .*: 1000 B in, 1000 B out \(server stopping\)/);
    expect(result.stderr).toMatch(/^Stopped echo after [\d.]+ (ms|s): 1 connection; 1000 B in, 1000 B out$/m);
  });

  it('--json logs JSON Lines on stdout, summary last', async () => {
    const server = await startServe(['hello', '--json']);
    await python(`import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1]))).recv(100)`, [server.port]);
    await new Promise((r) => setTimeout(r, 200));
    const result = await server.stop();
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((e) => e.event)).toEqual(['listening', 'connection', 'closed', 'summary']);
    expect(events[0]).toMatchObject({ service: 'hello', transport: 'tcp', address: `[::]:${server.port}` });
    expect(events[1]).toMatchObject({ client: expect.stringMatching(/^127\.0\.0\.1:\d+$/), time: expect.any(String) });
    expect(events[3]).toMatchObject({ connections: 1, refused: 0, bytesIn: 0, bytesOut: expect.any(Number) });
    expect(result.stderr).toBe('');
  });

  it('a chargen client that never reads does not grow the server', async () => {
    const server = await startServe(['chargen']);
    try {
      const before = await rssKiB(server.child.pid!);
      const client = python(
        `
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(('127.0.0.1', int(sys.argv[1])))
time.sleep(3)
print('done')
`,
        [server.port],
      );
      const samples: number[] = [];
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 450));
        samples.push(await rssKiB(server.child.pid!));
      }
      expect(await client).toBe('done\n');
      expect(Math.max(...samples) - before).toBeLessThan(20 * 1024);
    } finally {
      await server.stop();
    }
  });

  it('an echo client that sends but never reads does not grow the server', async () => {
    const server = await startServe(['echo']);
    try {
      const before = await rssKiB(server.child.pid!);
      const out = await python(
        `
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(('127.0.0.1', int(sys.argv[1]))); s.setblocking(False)
sent, end, chunk = 0, time.time() + 3, b'x' * 65536
while time.time() < end:
    try: sent += s.send(chunk)
    except BlockingIOError: time.sleep(0.01)
print(sent)
`,
        [server.port],
      );
      const after = await rssKiB(server.child.pid!);
      // The kernel's buffers fill and the sender is stopped: far less than 3 s of loopback traffic got through.
      expect(Number(out)).toBeLessThan(64 * 1024 * 1024);
      expect(after - before).toBeLessThan(20 * 1024);
    } finally {
      await server.stop();
    }
  });

  it('a port in use is one line with a hint, exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runCli(['serve', 'echo', String(port), '--host', '127.0.0.1']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `nettool: cannot listen on 127.0.0.1:${port} (TCP): listen EADDRINUSE: address already in use 127.0.0.1:${port}; another program has this port (see 'nettool netstat -l'); pick another port, or 0 for a free one\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('a port below 1024 without privilege is one line with a hint, exit 1', async () => {
    // As nobody, so the kernel refuses (net.ipv4.ip_unprivileged_port_start is 1024 here); port 7 is echo's default.
    const setpriv = requirePeer('setpriv', 'util-linux');
    const out = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const args = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, binPath, 'serve', 'echo', '--host', '127.0.0.1'];
      execFile(setpriv, args, { timeout: 10_000, env: { ...process.env, NO_COLOR: '1' } }, (error, _stdout, stderr) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }),
      );
    });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^nettool: cannot listen on 127\.0\.0\.1:7 \(TCP\): .*EACCES.*; ports below 1024 need root or CAP_NET_BIND_SERVICE; try 8007 or 0 for a free one\n$/);
  });

  it('a --unix path in a missing directory, or with a file in the way, says so (libuv says EACCES and EADDRINUSE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettool-unix-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      const missing = await runCli(['serve', 'echo', '--unix', join(dir, 'no', 'x.sock')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(`nettool: cannot listen on ${join(dir, 'no', 'x.sock')} (Unix): the directory ${join(dir, 'no')} does not exist\n`);
      const file = await runCli(['serve', 'echo', '--unix', join(dir, 'file')]);
      expect(file.code).toBe(1);
      expect(file.stderr).toBe(`nettool: cannot listen on ${join(dir, 'file')} (Unix): ${join(dir, 'file')} exists and is not a socket; pick another path\n`);
      expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['serve', 'nope'], /^nettool: unknown service 'nope': choose one of echo, discard, daytime, chargen, time, hello, http, xmlrpc, mp, metrics\n$/],
    [['serve', 'hello', '0', '--udp'], /^nettool: hello has no UDP form/],
    [['serve', 'echo', '0', '--rfc868'], /^nettool: --rfc868 is for the time service\n$/],
    [['serve', 'echo', '0', '--dir', '/tmp'], /^nettool: --dir is for the http service\n$/],
    [['serve', 'echo', '0', '--allow', '10.0.0.1/8'], /^nettool: bad CIDR '10\.0\.0\.1\/8': host bits are set/],
    [['serve', 'echo', '0', '--allow', 'localhost'], /^nettool: bad CIDR 'localhost'/],
    [['serve', 'echo', '70000'], /^nettool: bad port '70000'/],
    [['serve', 'echo', '0', '--max-clients', '0'], /^nettool: bad --max-clients '0'/],
    [['serve', 'echo', '0', '--idle-timeout', 'soon'], /^nettool: bad --idle-timeout 'soon'/],
    [['serve', 'echo', '0', '--udp-rate', '-1'], /^nettool: bad --udp-rate '-1'/],
    [['serve', 'echo', '--unix', '/tmp/x.sock', '--udp'], /^nettool: --unix listens on a stream socket/],
    [['serve', 'echo', '--unix', '/tmp/x.sock', '--allow', '::1'], /^nettool: --allow filters IP addresses/],
    [['serve', 'http', '0', '--dir', '/nonexistent-dir-xyz'], /^nettool: --dir '\/nonexistent-dir-xyz' does not exist\n$/],
  ])('usage error %j exits 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
