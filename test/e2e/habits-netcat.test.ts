/** nc and ncat habits typed at telnet, listen and udp, each compared with the tool it comes from. */
import { spawn } from 'node:child_process';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';
import { freePort, waitForPort } from '../helpers/stream-peers.js';
import { startPythonUdpServer, type PythonServer } from '../helpers/udp-peer.js';

/** Connects, sends `text`, half-closes, and collects all that comes back until the other side closes. */
function converse(port: number, host: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, host);
    const got: Buffer[] = [];
    socket.on('data', (chunk) => got.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(got).toString()));
    socket.end(text);
  });
}

/** Runs any program to completion with `input` on stdin. */
function runProgram(command: string, args: readonly string[], input = '') {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const done = waitForExit(child);
  child.stdin.on('error', () => {});
  child.stdin.end(input);
  return done;
}

/** A TCP server that answers every connection with a banner and then what it got, uppercased. */
let banner: Server;
let bannerPort: number;
beforeAll(async () => {
  banner = createServer({ allowHalfOpen: true }, (socket) => {
    socket.write('220 ready\n');
    const got: Buffer[] = [];
    socket.on('data', (chunk) => got.push(chunk));
    socket.on('end', () => socket.end(Buffer.concat(got).toString().toUpperCase()));
  });
  await new Promise<void>((resolve) => banner.listen(0, '127.0.0.1', resolve));
  bannerPort = (banner.address() as AddressInfo).port;
});
afterAll(() => banner.close());

