import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runPythonUdpClient, startPythonUdpServer, type PythonServer } from '../helpers/udp-peer.js';
import { runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

const line = (address: string, port: number, size: number, payload?: string) =>
  new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  ${address.replace(/[[\].]/g, '\\$&')}:${port}  ${size} bytes?${payload === undefined ? '' : `  ${payload}`}$`, 'm');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function pythonServer(mode: 'echo' | 'reply' | 'collect', host: string, arg?: string): Promise<PythonServer> {
  const server = await startPythonUdpServer(mode, host, arg);
  cleanups.push(server.stop);
  return server;
}

/** Starts `nettool udp listen` on port 0 and reads the real port from `Listening on ...`. */
async function listen(args: readonly string[]): Promise<{ child: ChildProcess; port: number; exit: ReturnType<typeof waitForExit> }> {
  const child = startCli(['udp', 'listen', '0', ...args]);
  cleanups.push(() => child.kill('SIGKILL'));
  const listening = waitForOutput(child.stderr!, /Listening on (\S+):(\d+) \(udp\)\n/);
  const exit = waitForExit(child, 30_000);
  const match = await listening;
  return { child, port: Number(match[2]), exit };
}

describe('nettool udp send (Python servers)', () => {
  it('sends the seed client\'s datagram and prints the reply with its sender', async () => {
    const server = await pythonServer('reply', '127.0.0.1', Buffer.from('Get off my lawn!').toString('hex'));
    const { code, stdout, stderr } = await runCli(['udp', 'send', '127.0.0.1', String(server.port), 'Hello', 'World', '-w', '5', '-c', '1']);
    expect(stderr).toBe(`Sent 1 datagram (11 bytes) to 127.0.0.1:${server.port}; waiting 5 s for replies\n`);
    expect(stdout).toMatch(line('127.0.0.1', server.port, 16, 'Get off my lawn!'));
    expect(code).toBe(0);
  });

  it('sends stdin as one binary datagram and shows a binary reply as hex; --json gives data null', async () => {
    const server = await pythonServer('echo', '127.0.0.1');
    const payload = Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13, 0x80]);
    const { code, stdout } = await runCli(['udp', 'send', `127.0.0.1:${server.port}`, '--json', '-c', '1', '-w', '5'], { input: payload });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      time: expect.stringMatching(/^\d{4}-.*Z$/),
      from: { address: '127.0.0.1', port: server.port },
      size: 8,
      data: null,
      hex: payload.toString('hex'),
    });
    const text = await runCli(['udp', 'send', `127.0.0.1:${server.port}`, '-c', '1', '-w', '5'], { input: payload });
    expect(text.stdout).toMatch(line('127.0.0.1', server.port, 8, payload.toString('hex')));
  });

  it('--lines sends one datagram per line (LF or CRLF), empty lines included', async () => {
    const server = await pythonServer('collect', '127.0.0.1', '4');
    const collected = waitForExit(server.child);
    const { code, stderr } = await runCli(['udp', 'send', '127.0.0.1', String(server.port), '--lines', '-w', '0'], { input: 'one\r\ntwo\n\nthree' });
    expect(code).toBe(0);
    expect(stderr).toBe(`Sent 4 datagrams (11 bytes) to 127.0.0.1:${server.port}\n`);
    const hexes = (await collected).stdout.trim().split('\n');
    expect(hexes.map((h) => (h === '-' ? '' : Buffer.from(h, 'hex').toString()))).toEqual(['one', 'two', '', 'three']);
  });

  it('an empty stdin sends nothing, as nc does (not an empty datagram), and does not wait for replies', async () => {
    const { createSocket } = await import('node:dgram');
    const receiver = createSocket('udp4');
    cleanups.push(() => receiver.close());
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const port = receiver.address().port;
    const first = new Promise<Buffer>((resolve) => receiver.once('message', resolve));
    const { code, stderr } = await runCli(['udp', 'send', '127.0.0.1', String(port), '-w', '5'], { input: '' });
    expect(code).toBe(0);
    expect(stderr).toBe(`Sent 0 datagrams (0 bytes) to 127.0.0.1:${port}\n`);
    // Anything nettool sent is queued ahead of this marker, so the marker arriving first proves nothing came.
    const marker = createSocket('udp4');
    cleanups.push(() => marker.close());
    marker.send('marker', port, '127.0.0.1');
    expect((await first).toString()).toBe('marker');
  });

  it('talks IPv6 to ::1, given as [::1]:port', async () => {
    const server = await pythonServer('echo', '::1');
    const { code, stdout } = await runCli(['udp', 'send', `[::1]:${server.port}`, 'over', 'six', '-c', '1', '-w', '5']);
    expect(code).toBe(0);
    expect(stdout).toMatch(line('[::1]', server.port, 8, 'over six'));
  });

  it('sends the largest IPv4 datagram (65,507 bytes) and refuses one byte more with exit 2', async () => {
    const server = await pythonServer('collect', '127.0.0.1', '1');
    const collected = waitForExit(server.child);
    const ok = await runCli(['udp', 'send', '127.0.0.1', String(server.port), '-w', '0'], { input: Buffer.alloc(65_507, 0x61) });
    expect(ok.code).toBe(0);
    expect((await collected).stdout.trim().length).toBe(65_507 * 2);
    const big = await runCli(['udp', 'send', '127.0.0.1', String(server.port), '-w', '0'], { input: Buffer.alloc(65_508, 0x61) });
    expect(big.code).toBe(2);
    expect(big.stderr).toBe('nettool: stdin is over the IPv4 maximum of 65,507 bytes for one datagram (split it, or use --lines for one datagram per line)\n');
  });

  it('allows 65,527 bytes over IPv6 and refuses an argument one byte longer', async () => {
    const server = await pythonServer('collect', '::1', '1');
    const collected = waitForExit(server.child);
    const ok = await runCli(['udp', 'send', '::1', String(server.port), '-w', '0'], { input: Buffer.alloc(65_527, 0x62) });
    expect(ok.code).toBe(0);
    expect((await collected).stdout.trim().length).toBe(65_527 * 2);
    const big = await runCli(['udp', 'send', '::1', String(server.port), 'x'.repeat(65_528), '-w', '0']);
    expect(big.code).toBe(2);
    expect(big.stderr).toBe('nettool: the message (65,528 bytes) is over the IPv6 maximum of 65,527 bytes for one datagram (split it, or use --lines for one datagram per line)\n');
    const longLine = await runCli(['udp', 'send', '::1', String(server.port), '--lines', '-w', '0'], { input: `ok\n${'y'.repeat(65_528)}\n` });
    expect(longLine.code).toBe(2);
    expect(longLine.stderr).toMatch(/^nettool: a line of stdin is over the IPv6 maximum of 65,527 bytes for one datagram\n$/m);
  });

  it('reports an ICMP port unreachable as "port unreachable", exit 1', async () => {
    // A port Python just bound and released: nothing listens there now.
    const server = await pythonServer('echo', '127.0.0.1');
    server.stop();
    await waitForExit(server.child).catch(() => undefined);
    const { code, stderr } = await runCli(['udp', 'send', '127.0.0.1', String(server.port), 'anyone?']);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^nettool: port unreachable: nothing listens on 127\\.0\\.0\\.1:${server.port}/udp`, 'm'));
  });

  it('an ICMP port unreachable ends --lines even while stdin stays open', async () => {
    const server = await pythonServer('echo', '127.0.0.1');
    server.stop();
    await waitForExit(server.child).catch(() => undefined);
    const child = startCli(['udp', 'send', '127.0.0.1', String(server.port), '--lines']);
    cleanups.push(() => child.kill('SIGKILL'));
    const exit = waitForExit(child);
    child.stdin!.write('first\n');
    const result = await exit;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^nettool: port unreachable: /m);
  });

  it('exits 1 when --wait passes with no reply and --expect-reply was given', async () => {
    const server = await pythonServer('collect', '127.0.0.1', '1');
    const { code, stderr, stdout } = await runCli(['udp', 'send', '127.0.0.1', String(server.port), 'hello?', '-w', '0.3', '--expect-reply']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^nettool: no reply from 127\\.0\\.0\\.1:${server.port} within 0\\.3 s$`, 'm'));
  });

  it.each([
    [['udp', 'send', '127.0.0.1'], /^nettool: missing port for '127\.0\.0\.1'\n$/],
    [['udp', 'send', '127.0.0.1', '70000', 'x'], /^nettool: bad port '70000'/],
    [['udp', 'send', '127.0.0.1', 'no-such-svc', 'x'], /^nettool: unknown service 'no-such-svc'/],
    [['udp', 'send', '[::1', '53', 'x'], /^nettool: bad address '\[::1': unbalanced brackets\n$/],
    [['udp', 'send', '1.2.3', '53', 'x'], /^nettool: bad address '1\.2\.3': not an IPv4 address\n$/],
    [['udp', 'send', '127.0.0.1', '9', 'x', '--lines'], /^nettool: --lines reads the datagrams from stdin/],
    [['udp', 'send', '127.0.0.1', '9', 'x', '-w', 'soon'], /^nettool: option '-w, --wait <seconds>' argument 'soon' is invalid/],
    [['udp', 'send', 'unix:/tmp/x', 'x'], /^nettool: udp send takes a host and port, not a Unix socket\n$/],
    [['udp', 'listen', '0', '--echo', '--reply', 'x'], /^nettool: --echo and --reply exclude each other/],
    [['udp', 'listen', '127.0.0.1:0', '--host', '::1'], /^nettool: address given twice/],
    [['udp', 'send', '127.0.0.1', '9', 'x', '-w', '1e9'], /^nettool: option '-w, --wait <seconds>' argument '1e9' is invalid\. give seconds from 0 to 2000000/],
    [['udp', 'listen', '0', '-c', '0'], /^nettool: option '-c, --count <n>' argument '0' is invalid/],
  ])('usage error %j exits 2', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  it('a --reply larger than any datagram to IPv4 is a usage error before anything is bound', async () => {
    const { code, stderr } = await runCli(['udp', 'listen', '0', '--host', '127.0.0.1', '--reply', 'x'.repeat(65_508)]);
    expect(stderr).toBe('nettool: --reply is 65,508 bytes, over the largest datagram it could answer with (65,507 bytes)\n');
    expect(code).toBe(2);
  });
});

describe('nettool udp listen (Python clients)', () => {
  it('is the seed server: answers "Get off my lawn!" to nettool udp send', async () => {
    const server = await listen(['--host', '127.0.0.1', '--reply', 'Get off my lawn!']);
    const client = await runCli(['udp', 'send', '127.0.0.1', String(server.port), 'Hello World', '-c', '1', '-w', '5']);
    expect(client.code).toBe(0);
    expect(client.stdout).toMatch(line('127.0.0.1', server.port, 16, 'Get off my lawn!'));
    server.child.kill('SIGINT');
    const result = await server.exit;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(line('127.0.0.1', Number(/:(\d+)  11 bytes/.exec(result.stdout)?.[1]), 11, 'Hello World'));
    expect(result.stderr).toMatch(/^Received 1 datagram \(11 bytes\)$/m);
  });

  it('--echo: 200 binary round trips from Python without loss, one line per datagram', async () => {
    const server = await listen(['--host', '127.0.0.1', '--echo']);
    const client = await runPythonUdpClient(['roundtrips', '127.0.0.1', String(server.port), '200']);
    expect(client.stdout).toBe('ok 200\n');
    expect(client.code).toBe(0);
    server.child.kill('SIGTERM');
    const result = await server.exit;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(200);
    expect(result.stderr).toMatch(/^Received 200 datagrams \(\d+ bytes\)$/m);
  });

  it('--count N stops after N datagrams; --json gives one record per line', async () => {
    const server = await listen(['--host', '127.0.0.1', '--count', '2', '--json']);
    const first = await runPythonUdpClient(['send', '127.0.0.1', String(server.port), Buffer.from('héllo').toString('hex'), '0.2']);
    const second = await runPythonUdpClient(['send', '127.0.0.1', String(server.port), '00ff', '0.2']);
    expect(first.stdout).toBe('none\n');
    expect(second.stdout).toBe('none\n');
    const result = await server.exit;
    expect(result.code).toBe(0);
    const records = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toEqual([
      { time: expect.stringMatching(/Z$/), from: { address: '127.0.0.1', port: expect.any(Number) }, size: 6, data: 'héllo', hex: Buffer.from('héllo').toString('hex') },
      { time: expect.stringMatching(/Z$/), from: { address: '127.0.0.1', port: expect.any(Number) }, size: 2, data: null, hex: '00ff' },
    ]);
  });

  it('binds :: by default and hears IPv4 and IPv6 senders, showing IPv4 unmapped; --hex', async () => {
    const server = await listen(['--echo', '--count', '2', '--hex']);
    const four = await runPythonUdpClient(['send', '127.0.0.1', String(server.port), '414243', '5']);
    const six = await runPythonUdpClient(['send', '::1', String(server.port), '0a0b', '5']);
    expect(four.stdout).toBe('414243\n');
    expect(six.stdout).toBe('0a0b\n');
    const result = await server.exit;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^Listening on \\[::\\]:${server.port} \\(udp\\)$`, 'm'));
    expect(result.stdout).toMatch(line('127.0.0.1', Number(/127\.0\.0\.1:(\d+)/.exec(result.stdout)?.[1]), 3, '414243'));
    expect(result.stdout).toMatch(line('[::1]', Number(/\[::1\]:(\d+)/.exec(result.stdout)?.[1]), 2, '0a0b'));
  });

  it('shows multi-line text escaped on one line and binary as hex', async () => {
    const server = await listen(['--host', '::1', '--count', '2']);
    await runPythonUdpClient(['send', '::1', String(server.port), Buffer.from('INVITE sip:a\r\nVia: x\\y\n').toString('hex'), '0.1']);
    await runPythonUdpClient(['send', '::1', String(server.port), '1b5b324a', '0.1']);
    const { stdout, code } = await server.exit;
    expect(code).toBe(0);
    expect(stdout).toContain('23 bytes  INVITE sip:a\\r\\nVia: x\\\\y\\n\n');
    expect(stdout).toContain('4 bytes  1b5b324a\n');
  });

  it('a --reply over the largest datagram is exit 2', async () => {
    const { code, stderr } = await runCli(['udp', 'listen', '0', '--reply', 'r'.repeat(65_508)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^nettool: --reply is 65,508 bytes, over the largest datagram it could answer with \(65,507 bytes\)$/m);
  });

  it('a port in use is exit 1 with the reason', async () => {
    const server = await listen(['--host', '127.0.0.1']);
    const { code, stderr } = await runCli(['udp', 'listen', String(server.port), '--host', '127.0.0.1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nettool: bind EADDRINUSE 127\.0\.0\.1:\d+ \(address already in use\)\n$/);
  });

  it('Ctrl-C during udp send --wait exits 130', async () => {
    const server = await pythonServer('collect', '127.0.0.1', '1');
    const child = startCli(['udp', 'send', '127.0.0.1', String(server.port), 'x', '-w', '20']);
    const exit = waitForExit(child);
    await waitForOutput(child.stderr!, /waiting 20 s/);
    child.kill('SIGINT');
    const result = await exit;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/^nettool: interrupted$/m);
  });
});
