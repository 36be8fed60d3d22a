import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { python, startServe } from '../helpers/serve.js';

/** The RFC 864 pattern as Python builds it, independently of src/protocol/chargen.ts. */
const pythonChargen = `
printable = ''.join(chr(c) for c in range(32, 127))
def line(n):
    s = n % 95
    return ((printable + printable)[s:s + 72] + '\\r\\n').encode()
`;

describe('nettool serve: the inetd services against Python clients', () => {
  it('echo over TCP, IPv4 and IPv6 on one dual-stack socket', async () => {
    const server = await startServe(['echo']);
    try {
      const out = await python(
        `
import socket, sys
for host in ('127.0.0.1', '::1'):
    s = socket.create_connection((host, int(sys.argv[1])), timeout=5)
    s.sendall(b'hello, ' + host.encode() + b'\\n')
    s.shutdown(socket.SHUT_WR)
    data = b''
    while chunk := s.recv(4096): data += chunk
    print(data.decode(), end='')
`,
        [server.port],
      );
      expect(out).toBe('hello, 127.0.0.1\nhello, ::1\n');
    } finally {
      const result = await server.stop();
      expect(result.stderr).toMatch(/^Received connection from 127\.0\.0\.1:\d+$/m);
      expect(result.stderr).toMatch(/^Received connection from \[::1\]:\d+$/m);
    }
  });

  it('echo over UDP', async () => {
    const server = await startServe(['echo', '--udp']);
    try {
      const out = await python(
        `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)
s.sendto(b'ping 1', ('127.0.0.1', int(sys.argv[1])))
print(s.recvfrom(2048)[0].decode())
`,
        [server.port],
      );
      expect(out).toBe('ping 1\n');
    } finally {
      expect((await server.stop()).stderr).toMatch(/^Received datagram from 127\.0\.0\.1:\d+: 6 B in, 6 B out$/m);
    }
  });

  it('discard reads everything and answers nothing, TCP and UDP', async () => {
    const tcp = await startServe(['discard']);
    const udp = await startServe(['discard', '--udp']);
    try {
      const out = await python(
        `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(b'x' * 1000000); s.shutdown(socket.SHUT_WR)
print(len(s.recv(10)))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(0.5)
u.sendto(b'drop me', ('127.0.0.1', int(sys.argv[2])))
try:
    u.recvfrom(100); print('answered')
except socket.timeout:
    print('silent')
`,
        [tcp.port, udp.port],
      );
      expect(out).toBe('0\nsilent\n');
    } finally {
      expect((await tcp.stop()).stderr).toMatch(/Closed 127\.0\.0\.1:\d+ after .*: 977 KiB in, 0 B out/);
      expect((await udp.stop()).stderr).toMatch(/Received datagram from .*: 7 B in, 0 B out/);
    }
  });

  it('daytime sends one ctime line with CR LF, TCP and UDP', async () => {
    const tcp = await startServe(['daytime']);
    const udp = await startServe(['daytime', '--udp']);
    try {
      const out = await python(
        `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
data = b''
while chunk := s.recv(100): data += chunk
print(repr(data))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)
u.sendto(b'', ('127.0.0.1', int(sys.argv[2])))
print(repr(u.recvfrom(100)[0]))
`,
        [tcp.port, udp.port],
      );
      const ctime = String.raw`[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\\r\\n`;
      expect(out).toMatch(new RegExp(`^b'${ctime}'\nb'${ctime}'\n$`));
    } finally {
      await tcp.stop();
      await udp.stop();
    }
  });

  it('chargen sends the RFC 864 lines until the client leaves; UDP one datagram of 0-512 characters', async () => {
    const tcp = await startServe(['chargen']);
    const udp = await startServe(['chargen', '--udp']);
    try {
      const out = await python(
        `${pythonChargen}
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
want = b''.join(line(n) for n in range(300))
data = b''
while len(data) < len(want): data += s.recv(65536)
print(data[:len(want)] == want)
s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)
pattern = b''.join(line(n) for n in range(200))
ok = True
for i in range(10):
    u.sendto(b'', ('127.0.0.1', int(sys.argv[2])))
    d = u.recvfrom(2048)[0]
    ok = ok and len(d) <= 512 and (len(d) == 0 or d in pattern)
print(ok)
`,
        [tcp.port, udp.port],
      );
      expect(out).toBe('True\nTrue\n');
    } finally {
      await tcp.stop();
      await udp.stop();
    }
  });

  it('time sends ctime text and a newline by default', async () => {
    const server = await startServe(['time']);
    try {
      const out = await python(
        `
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
data = b''
while chunk := s.recv(100): data += chunk
sent = time.mktime(time.strptime(data.decode().rstrip('\\n'), '%a %b %d %H:%M:%S %Y'))
print(repr(data[-1:]), abs(sent - time.time()) <= 2)
`,
        [server.port],
      );
      expect(out).toBe("b'\\n' True\n");
    } finally {
      await server.stop();
    }
  });

  it('time --rfc868 matches Python’s own clock, TCP and UDP', async () => {
    const tcp = await startServe(['time', '--rfc868']);
    const udp = await startServe(['time', '--rfc868', '--udp']);
    try {
      const out = await python(
        `
import socket, struct, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
data = b''
while chunk := s.recv(100): data += chunk
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)
u.sendto(b'', ('127.0.0.1', int(sys.argv[2])))
for d in (data, u.recvfrom(100)[0]):
    (value,) = struct.unpack('!I', d)
    now = int(time.time()) + 2208988800
    print(len(d), abs(value - (now % 2**32)) <= 2)
`,
        [tcp.port, udp.port],
      );
      expect(out).toBe('4 True\n4 True\n');
    } finally {
      await tcp.stop();
      await udp.stop();
    }
  });

  it('hello tells the client the address it came from', async () => {
    const server = await startServe(['hello']);
    try {
      const out = await python(
        `
import socket, sys
for host in ('127.0.0.1', '::1'):
    s = socket.create_connection((host, int(sys.argv[1])), timeout=5)
    addr = s.getsockname()
    data = s.recv(200).decode()
    mine = f'{addr[0]}:{addr[1]}' if ':' not in addr[0] else f'[{addr[0]}]:{addr[1]}'
    print(data == f'Hello {mine}\\n', repr(data))
`,
        [server.port],
      );
      expect(out).toMatch(/^True 'Hello 127\.0\.0\.1:\d+\\n'\nTrue 'Hello \[::1\]:\d+\\n'\n$/);
    } finally {
      await server.stop();
    }
  });

  it('chargen goes on after the client half-closes (ncat < /dev/null), as inetd does: only leaving stops it', async () => {
    const server = await startServe(['chargen']);
    try {
      const out = await python(
        `
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
time.sleep(0.2)  # the server has filled the socket buffers and waits for 'drain' when the FIN comes
s.shutdown(socket.SHUT_WR)
n = 0
while n < 20_000_000:
    d = s.recv(65536)
    if not d: break
    n += len(d)
print(n >= 20_000_000)
s.close()
`,
        [server.port],
      );
      expect(out).toBe('True\n');
    } finally {
      await server.stop();
    }
  });

  it('a daytime client that reads its answer but never closes does not hold a --max-clients slot', async () => {
    const server = await startServe(['daytime', '--max-clients', '1']);
    try {
      const out = await python(
        `
import socket, sys, time
first = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
data = b''
while chunk := first.recv(100): data += chunk
print(len(data) > 0)
time.sleep(3.5)  # 'first' stays open: the server is done with it all the same
second = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
print(second.recv(100).endswith(b'\\r\\n'))
`,
        [server.port],
      );
      expect(out).toBe('True\nTrue\n');
    } finally {
      expect((await server.stop()).stderr).not.toMatch(/Refused/);
    }
  });

  it('--unix serves echo on a Unix socket and removes the file on stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettool-serve-'));
    const path = join(dir, 'echo.sock');
    const server = await startServe(['echo', '--unix', path]);
    try {
      const out = await python(
        `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(b'over unix'); s.shutdown(socket.SHUT_WR)
print(s.recv(100).decode())
`,
        [path],
      );
      expect(out).toBe('over unix\n');
      const result = await server.stop();
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`Serving echo on ${path} (UNIX)`);
      expect(existsSync(path)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--unix with a path longer than the kernel takes is exit 2, not bound under a cut name', async () => {
    const path = join(tmpdir(), `${'a'.repeat(110)}.sock`);
    const result = await runCli(['serve', 'echo', '--unix', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nettool: Unix socket path '.*' is \d+ bytes, over the 107 bytes the kernel allows: use a shorter one\n$/);
    expect(existsSync(path.slice(0, 107))).toBe(false);
  });

  it('--unix replaces a stale socket file but never a regular file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettool-serve-'));
    try {
      const stale = join(dir, 'stale.sock');
      // A socket file nobody listens on any more, as a killed server leaves behind.
      await python(`import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])`, [stale]);
      expect(existsSync(stale)).toBe(true);
      const server = await startServe(['echo', '--unix', stale]);
      expect((await server.stop()).code).toBe(0);
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'keep me');
      const result = await runCli(['serve', 'echo', '--unix', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^nettool: cannot listen on .*notes\.txt \(Unix\): .*notes\.txt exists and is not a socket; pick another path\n$/);
      expect(readFileSync(file, 'utf8')).toBe('keep me');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('200 concurrent echo clients × 64 KiB come back byte for byte', async () => {
    const server = await startServe(['echo']);
    try {
      const out = await python(
        `
import asyncio, os, sys
port = int(sys.argv[1])
async def client(i):
    payload = os.urandom(65536)
    r, w = await asyncio.open_connection('127.0.0.1', port)
    async def send():
        w.write(payload); await w.drain(); w.write_eof()
    sender = asyncio.create_task(send())
    got = await r.readexactly(65536)
    await sender
    rest = await r.read()
    w.close()
    return got == payload and rest == b''
async def main():
    results = await asyncio.wait_for(asyncio.gather(*(client(i) for i in range(200))), 60)
    print(sum(results))
asyncio.run(main())
`,
        [server.port],
        90_000,
      );
      expect(out).toBe('200\n');
    } finally {
      const result = await server.stop();
      expect(result.code).toBe(0);
    }
  }, 120_000);
});