describe('listen: nc -l and ncat -l habits', () => {
  it('-l -p PORT listens as ncat -l -p PORT does: same bytes each way', async () => {
    const ncat = requirePeer('ncat', 'ncat');
    const results: { stdout: string; reply: string }[] = [];
    for (const tool of ['nettool', 'ncat'] as const) {
      const port = await freePort();
      const args = ['-l', '-p', String(port)];
      // ncat says where it listens only with -v; nettool always does (on stderr).
      const child = tool === 'nettool' ? startCli(['listen', ...args]) : spawn(ncat, ['-v', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = waitForExit(child);
      await waitForOutput(child.stderr!, /Listening on/);
      child.stdin!.end('from the listener\n');
      const reply = await converse(port, '127.0.0.1', 'from the peer\n');
      const { code, stdout } = await exited;
      expect(code, tool).toBe(0);
      results.push({ stdout, reply });
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]).toEqual({ stdout: 'from the peer\n', reply: 'from the listener\n' });
  });

  it('nc -l HOST PORT: a second word is the port, the first the host', async () => {
    const port = await freePort();
    const child = startCli(['listen', '-l', '127.0.0.1', String(port)]);
    const exited = waitForExit(child);
    await waitForOutput(child.stderr!, new RegExp(`^Listening on 127\\.0\\.0\\.1:${port}$`, 'm'));
    child.stdin!.end();
    expect(await converse(port, '127.0.0.1', 'hi\n')).toBe('');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(stdout).toBe('hi\n');
  });

  it('binds IPv4 and IPv6 by default, as ncat -l does: a peer on 127.0.0.1 and one on ::1 both get through', async () => {
    const ncat = requirePeer('ncat', 'ncat');
    for (const tool of ['nettool', 'ncat'] as const) {
      for (const host of ['127.0.0.1', '::1']) {
        const port = await freePort();
        const child = tool === 'nettool' ? startCli(['listen', '-p', String(port)]) : spawn(ncat, ['-v', '-l', '-p', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
        const exited = waitForExit(child);
        // ncat binds :: and then 0.0.0.0, a line each; nettool one dual-stack socket on [::].
        await waitForOutput(child.stderr!, tool === 'nettool' ? /^Listening on \[::\]:\d+$/m : /Listening on 0\.0\.0\.0/);
        child.stdin!.end();
        await converse(port, host, `over ${host}\n`);
        const { code, stdout } = await exited;
        expect(code, `${tool} ${host}`).toBe(0);
        expect(stdout, `${tool} ${host}`).toBe(`over ${host}\n`);
      }
    }
  });

  it('-v, -vv and -n are accepted; -n refuses a name as nc -n does', async () => {
    const port = await freePort();
    const child = startCli(['listen', '-vv', '-n', '-l', '-p', String(port), '127.0.0.1']);
    const exited = waitForExit(child);
    await waitForOutput(child.stderr!, /^Listening on/m);
    child.stdin!.end();
    await converse(port, '127.0.0.1', 'v\n');
    expect((await exited).code).toBe(0);
    const named = await runCli(['listen', '-n', '-p', '0', 'localhost']);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe("nettool: -n does no name lookups: give an IP address, not 'localhost'\n");
  });
});

describe('telnet: nc habits', () => {
  it('-v -vv -n are accepted and the bytes are what nc -vv -n prints', async () => {
    const nc = requirePeer('nc', 'netcat-openbsd');
    const ours = await runCli(['telnet', '--raw', '-vv', '-n', '127.0.0.1', String(bannerPort)], { input: 'quit\n' });
    const theirs = await runProgram(nc, ['-vv', '-n', '-N', '127.0.0.1', String(bannerPort)], 'quit\n');
    expect(ours.code).toBe(0);
    expect(theirs.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout).toBe('220 ready\nQUIT\n');
  });

  it('-q before the host: a number check first, pointing at the global -q for quiet', async () => {
    const { code, stdout, stderr } = await runCli(['telnet', '-q', '127.0.0.1', '8080']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("nettool: -q takes seconds; for quiet use the global -q before the command (got '127.0.0.1')\n");
    // The global -q before the command is quiet, and nc's -q after it still means seconds.
    const quiet = await runCli(['-q', 'telnet', '--raw', '-q', '1', '127.0.0.1', String(bannerPort)], { input: 'x' });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe('220 ready\nX');
  });

  describe('-u: UDP the nc way', () => {
    let echo: PythonServer;
    beforeAll(async () => {
      echo = await startPythonUdpServer('echo', '127.0.0.1');
    });
    afterAll(() => echo.stop());

    it('sends each line and prints the replies as their bytes, as nc -u -w1 does', async () => {
      const nc = requirePeer('nc', 'netcat-openbsd');
      const input = 'hello\nworld\n';
      const ours = await runCli(['telnet', '-u', '-w', '1', '127.0.0.1', String(echo.port)], { input });
      const theirs = await runProgram(nc, ['-u', '-w', '1', '127.0.0.1', String(echo.port)], input);
      expect(ours.code).toBe(0);
      expect(theirs.code).toBe(0);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(ours.stdout).toBe(input);
      expect(ours.stderr).toMatch(/^Sent 2 datagrams \(12 bytes\) to 127\.0\.0\.1:\d+; waiting 1 s for replies$/m);
    });

    it('refuses what only a stream has', async () => {
      const { code, stderr } = await runCli(['telnet', '-u', '--tls', '127.0.0.1', '53']);
      expect(code).toBe(2);
      expect(stderr).toBe('nettool: -u does not go with --tls\n');
    });
  });
});

describe('udp send: silence is not failure (nc -u)', () => {
  let silent: PythonServer;
  beforeAll(async () => {
    silent = await startPythonUdpServer('collect', '127.0.0.1', '100');
  });
  afterAll(() => silent.stop());

  it('exits 0 after the wait, as nc -u does, with a status line saying no reply came; 1 byte, 1 datagram', async () => {
    const nc = requirePeer('nc', 'netcat-openbsd');
    const ours = await runCli(['udp', 'send', '-w', '0.5', '127.0.0.1', String(silent.port), 'x']);
    const theirs = await runProgram(nc, ['-u', '-w', '1', '127.0.0.1', String(silent.port)], 'x');
    expect(theirs.code).toBe(0);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stdout).toBe('');
    expect(ours.stderr).toBe(`Sent 1 datagram (1 byte) to 127.0.0.1:${silent.port}; waiting 0.5 s for replies\nNo reply from 127.0.0.1:${silent.port} within 0.5 s\n`);
  });

  it('--expect-reply makes silence exit 1, for scripts that probe', async () => {
    const { code, stderr } = await runCli(['udp', 'send', '--expect-reply', '-w', '0.3', '127.0.0.1', String(silent.port), 'x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^nettool: no reply from 127\\.0\\.0\\.1:${silent.port} within 0\\.3 s$`, 'm'));
  });

  it('an ICMP port unreachable stays exit 1 (the network said no)', async () => {
    const closed = await startPythonUdpServer('collect', '127.0.0.1', '1');
    closed.stop();
    await new Promise((resolve) => closed.child.once('close', resolve));
    const { code, stderr } = await runCli(['udp', 'send', '-w', '2', '127.0.0.1', String(closed.port), 'x']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/port unreachable/);
  });
});

describe('port ranges and lists (nc -z habits) point to scan', () => {
  it.each([
    [['telnet', '127.0.0.1', '8000-8100'], '8000-8100'],
    [['telnet', '127.0.0.1:22,80,443'], '22,80,443'],
    [['udp', 'send', '127.0.0.1', '53,5353', 'x'], '53,5353'],
    [['listen', '8000-8100'], '8000-8100'],
    [['serve', 'echo', '7000-7010'], '7000-7010'],
  ])('%j', async (args, ports) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`nettool: '${ports}' is several ports and this takes one; to probe a range or list, use 'nettool scan HOST ${ports}'\n`);
  });
});

/** Reads everything a socket sends until it closes, without ever sending (the program decides when it ends). */
function readAll(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const got: Buffer[] = [];
    socket.on('data', (chunk) => got.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(got).toString()));
  });
}

