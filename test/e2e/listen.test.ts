import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runPython } from '../helpers/python.js';
import { runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';
import { makeCertificate, tempDir } from '../helpers/stream-peers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a stream says from now on, and a wait for a pattern in all of it. */
function collect(stream: NodeJS.ReadableStream) {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    text: () => text,
    until: async (pattern: RegExp, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`did not see ${pattern}; saw: ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return pattern.exec(text)!;
    },
  };
}

/** Talks to a listening nettool: sends `text`, half-closes, collects everything until it closes. */
function converse(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    socket.on('data', (chunk) => got.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(got).toString()));
    socket.end(text);
  });
}

describe('nettool listen', () => {
  it('port 0 prints the real port; prints what the peer sends and sends stdin to it', async () => {
    const child = startCli(['listen', '0', '--host', '127.0.0.1']);
    // Collect output and the exit from the start: a listener may finish before the test gets to it.
    const exited = waitForExit(child);
    const stderr = collect(child.stderr!);
    const [, port] = await stderr.until(/^Listening on 127\.0\.0\.1:(\d+)$/m);
    expect(Number(port)).toBeGreaterThan(0);
    child.stdin!.end('from the listener\n');
    const reply = await converse(connect(Number(port), '127.0.0.1'), 'from the peer\n');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(reply).toBe('from the listener\n');
    expect(stdout).toBe('from the peer\n');
    expect(stderr.text()).toMatch(/^Connection from 127\.0\.0\.1:\d+$/m);
  });

  it('takes host:port and [v6]:port as its address, as udp listen does (SPEC: wherever a separate host and port are)', async () => {
    for (const [address, host] of [['127.0.0.1:0', '127.0.0.1'], ['[::1]:0', '::1']] as const) {
      const child = startCli(['listen', address]);
      const exited = waitForExit(child);
      const [, port] = await collect(child.stderr!).until(host === '::1' ? /^Listening on \[::1\]:(\d+)$/m : /^Listening on 127\.0\.0\.1:(\d+)$/m);
      child.stdin!.end();
      await converse(connect(Number(port), host), 'hi\n');
      const { code, stdout } = await exited;
      expect(code).toBe(0);
      expect(stdout).toBe('hi\n');
    }
    const both = await runCli(['listen', '127.0.0.1:0', '--host', '127.0.0.1']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/given twice/);
  });

  it('exits when the peer leaves even though stdin is an open pipe with nothing to send (as nc -l and ncat -l do)', async () => {
    const child = startCli(['listen', '0', '--host', '127.0.0.1']);
    const exited = waitForExit(child);
    const [, port] = await collect(child.stderr!).until(/^Listening on 127\.0\.0\.1:(\d+)$/m);
    // stdin stays open: nothing is written to it and it is not ended until nettool has exited.
    await converse(connect(Number(port), '127.0.0.1'), 'bye\n');
    const { code, stdout } = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still running 3 s after the peer left')), 3000)),
    ]).finally(() => child.stdin!.end());
    expect(code).toBe(0);
    expect(stdout).toBe('bye\n');
  });

  it('a pipe being fed on stdin still goes whole to a peer that half-closed at once and reads slowly', async () => {
    const payload = randomBytes(24 << 20);
    const child = startCli(['listen', '0', '--host', '127.0.0.1']);
    const exited = waitForExit(child, 60_000);
    const [, port] = await collect(child.stderr!).until(/^Listening on 127\.0\.0\.1:(\d+)$/m);
    // Half-close at once, then read slowly at first: nettool's buffers all wait on the socket, and
    // stdin (a pipe this test feeds) is never idle for long, so the session must last to its end.
    const client = runPython(
      `
import hashlib, socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.shutdown(socket.SHUT_WR)
digest, size = hashlib.sha256(), 0
while True:
    data = s.recv(65536)
    if not data: break
    digest.update(data)
    size += len(data)
    if size < (8 << 20): time.sleep(0.002)
print(size, digest.hexdigest())
`,
      [port!],
      60_000,
    );
    await new Promise<void>((resolve, reject) => child.stdin!.end(payload, (error?: Error | null) => (error ? reject(error) : resolve())));
    expect((await client).trim()).toBe(`${payload.length} ${createHash('sha256').update(payload).digest('hex')}`);
    expect((await exited).code).toBe(0);
  }, 60_000);

  it('-k serves the next peer while stdin stays open and idle', async () => {
    const child = startCli(['listen', '0', '--host', '127.0.0.1', '-k']);
    const exited = waitForExit(child);
    const [, port] = await collect(child.stderr!).until(/^Listening on 127\.0\.0\.1:(\d+)$/m);
    await converse(connect(Number(port), '127.0.0.1'), 'one\n');
    // Give the first session time to end (idle input ends it 200 ms after the peer left), then the
    // second peer must be served, not turned away.
    await new Promise((resolve) => setTimeout(resolve, 800));
    await converse(connect(Number(port), '127.0.0.1'), 'two\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    child.stdin!.end();
    const { code, stdout, stderr } = await exited;
    expect(code).toBe(0);
    expect(stdout).toBe('one\ntwo\n');
    expect(stderr).not.toMatch(/Turned away/);
  });

  it('--json prints what the peer sends as JSON Lines records', async () => {
    const child = startCli(['listen', '0', '--host', '127.0.0.1', '--json']);
    const exited = waitForExit(child);
    const [, port] = await collect(child.stderr!).until(/^Listening on 127\.0\.0\.1:(\d+)$/m);
    child.stdin!.end();
    await converse(connect(Number(port), '127.0.0.1'), 'caf\u00e9\n');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.data).join('')).toBe('caf\u00e9\n');
    expect(records.map((r) => r.hex).join('')).toBe(Buffer.from('caf\u00e9\n').toString('hex'));
    expect(records.every((r) => r.dir === 'in' && r.size === Buffer.from(r.hex, 'hex').length)).toBe(true);
  });

  it('-k --json marks where each peer begins and ends with open and close records', async () => {
    const child = startCli(['listen', '-k', '127.0.0.1:0', '--json']);
    const exited = waitForExit(child);
    const stderr = collect(child.stderr!);
    const [, port] = await stderr.until(/^Listening on 127\.0\.0\.1:(\d+)$/m);
    const first = connect(Number(port), '127.0.0.1');
    const firstPeer = await new Promise<string>((resolve) => first.on('connect', () => resolve(`127.0.0.1:${first.localPort}`)));
    await converse(first, 'one\n');
    const second = connect(Number(port), '127.0.0.1');
    const secondPeer = await new Promise<string>((resolve) => second.on('connect', () => resolve(`127.0.0.1:${second.localPort}`)));
    await converse(second, 'two\n');
    await stderr.until(new RegExp(`Connection closed by ${secondPeer.replace(/\./g, '\\.')}`), 30_000);
    child.kill('SIGINT');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line));
    // A peer's data may come in more than one chunk record: joined here.
    const sequence = records.reduce<string[]>((seen, r) => {
      if (r.event) return [...seen, r.event];
      const last = seen.at(-1);
      return last?.startsWith('in:') ? [...seen.slice(0, -1), last + r.data] : [...seen, `in:${r.data}`];
    }, []);
    expect(sequence).toEqual(['open', 'in:one\n', 'close', 'open', 'in:two\n', 'close']);
    expect(records.filter((r) => r.event).map((r) => [r.event, r.peer, r.end])).toEqual([
      ['open', firstPeer, undefined],
      ['close', firstPeer, 'peer-closed'],
      ['open', secondPeer, undefined],
      ['close', secondPeer, 'peer-closed'],
    ]);
  });

  it('-k serves one peer after another; SIGINT then stops it with exit 0', async () => {
    const child = startCli(['listen', '0', '--host', '::1', '-k', '-x']);
    // Collect output and the exit from the start: a listener may finish before the test gets to it.
    const exited = waitForExit(child);
    const stderr = collect(child.stderr!);
    const [, port] = await stderr.until(/^Listening on \[::1\]:(\d+)$/m);
    child.stdin!.end();
    await converse(connect(Number(port), '::1'), 'one');
    await stderr.until(/Connection closed by \[::1\]:\d+/);
    await converse(connect(Number(port), '::1'), 'two');
    await stderr.until(/Connection closed by \[::1\]:\d+[\s\S]*Connection closed by/);
    child.kill('SIGINT');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toContain('00000000: 6f6e 65');
    expect(stdout).toContain('00000000: 7477 6f');
  });

  it('--unix listens on a socket path', async () => {
    const path = join(dir, 'listen.sock');
    const child = startCli(['listen', '--unix', path]);
    // Collect output and the exit from the start: a listener may finish before the test gets to it.
    const exited = waitForExit(child);
    await waitForOutput(child.stderr!, new RegExp(`^Listening on ${path}$`, 'm'));
    child.stdin!.end('pong');
    const reply = await converse(connect(path), 'ping');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toBe('ping');
    expect(reply).toBe('pong');
  });

  it('--tls --cert --key: a client that trusts the certificate gets through; nettool telnet --tls too', async () => {
    const { cert, key } = makeCertificate(dir, { name: 'localhost' });
    const child = startCli(['listen', '0', '--host', '127.0.0.1', '--tls', '--cert', cert, '--key', key]);
    // Collect output and the exit from the start: a listener may finish before the test gets to it.
    const exited = waitForExit(child);
    const [, port] = await waitForOutput(child.stderr!, /^Listening on 127\.0\.0\.1:(\d+)$/m);
    child.stdin!.end('secret reply');
    const client = await runCli(['telnet', '--raw', '--tls', '--ca', cert, `localhost:${port}`], { input: 'secret hello' });
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toBe('secret hello');
    expect(client.code).toBe(0);
    expect(client.stdout).toBe('secret reply');
  });

  it('openssl s_client can talk to it', async () => {
    const openssl = requirePeer('openssl', 'openssl');
    const { cert, key } = makeCertificate(dir, { name: 'localhost' });
    const child = startCli(['listen', '0', '--host', '127.0.0.1', '--tls', '--cert', cert, '--key', key]);
    // Collect output and the exit from the start: a listener may finish before the test gets to it.
    const exited = waitForExit(child);
    const [, port] = await waitForOutput(child.stderr!, /^Listening on 127\.0\.0\.1:(\d+)$/m);
    const { spawn } = await import('node:child_process');
    const client = spawn(openssl, ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', cert, '-servername', 'localhost', '-quiet', '-no_ign_eof'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const clientOut = waitForExit(client);
    // One step at a time: s_client closes abruptly at its end of input, so it ends last.
    client.stdin.write('via s_client\n');
    await waitForOutput(child.stdout!, /via s_client\n/);
    child.stdin!.end('to s_client\n');
    await waitForOutput(client.stdout, /to s_client\n/);
    client.stdin.end();
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toBe('via s_client\n');
    expect((await clientOut).stdout).toBe('to s_client\n');
  });

  it.each([
    [['listen'], /^nettool: missing port/],
    [['listen', '70000'], /^nettool: bad port '70000'/],
    [['listen', '0', '--tls', '--cert', 'x.pem'], /^nettool: --cert needs --key too \(or neither, for a throwaway certificate\)/],
    [['listen', '0', '--cert', 'x.pem'], /^nettool: --cert and --key need --tls/],
    [['listen', '0', '--host', 'not_an..address'], /^nettool: bad address/],
    [['listen', '--unix', '/tmp/x.sock', '80'], /^nettool: --unix takes no port/],
  ])('usage error %j exits 2', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('a Unix path longer than the kernel takes is exit 2, not bound under a silently cut name', async () => {
    const path = join(dir, 'a'.repeat(120));
    const { code, stderr } = await runCli(['listen', '--unix', path]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/over the 107 bytes/);
  });

  it('a path that exists and is not a socket gets no advice to remove it', async () => {
    const path = join(dir, 'precious.txt');
    writeFileSync(path, 'keep me');
    const { code, stderr } = await runCli(['listen', '--unix', path]);
    expect(code).toBe(1);
    expect(stderr).toContain('is not a socket');
    expect(stderr).not.toMatch(/remove/);
  });

  it('a Unix path that cannot be bound is exit 1 without the hint about low ports', async () => {
    const path = '/nonexistent-nettool-dir/listen.sock';
    const { code, stderr } = await runCli(['listen', '--unix', path]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^nettool: listen on ${path}: listen E[A-Z]+: .*\\n$`));
    expect(stderr).not.toContain('ports below 1024');
  });

  it('an unwritable --transcript is a usage error before the port is bound (even a busy one)', async () => {
    const busy = await new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    const port = (busy.address() as AddressInfo).port;
    try {
      const { code, stderr } = await runCli(['listen', String(port), '--host', '127.0.0.1', '--transcript', '/nonexistent-nettool-dir/t.jsonl']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^nettool: cannot write --transcript \/nonexistent-nettool-dir\/t\.jsonl: ENOENT[^\n]*\n$/);
    } finally {
      busy.close();
    }
  });

  it('a port in use is exit 1 naming it', async () => {
    const child = startCli(['listen', '0', '--host', '127.0.0.1']);
    // Collect output and the exit from the start: a listener may finish before the test gets to it.
    const exited = waitForExit(child);
    const [, port] = await waitForOutput(child.stderr!, /^Listening on 127\.0\.0\.1:(\d+)$/m);
    try {
      const { code, stderr } = await runCli(['listen', port!, '--host', '127.0.0.1']);
      expect(code).toBe(1);
      expect(stderr).toBe(`nettool: listen on 127.0.0.1:${port}: address already in use (another program has it; port 0 picks a free one)\n`);
    } finally {
      child.kill('SIGINT');
      expect((await exited).code).toBe(130);
    }
  });
});
