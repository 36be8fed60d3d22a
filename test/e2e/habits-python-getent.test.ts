/** python -m http.server and getent habits typed at serve http, ports and info, compared with those tools. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli, waitForOutput } from '../helpers/run-cli.js';
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