describe('-e / --sh-exec (ncat): a program as the other end', () => {
  it('listen --sh-exec: the program answers the peer, and its exit ends the connection, as with ncat -l --sh-exec', async () => {
    const ncat = requirePeer('ncat', 'ncat');
    const results: string[] = [];
    for (const tool of ['nettool', 'ncat'] as const) {
      const port = await freePort();
      const args = ['-l', '-p', String(port), '--sh-exec', 'echo "hello from sh"; exit 0'];
      const child = tool === 'nettool' ? startCli(['listen', ...args]) : spawn(ncat, ['-v', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = waitForExit(child);
      await waitForOutput(child.stderr!, tool === 'nettool' ? /Listening on/ : /Listening on 0\.0\.0\.0/);
      // The peer never half-closes: only the program's exit can end this.
      results.push(await readAll(port));
      expect((await exited).code, tool).toBe(0);
    }
    expect(results[0]).toBe(results[1]);
    expect(results[0]).toBe('hello from sh\n');
  });

  it('listen -k -e: each peer gets its own program (tr), at the same time, as ncat -lk -e', async () => {
    const port = await freePort();
    const child = startCli(['listen', '-k', '127.0.0.1', String(port), '-e', 'tr a-z A-Z']);
    const exited = waitForExit(child);
    await waitForOutput(child.stderr!, /Listening on/);
    const replies = await Promise.all(['one\n', 'two\n', 'three\n'].map((text) => converse(port, '127.0.0.1', text)));
    expect(replies).toEqual(['ONE\n', 'TWO\n', 'THREE\n']);
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
  });

  it('nothing is lost either way: 8 MiB through -e cat to a peer that reads slowly at first', async () => {
    const port = await freePort();
    const child = startCli(['listen', '127.0.0.1', String(port), '-e', 'cat']);
    const exited = waitForExit(child, 60_000);
    await waitForOutput(child.stderr!, /Listening on/);
    const python = requirePeer('python3', 'python3');
    const client = spawn(python, ['-c', `
import hashlib, os, socket, sys, threading, time
payload = os.urandom(8 << 20)
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
def send():
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
threading.Thread(target=send).start()
digest, size = hashlib.sha256(), 0
while True:
    data = s.recv(65536)
    if not data: break
    digest.update(data)
    size += len(data)
    if size < (2 << 20): time.sleep(0.002)
print(size == len(payload) and digest.hexdigest() == hashlib.sha256(payload).hexdigest())
`, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await waitForExit(client, 60_000);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('True');
    expect((await exited).code).toBe(0);
  }, 60_000);

  it('telnet --raw --sh-exec: the server talks to the program, as ncat --sh-exec HOST PORT', async () => {
    const ncat = requirePeer('ncat', 'ncat');
    const heard: string[] = [];
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      const got: Buffer[] = [];
      socket.on('data', (chunk) => got.push(chunk));
      socket.on('end', () => {
        heard.push(Buffer.concat(got).toString());
        socket.end();
      });
      socket.write('question\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = String((server.address() as AddressInfo).port);
    try {
      const script = 'read line; echo "answer to $line"';
      const ours = await runCli(['telnet', '--raw', '--sh-exec', script, '127.0.0.1', port]);
      const theirs = await runProgram(ncat, ['--sh-exec', script, '127.0.0.1', port]);
      expect(ours.code).toBe(0);
      expect(theirs.code).toBe(0);
      expect(heard).toEqual(['answer to question\n', 'answer to question\n']);
      expect(ours.stdout).toBe('');
    } finally {
      server.close();
    }
  });

  it.each([
    [['telnet', '-e', 'cat', '127.0.0.1', '80'], 'nettool: -e needs --raw: a program gets the bytes as they are, with no telnet protocol\n'],
    [['listen', '0', '-e', 'cat', '--sh-exec', 'cat'], 'nettool: -e and --sh-exec together: choose one\n'],
    [['listen', '0', '-e', 'cat', '-x'], 'nettool: -e does not go with -x: what arrives goes to the program, not to stdout\n'],
  ])('%j is a usage error', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
  });
});

describe('listen --tls without --cert/--key (ncat -l --ssl)', () => {
  it('makes a throwaway certificate that openssl parses and s_client verifies, with its SHA-256 fingerprint on stderr', async () => {
    const openssl = requirePeer('openssl', 'openssl');
    const child = startCli(['listen', '-k', '--tls', '127.0.0.1', '0']);
    const exited = waitForExit(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, port] = await waitForOutput(child.stderr!, /^Listening on 127\.0\.0\.1:(\d+)$/m);
    const fingerprint = /^SHA-256 fingerprint: ([0-9A-F:]{95})$/m.exec(stderr)?.[1];
    expect(fingerprint).toBeDefined();
    // First connection: fetch the certificate as a client sees it.
    const shown = await runProgram(openssl, ['s_client', '-connect', `127.0.0.1:${port}`, '-showcerts'], '');
    const pem = /-----BEGIN CERTIFICATE-----[^]+?-----END CERTIFICATE-----\n/.exec(shown.stdout)?.[0];
    expect(pem).toBeDefined();
    const parsed = await runProgram(openssl, ['x509', '-noout', '-fingerprint', '-sha256', '-subject', '-ext', 'subjectAltName'], pem!);
    expect(parsed.code).toBe(0);
    expect(parsed.stdout).toContain(`sha256 Fingerprint=${fingerprint}`);
    expect(parsed.stdout).toContain('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    // One peer at a time: the second must not come while the first session is still ending.
    const deadline = Date.now() + 10_000;
    while (!/^Connection closed by/m.test(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Second: trusting exactly that certificate, s_client verifies it for the name localhost and talks.
    const { tempDir } = await import('../helpers/stream-peers.js');
    const { writeFileSync } = await import('node:fs');
    const caFile = `${tempDir()}/throwaway.pem`;
    writeFileSync(caFile, pem!);
    const verified = await runProgram(openssl, ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', caFile, '-verify_return_error', '-verify_hostname', 'localhost', '-brief'], '');
    expect(verified.stderr).toMatch(/^Verification: OK$/m);
    expect(verified.code).toBe(0);
    const check = await runProgram(openssl, ['verify', '-CAfile', caFile, caFile]);
    expect(check.stdout).toBe(`${caFile}: OK\n`);
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
  });
});
