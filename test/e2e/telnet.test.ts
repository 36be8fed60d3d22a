import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath, runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';
import { freePort, makeCertificate, makeExpiredCertificate, startPeer, tempDir, waitForPort } from '../helpers/stream-peers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nettool telnet against Python http.server', () => {
  let port = 0;
  let server: ReturnType<typeof startPeer>;
  beforeAll(async () => {
    port = await freePort();
    server = startPeer(requirePeer('python3', 'python3'), ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir]);
    await waitForPort(port);
  });
  afterAll(() => server.stop());

  it('prints the whole response and exits 0 when the server closes', async () => {
    const { code, stdout, stderr } = await runCli(['telnet', '127.0.0.1', String(port)], { input: 'GET / HTTP/1.0\r\n\r\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    expect(stdout).toMatch(/<\/html>\n?$/);
    expect(stderr).toBe(`Trying 127.0.0.1...\nConnected to 127.0.0.1.\nConnection closed by foreign host.\n`);
  });

  it('takes host:port, sends LF as CR LF in telnet mode, and --quiet silences status', async () => {
    const { code, stdout, stderr } = await runCli(['telnet', `127.0.0.1:${port}`, '--quiet'], { input: 'HEAD / HTTP/1.0\n\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HTTP\/1\.0 200 OK/);
    expect(stderr).toBe('');
  });

  it('-x prints a hex dump, --transcript records both directions', async () => {
    const transcript = join(dir, 'transcript.jsonl');
    const { code, stdout } = await runCli(['telnet', '--raw', '-x', '--transcript', transcript, '127.0.0.1', String(port)], { input: 'HEAD / HTTP/1.0\r\n\r\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^00000000: 4854 5450 2f31 2e30 2032 3030 204f 4b0d {2}HTTP\/1\.0 200 OK\.$/m);
    const records = readFileSync(transcript, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({ dir: 'out', size: 19, data: 'HEAD / HTTP/1.0\r\n\r\n', hex: Buffer.from('HEAD / HTTP/1.0\r\n\r\n').toString('hex') });
    expect(records.filter((r) => r.dir === 'in').map((r) => r.data).join('')).toMatch(/^HTTP\/1\.0 200 OK/);
    expect(records.every((r) => typeof r.t === 'string' && r.size === Buffer.from(r.hex, 'hex').length)).toBe(true);
  });

  it('--json prints what arrives as JSON Lines, one record per chunk, the transcript shape', async () => {
    const { code, stdout } = await runCli(['telnet', '--raw', '--json', '-x', '127.0.0.1', String(port)], { input: 'HEAD / HTTP/1.0\r\n\r\n' });
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.dir === 'in' && Date.parse(r.t) > 0 && Buffer.from(r.hex, 'hex').toString('utf8') === r.data && r.size === r.data.length)).toBe(true);
    expect(records.map((r) => r.data).join('')).toMatch(/^HTTP\/1\.0 200 OK\r\nServer: SimpleHTTP/);
  });
});

describe('nettool telnet --raw: a 20 MB binary upload', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    // A hashing sink: reads to EOF, answers with the SHA-256 and the length, then closes.
    server = createServer((socket) => {
      const hash = createHash('sha256');
      let size = 0;
      socket.on('data', (chunk) => {
        hash.update(chunk);
        size += chunk.length;
      });
      socket.on('end', () => socket.end(`${hash.digest('hex')} ${size}\n`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('arrives hash-identical, and the answer after our half-close comes back', async () => {
    const payload = randomBytes(20 * 1024 * 1024);
    const { code, stdout } = await runCli(['telnet', '--raw', '127.0.0.1', String(port)], { input: payload, timeoutMs: 60_000 });
    expect(code).toBe(0);
    expect(stdout).toBe(`${createHash('sha256').update(payload).digest('hex')} ${payload.length}\n`);
  });

  it('from a file and from a shell pipe on stdin (the fs.read paths) too', async () => {
    const payload = randomBytes(5 * 1024 * 1024 + 123);
    const file = join(dir, 'payload.bin');
    writeFileSync(file, payload);
    const expected = `${createHash('sha256').update(payload).digest('hex')} ${payload.length}\n`;
    for (const script of [`exec node "$0" telnet --raw 127.0.0.1 ${port} < ${file}`, `cat ${file} | node "$0" telnet --raw 127.0.0.1 ${port}`]) {
      const child = spawn('sh', ['-c', script, binPath], { stdio: ['ignore', 'pipe', 'pipe'] });
      const { code, stdout } = await waitForExit(child, 30_000);
      expect(code).toBe(0);
      expect(stdout).toBe(expected);
    }
  });
});

describe('nettool telnet: the end of input and the peer', () => {
  it('-q quits after end of input while the peer stays open', async () => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const started = Date.now();
      const { code, stderr } = await runCli(['telnet', '--raw', '-q', '0.5', '127.0.0.1', String(port)], { input: 'x' });
      expect(code).toBe(0);
      expect(stderr).toMatch(/Connection closed\.\n$/);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      server.close();
    }
  });

  it('a silent server with -w 1 is an idle failure, exit 1', async () => {
    // allowHalfOpen: our FIN at the end of (empty) stdin must not make it close: it stays silent.
    const server = createServer({ allowHalfOpen: true }, () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { code, stderr } = await runCli(['telnet', '-w', '1', '127.0.0.1', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^nettool: idle for 1 s: nothing sent or received \(-w\)$/m);
    } finally {
      server.close();
    }
  });

  it('-w 1 gives up connecting to a port whose accept queue is full', async () => {
    const python = requirePeer('python3', 'python3');
    const holder = startPeer(python, [fileURLToPath(new URL('../fixtures/full-backlog.py', import.meta.url)), '30']);
    try {
      const [, port] = await waitForOutput(holder.stdout!, /^(\d+)$/m);
      const started = Date.now();
      const { code, stderr } = await runCli(['telnet', '-w', '1', '127.0.0.1', port!]);
      expect(code).toBe(1);
      expect(stderr).toBe(`Trying 127.0.0.1...\nnettool: connect to 127.0.0.1:${port}: timed out after 1 s\n`);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      await holder.stop();
    }
  });

  it('output that cannot be written (stdout on a full disk) is exit 1 naming it, not a silent exit 0', async () => {
    const server = createServer((socket) => socket.end('hello\n'.repeat(1000)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const full = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [binPath, 'telnet', '--raw', '127.0.0.1', String(port)], { stdio: ['ignore', full, 'pipe'] });
      closeSync(full);
      const { code, stderr } = await waitForExit(child);
      expect(stderr).toMatch(/^nettool: .*ENOSPC|no space/im);
      expect(code).toBe(1);
    } finally {
      server.close();
    }
  });

  it('a --transcript that cannot be written (a full disk) is one line and exit 1, not a stack trace', async () => {
    const server = createServer((socket) => socket.end('hello\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const { code, stderr } = await runCli(['telnet', '--raw', '127.0.0.1', String(port), '--transcript', '/dev/full']);
      expect(code).toBe(1);
      expect(stderr).toBe('Trying 127.0.0.1...\nConnected to 127.0.0.1.\nnettool: cannot write --transcript /dev/full: ENOSPC: no space left on device, write\n');
    } finally {
      server.close();
    }
  });

  it('a refused port is one line and exit 1', async () => {
    const port = await freePort();
    const { code, stderr, stdout } = await runCli(['telnet', '127.0.0.1', String(port)]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`Trying 127.0.0.1...\nnettool: connect ECONNREFUSED 127.0.0.1:${port} (connection refused)\n`);
  });

  it.each([
    ['-s with a malformed address', ['-s', '1.2.3.4.5'], "nettool: bad -s '1.2.3.4.5': give a local IPv4 or IPv6 address\n"],
    ['--ca naming a missing file', ['--tls', '--ca', join(dir, 'missing.pem')], `nettool: cannot read --ca ${join(dir, 'missing.pem')}: ENOENT: no such file or directory, open '${join(dir, 'missing.pem')}'\n`],
  ])('%s is a usage error (exit 2) before any connect', async (_name, flags, expected) => {
    const port = await freePort();
    const { code, stderr } = await runCli(['telnet', ...flags, '127.0.0.1', String(port)]);
    expect(code).toBe(2);
    expect(stderr).toBe(expected);
  });

  it('a reset by the peer is exit 1 naming it', async () => {
    const server = createServer((socket) => setTimeout(() => socket.resetAndDestroy(), 100));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const child = startCli(['telnet', '--raw', '127.0.0.1', String(port)]);
      const { code, stderr } = await waitForExit(child);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^nettool: read ECONNRESET \(connection reset by peer\)$/m);
    } finally {
      server.close();
    }
  });

  it.each([
    ['Ctrl-C (SIGINT)', 'SIGINT', 130, 'interrupted'],
    ['SIGTERM', 'SIGTERM', 143, 'terminated'],
  ] as const)('%s while connected exits %i', async (_name, signal, exitCode, words) => {
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const child = startCli(['telnet', '127.0.0.1', String(port)]);
      await waitForOutput(child.stderr!, /Connected/);
      child.kill(signal);
      const { code, stderr } = await waitForExit(child);
      expect(code).toBe(exitCode);
      expect(stderr).toMatch(new RegExp(`nettool: ${words}\\n$`));
    } finally {
      server.close();
    }
  });

  it.each([
    [['telnet', '127.0.0.1', '70000'], /^nettool: bad port '70000'/],
    [['telnet', '999.1.1.1', '80'], /^nettool: bad address '999\.1\.1\.1'/],
    [['telnet', '[::1', '80'], /^nettool: bad address '\[::1': unbalanced brackets/],
    [['telnet', '-4', '::1', '80'], /^nettool: ::1 is not an IPv4 address \(-4\)/],
    [['telnet', '--ca', 'x.pem', '127.0.0.1', '443'], /^nettool: --ca needs --tls/],
    [['telnet', '-w', 'soon', '127.0.0.1', '80'], /^nettool: bad -w 'soon'/],
    [['telnet', '-q', '-1', '127.0.0.1', '80'], /^nettool: bad -q '-1'/],
    [['telnet', '-w', '3000000', '127.0.0.1', '80'], /^nettool: bad -w '3000000': give seconds from 0 to 2000000/],
    [['listen', '0', '--host', '127.0.0.1', '-q', '3000000'], /^nettool: bad -q '3000000': give seconds from 0 to 2000000/],
    [['telnet', 'unix:'], /^nettool: bad address 'unix:'/],
    [['telnet', '-s', '127.0.0.1', 'unix:/tmp/x.sock'], /^nettool: -s does not apply to a Unix socket/],
    [['telnet', '-4', '-6', '127.0.0.1', '80'], /^nettool: -4 and -6 together/],
    [['telnet', '-s', '127.0.0.1', '::1', '80'], /^nettool: -s 127\.0\.0\.1 is IPv4 but ::1 is IPv6: give addresses of one family\n$/],
    [['telnet', '-6', '-s', '127.0.0.1', '::1', '80'], /^nettool: -s 127\.0\.0\.1 is not an IPv6 address \(-6\)\n$/],
  ])('usage error %j exits 2', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('nettool telnet: IPv6 and Unix sockets', () => {
  it('connects to [::1]:port with -6', async () => {
    const server = createServer((socket) => socket.end('six\n'));
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { code, stdout, stderr } = await runCli(['telnet', '-6', `[::1]:${port}`]);
      expect(code).toBe(0);
      expect(stdout).toBe('six\n');
      expect(stderr).toMatch(/^Trying ::1\.\.\.$/m);
    } finally {
      server.close();
    }
  });

  it('talks to a Unix-socket server (unix:/path)', async () => {
    const path = join(dir, 'echo.sock');
    const server = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const { code, stdout, stderr } = await runCli(['telnet', '--raw', `unix:${path}`], { input: 'over a unix socket\n' });
      expect(code).toBe(0);
      expect(stdout).toBe('over a unix socket\n');
      expect(stderr).toContain(`Connected to ${path}.`);
    } finally {
      server.close();
    }
  });

  it('--tls over unix:/path checks the chain, and a name only with --servername (never "localhost")', async () => {
    const { createServer: createTlsServer } = await import('node:tls');
    const { readFileSync } = await import('node:fs');
    const { cert, key } = makeCertificate(dir, { name: 'svc.example' });
    const path = join(dir, 'tls.sock');
    const server = createTlsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const plain = await runCli(['telnet', '--tls', '--raw', '--ca', cert, `unix:${path}`], { input: 'hello\n' });
      expect(plain.stderr).toMatch(/no name checked: a Unix socket has none, give --servername NAME/);
      expect(plain.stdout).toBe('hello\n');
      expect(plain.code).toBe(0);
      const named = await runCli(['telnet', '--tls', '--raw', '--ca', cert, '--servername', 'svc.example', `unix:${path}`], { input: 'named\n' });
      expect(named.stdout).toBe('named\n');
      expect(named.stderr).not.toMatch(/no name checked/);
      const wrong = await runCli(['telnet', '--tls', '--raw', '--ca', cert, '--servername', 'other.example', `unix:${path}`], { input: 'x\n' });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/other\.example/);
    } finally {
      server.close();
    }
  });

  it('-C sends CR LF for each newline in raw mode; -s binds the source address', async () => {
    let seen = Buffer.alloc(0);
    let from = '';
    const server = createServer((socket) => {
      from = socket.remoteAddress ?? '';
      socket.on('data', (chunk) => (seen = Buffer.concat([seen, chunk])));
      socket.on('end', () => socket.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { code } = await runCli(['telnet', '--raw', '-C', '-s', '127.0.0.1', '127.0.0.1', String(port)], { input: 'a\nb\r\n' });
      expect(code).toBe(0);
      expect(seen.toString()).toBe('a\r\nb\r\n');
      expect(from).toBe('127.0.0.1');
    } finally {
      server.close();
    }
  });
});

describe('nettool telnet against busybox telnetd', () => {
  let port = 0;
  let server: ReturnType<typeof startPeer>;
  beforeAll(async () => {
    const busybox = requirePeer('busybox', 'busybox-static');
    port = await freePort();
    server = startPeer(busybox, ['telnetd', '-F', '-b', `127.0.0.1:${port}`, '-l', '/bin/cat']);
    await waitForPort(port);
  });
  afterAll(() => server.stop());

  it('negotiates, never prints IAC, and gets the data through the server pty', async () => {
    const child = startCli(['telnet', '127.0.0.1', String(port)]);
    const out: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    // Typing before telnetd has started its program would race the pty set-up: wait for its banner.
    await waitForOutput(child.stdout!, /\S/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdin!.write('hello telnetd\n');
    await waitForOutput(child.stdout!, /hello telnetd[\s\S]*hello telnetd/);
    child.stdin!.end();
    const { code } = await waitForExit(child);
    expect(code).toBe(0);
    const bytes = Buffer.concat(out);
    expect(bytes.includes(0xff)).toBe(false);
    // The pty echoes the line and cat repeats it: both arrive as CR LF lines (NVT).
    expect(bytes.toString()).toMatch(/hello telnetd\r\n[\s\S]*hello telnetd\r\n/);
  });

  it('--raw shows the option bytes the telnet mode hides', async () => {
    const { stdoutBytes } = await runCli(['telnet', '--raw', '-q', '0.5', '127.0.0.1', String(port)], { input: '' });
    expect(stdoutBytes.includes(0xff)).toBe(true);
  });
});

describe('nettool telnet --tls against a server that closes during the handshake', () => {
  it('says the server closed the connection, not that it reset it', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const { code, stderr } = await runCli(['telnet', '--tls', '--insecure', '127.0.0.1', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^nettool: TLS handshake failed: the server closed the connection before the handshake finished/m);
      expect(stderr).not.toMatch(/reset/);
    } finally {
      server.close();
    }
  });
});

describe('nettool telnet --tls against openssl s_server', () => {
  let port = 0;
  let server: ReturnType<typeof startPeer>;
  let cert = '';
  beforeAll(async () => {
    const openssl = requirePeer('openssl', 'openssl');
    ({ cert } = makeCertificate(dir));
    port = await freePort();
    server = startPeer(openssl, ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert, '-key', cert.replace('-cert', '-key'), '-rev', '-quiet']);
    await waitForPort(port);
  });
  afterAll(() => server.stop());

  it('fails closed on a self-signed certificate, exit 1, naming the problem and the ways out', async () => {
    const { code, stderr, stdout } = await runCli(['telnet', '--tls', 'localhost', String(port)], { input: 'x\n' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^nettool: TLS: the certificate is self-signed \(trust its CA with --ca FILE, or skip verification with --insecure\)$/m);
  });

  it('--ca trusts it: the data goes through (s_server -rev answers reversed)', async () => {
    const { code, stdout, stderr } = await runCli(['telnet', '--tls', '--raw', '--ca', cert, '-q', '2', 'localhost', String(port)], { input: 'hello\n' });
    expect(code).toBe(0);
    expect(stdout).toContain('olleh');
    expect(stderr).toMatch(/^TLS: TLSv1\.3 /m);
  });

  it('--ca does not excuse a name mismatch (127.0.0.1 is not in the certificate)', async () => {
    const { code, stderr } = await runCli(['telnet', '--tls', '--ca', cert, '127.0.0.1', String(port)], { input: 'x\n' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nettool: TLS: the certificate does not name this host/m);
  });

  it('an expired certificate fails closed even when its CA is trusted', async () => {
    const expired = makeExpiredCertificate(dir);
    const expiredPort = await freePort();
    const expiredServer = startPeer(requirePeer('openssl', 'openssl'), ['s_server', '-accept', `127.0.0.1:${expiredPort}`, '-cert', expired.cert, '-key', expired.key, '-quiet']);
    try {
      await waitForPort(expiredPort);
      const { code, stderr } = await runCli(['telnet', '--tls', '--ca', expired.cert, 'localhost', String(expiredPort)], { input: 'x\n' });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^nettool: TLS: the certificate has expired \(check the server's certificate dates and this host's clock; --insecure skips verification\)$/m);
    } finally {
      await expiredServer.stop();
    }
  });

  it('--insecure skips verification and says so on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['telnet', '--tls', '--insecure', '--raw', '-q', '2', '127.0.0.1', String(port)], { input: 'abc\n' });
    expect(code).toBe(0);
    expect(stdout).toContain('cba');
    expect(stderr).toMatch(/^warning: --insecure: the certificate and name of 127\.0\.0\.1:\d+ are not verified$/m);
  });
});

describe('nettool telnet --raw: a slow reader', () => {
  it('gets everything, in order, while nettool waits for it (back-pressure)', async () => {
    const python = requirePeer('python3', 'python3');
    // Reads 16 KiB at a time with a pause after each: a few MB take it seconds, so nettool's
    // writes are refused often; it answers with the SHA-256 and length of what arrived.
    const sink = startPeer(python, ['-c', [
      'import hashlib, socket, sys, time',
      's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)',
      'print(s.getsockname()[1], flush=True)',
      'c, _ = s.accept(); h = hashlib.sha256(); n = 0',
      'while True:',
      '    d = c.recv(16384)',
      '    if not d: break',
      '    h.update(d); n += len(d); time.sleep(0.002)',
      'c.sendall(f"{h.hexdigest()} {n}\\n".encode()); c.close()',
    ].join('\n')]);
    try {
      const [, port] = await waitForOutput(sink.stdout!, /^(\d+)$/m);
      const payload = randomBytes(3 * 1024 * 1024);
      const { code, stdout } = await runCli(['telnet', '--raw', '127.0.0.1', port!], { input: payload, timeoutMs: 60_000 });
      expect(code).toBe(0);
      expect(stdout).toBe(`${createHash('sha256').update(payload).digest('hex')} ${payload.length}\n`);
    } finally {
      await sink.stop();
    }
  });
});
