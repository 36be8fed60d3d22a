/** python -m http.server and getent habits typed at serve http, ports and info, compared with those tools. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath, runCli, waitForOutput } from '../helpers/run-cli.js';
import { startServe } from '../helpers/serve.js';
import { freePort, tempDir } from '../helpers/stream-peers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const site = join(dir, 'site');
mkdirSync(site);
writeFileSync(join(site, 'hello.txt'), 'hello, world\n');

/** One GET with curl: status and body. */
function get(url: string): { status: string; body: string } {
  const curl = requirePeer('curl', 'curl');
  const out = execFileSync(curl, ['-s', '-w', '\n%{http_code}', url], { encoding: 'utf8' });
  const cut = out.lastIndexOf('\n');
  return { body: out.slice(0, cut), status: out.slice(cut + 1) };
}

describe('serve http: python -m http.server habits', () => {
  it('PORT -b ADDR -d DIR serve the same file as python3 -m http.server PORT -b ADDR -d DIR, and log a line per request', async () => {
    const python3 = requirePeer('python3', 'python3');
    const pythonPort = await freePort();
    const theirs = spawn(python3, ['-m', 'http.server', String(pythonPort), '-b', '127.0.0.1', '-d', site], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pythonLog = '';
    theirs.stderr!.on('data', (chunk: Buffer) => (pythonLog += chunk.toString()));
    const ours = await startServe(['http', '-b', '127.0.0.1', '-d', site]);
    try {
      await waitForOutput(theirs.stdout!, /Serving HTTP/);
      const mine = get(`http://127.0.0.1:${ours.port}/hello.txt`);
      const python = get(`http://127.0.0.1:${pythonPort}/hello.txt`);
      expect(mine).toEqual(python);
      expect(mine).toEqual({ status: '200', body: 'hello, world\n' });
      for (let i = 0; i < 100 && !/hello\.txt/.test(ours.stderr() + pythonLog); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      // The same request line, status and time stamp shape; nettool adds the exact size and the time taken.
      const theirLine = /^127\.0\.0\.1 - - \[(\d\d\/\w{3}\/\d{4} \d\d:\d\d:\d\d)\] ("GET \/hello\.txt HTTP\/1\.1" 200) -$/m.exec(pythonLog);
      const myLine = /^127\.0\.0\.1:\d+ - - \[(\d\d\/\w{3}\/\d{4} \d\d:\d\d:\d\d)\] ("GET \/hello\.txt HTTP\/1\.1" 200) (\d+) \d+ ms$/m.exec(ours.stderr());
      expect(theirLine).not.toBeNull();
      expect(myLine?.[2]).toBe(theirLine?.[2]);
      expect(Number(myLine?.[3])).toBeGreaterThan('hello, world\n'.length);
      // One line per request, as Python: no connection lines without -v.
      expect(ours.stderr()).not.toMatch(/Received connection|^Closed /m);
    } finally {
      theirs.kill('SIGKILL');
      await ours.stop();
    }
  });

  it('-v adds the connection open and close lines', async () => {
    const ours = await startServe(['http', '-v', '--bind', '127.0.0.1', '--directory', site]);
    get(`http://127.0.0.1:${ours.port}/hello.txt`);
    const { stderr } = await ours.stop();
    expect(stderr).toMatch(/^Received connection from 127\.0\.0\.1:\d+$/m);
    expect(stderr).toMatch(/"GET \/hello\.txt HTTP\/1\.1" 200 \d+ \d+ ms$/m);
    expect(stderr).toMatch(/^Closed 127\.0\.0\.1:\d+ after /m);
  });

  it('-d with --dir, or -b with --host, is one option given twice (exit 2)', async () => {
    const twice = await runCli(['serve', 'http', '0', '-d', site, '--dir', site]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('nettool: --dir and -d/--directory are the same option: give one\n');
    const host = await runCli(['serve', 'http', '0', '-b', '127.0.0.1', '--host', '::1']);
    expect(host.code).toBe(2);
    expect(host.stderr).toBe('nettool: --host and -b/--bind are the same option: give one\n');
  });
});

/** `name port/proto` pairs from ports' or getent's lines (aliases left aside: getent prints them too, differently spaced). */
const pairs = (text: string) => text.trim().split('\n').map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '));

describe('ports: getent services habits', () => {
  it('takes 80/tcp, ssh/tcp and domain/udp as getent services does, and prints the same entries', async () => {
    const getent = requirePeer('getent', 'libc-bin');
    const words = ['80/tcp', 'ssh/tcp', 'domain/udp', '443'];
    const ours = await runCli(['ports', ...words]);
    const theirs = execFileSync(getent, ['services', ...words], { encoding: 'utf8' });
    expect(ours.code).toBe(0);
    expect(pairs(ours.stdout)).toEqual(pairs(theirs));
    expect(pairs(ours.stdout)).toEqual(['http 80/tcp', 'ssh 22/tcp', 'domain 53/udp', 'https 443/tcp']);
  });

  it('prints each service once however many times the query names it (getent prints it each time)', async () => {
    const { code, stdout } = await runCli(['ports', '80', 'http', 'www', '80/tcp', 'ssh', '22']);
    expect(code).toBe(0);
    expect(pairs(stdout)).toEqual(['http 80/tcp', 'ssh 22/tcp']);
  });

  it('takes ranges and lists (a look-up, not a probe)', async () => {
    const { code, stdout } = await runCli(['ports', '21-23,443']);
    expect(code).toBe(0);
    expect(pairs(stdout)).toEqual(['ftp 21/tcp', 'ssh 22/tcp', 'telnet 23/tcp', 'https 443/tcp']);
  });

  it('a name missing on the protocol asked for is not found, as getent says (exit 1 here, 2 there)', async () => {
    const getent = requirePeer('getent', 'libc-bin');
    const ours = await runCli(['ports', 'domain/sctp']);
    let theirs = 0;
    try {
      execFileSync(getent, ['services', 'domain/sctp']);
    } catch (error) {
      theirs = (error as { status: number }).status;
    }
    expect(theirs).toBe(2);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toBe("nettool: no service named 'domain/sctp' in /etc/services\n");
  });
});

describe('info: default routes of both families, as ip route shows them', () => {
  it('in a namespace with a gateway route, a route straight out of a tunnel and an IPv6 default', () => {
    requirePeer('unshare', 'util-linux');
    requirePeer('ip', 'iproute2');
    const node = process.execPath;
    const script = [
      'set -e',
      'ip link set lo up',
      'ip tuntap add dev t0 mode tun',
      'ip link set t0 up',
      'ip addr add 10.9.0.2/24 dev t0',
      'ip route add default via 10.9.0.1 dev t0',
      'ip route add default dev t0 metric 50',
      'ip -6 addr add fd09::2/64 dev t0 nodad',
      'ip -6 route add default via fd09::1 dev t0',
      'ip -4 route show default; echo ---; ip -6 route show default; echo ---',
      `NO_COLOR=1 ${node} ${binPath} info; echo ---`,
      `${node} ${binPath} info --json`,
    ].join('\n');
    const [ip4, ip6, text, json] = execFileSync('unshare', ['-n', 'sh', '-c', script], { encoding: 'utf8' }).split('---\n');
    expect(ip4).toBe('default via 10.9.0.1 dev t0 linkdown \ndefault dev t0 scope link metric 50 linkdown \n');
    expect(ip6).toMatch(/^default via fd09::1 dev t0 metric 1024/);
    expect(text).toMatch(/^Default  IPv4 via 10\.9\.0\.1 dev t0 metric 0, dev t0 metric 50$/m);
    expect(text).toMatch(/^ {9}IPv6 via fd09::1 dev t0$/m);
    expect(JSON.parse(json!).gateways).toEqual([
      { family: 4, interface: 't0', gateway: '10.9.0.1', metric: 0 },
      { family: 4, interface: 't0', gateway: null, metric: 50 },
      { family: 6, interface: 't0', gateway: 'fd09::1', metric: 1024 },
    ]);
  });
});