describe('nettool serve xmlrpc: the XML-RPC handler behind the shared HTTP policy', () => {
  it("answers Python's xmlrpc.client, and --allow applies", async () => {
    const server = await startServe(['xmlrpc']);
    const refusing = await startServe(['xmlrpc', '--allow', '10.0.0.0/8']);
    try {
      const out = await python(
        `
import sys, xmlrpc.client
proxy = xmlrpc.client.ServerProxy(f'http://127.0.0.1:{sys.argv[1]}/RPC2')
print(proxy.add(2, 3))
print('add' in proxy.system.listMethods())
try:
    xmlrpc.client.ServerProxy(f'http://127.0.0.1:{sys.argv[2]}/RPC2').add(1, 1)
    print('answered')
except (ConnectionError, xmlrpc.client.ProtocolError, OSError) as error:
    print('refused')
`,
        [server.port, refusing.port],
      );
      expect(out).toBe('5\nTrue\nrefused\n');
    } finally {
      expect((await server.stop()).stderr).toMatch(/^127\.0\.0\.1:\d+ - - \[[^\]]+\] "POST \/RPC2 HTTP\/1\.1" 200 \d+ \d+ ms$/m);
      expect((await refusing.stop()).stderr).toMatch(/^Refused 127\.0\.0\.1:\d+: not in --allow$/m);
    }
  });
});
