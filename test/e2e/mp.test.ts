/** nettool mp and serve mp against Python 3.11's multiprocessing.connection both ways, and a 3.12-style peer. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';
import { python, startServe, type RunningServe } from '../helpers/serve.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/mp/${name}`, import.meta.url));

/** Starts a Python peer script that prints its port first. */
async function startPython(script: string, args: readonly string[]): Promise<{ child: ChildProcess; port: number; output: () => string; exited: Promise<unknown> }> {
  const child = spawn(requirePeer('python3', 'python3'), ['-u', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Watched from the start: a peer that exits before the test looks would otherwise never report its close.
  const exited = waitForExit(child, 60_000);
  exited.catch(() => {});
  const match = await waitForOutput(child.stdout!, /^(\d+)$/m, 10_000);
  return { child, port: Number(match[1]), output: () => output, exited };
}

describe('nettool mp, client of Python 3.11 Listener (the course addserv)', () => {
  let server: Awaited<ReturnType<typeof startPython>>;
  let dir: string;
  beforeAll(async () => {
    server = await startPython(fixture('addserv.py'), ['secret']);
    dir = mkdtempSync(join(tmpdir(), 'nettool-mp-'));
  });
  afterAll(() => {
    server.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each value and prints each reply as Python repr', async () => {
    const result = await runCli(['mp', `127.0.0.1:${server.port}`, '--authkey', 'secret', '(3, 5)', "('Hello', 'World')", '([1, (2,)], [None])', '(2**100, -1)', "(b'a\\x00', b'\\xff')", '(0.1, 0.2)', '((1,), (2, 3))']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe("8\n'HelloWorld'\n[1, (2,), None]\n1267650600228229401496703205375\nb'a\\x00\\xff'\n0.30000000000000004\n(1, 2, 3)\n");
    expect(result.code).toBe(0);
  });

  it('reads values from stdin, JSON too, and prints JSON with --json', async () => {
    const result = await runCli(['mp', `127.0.0.1:${server.port}`, '--authkey', 'secret', '--json'], { input: '[[1, 2], [3]]\n\n["a", "b"]\n(18446744073709551616, 1)\n' });
    expect(result.stdout).toBe('[1,2,3]\n"ab"\n18446744073709551617\n');
    expect(result.code).toBe(0);
  });

  it('takes the key from --authkey-file, less its trailing newline', async () => {
    const file = join(dir, 'key');
    writeFileSync(file, 'secret\n');
    const result = await runCli(['mp', `127.0.0.1:${server.port}`, '--authkey-file', file, '(40, 2)']);
    expect(result.stdout).toBe('42\n');
  });

  it('a wrong key is exit 1, authentication failed, and Python says the same', async () => {
    const result = await runCli(['mp', `127.0.0.1:${server.port}`, '--authkey', 'wrong', '(3, 5)']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^nettool: authentication failed \(.*\)\n$/);
  });

  it('no key where one is needed is exit 1, naming --authkey', async () => {
    const result = await runCli(['mp', `127.0.0.1:${server.port}`, '(3, 5)']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^nettool: authentication failed \(.*asks for an authkey: give --authkey/);
  });

  it('a value that is no literal is a usage error before connecting', async () => {
    const result = await runCli(['mp', `127.0.0.1:${server.port}`, '--authkey', 'secret', 'os.system("x")']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^nettool: value 1: 'os' is not a literal/);
  });
});

describe('nettool mp against a Python 3.12-style Listener', () => {
  it('answers the {sha256} challenge and is answered in kind', async () => {
    const peer = await startPython(fixture('peer312.py'), ['listen', 'k3y']);
    const result = await runCli(['mp', `127.0.0.1:${peer.port}`, '--authkey', 'k3y', "('3.', '12')"]);
    expect(result.stdout).toBe("'3.12'\n");
    await peer.exited;
    // The peer saw our answer to its challenge, {sha256}-prefixed, and our challenge, {sha256} too.
    expect(peer.output()).toContain("seen [b'{sha256}', b'{sha256}']");
  });

  it('fails with a wrong key', async () => {
    const peer = await startPython(fixture('peer312.py'), ['listen', 'k3y']);
    const result = await runCli(['mp', `127.0.0.1:${peer.port}`, '--authkey', 'nope', '(1, 2)']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/authentication failed/);
    await peer.exited;
    expect(peer.output()).toContain('auth failed: digest received was wrong');
  });
});

describe('serve mp, with Python 3.11 Client', () => {
  let serve: RunningServe;
  let dir: string;
  beforeAll(async () => {
    serve = await startServe(['mp', '--host', '127.0.0.1', '--authkey', 'secret']);
    dir = mkdtempSync(join(tmpdir(), 'nettool-serve-mp-'));
  });
  afterAll(async () => {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the course's client: pairs added under Python's rules", async () => {
    const out = await python(
      `
import sys
from multiprocessing.connection import Client
c = Client(('127.0.0.1', int(sys.argv[1])), authkey=b'secret')
for pair in [(3, 5), ('Hello', 'World'), ([1], [2, 3]), ((1,), (2,)), (2**100, 2**100), (1, 2.5), (True, 1), (b'x', bytearray(b'y')), ('a', 1), (None, 1), [1, 2], (1, 2, 3), 'hi']:
    print(repr(c.recv()) if c.send(pair) is None else '')
c.close()`,
      [serve.port],
    );
    expect(out.trim().split('\n')).toEqual([
      '8',
      "'HelloWorld'",
      '[1, 2, 3]',
      '(1, 2)',
      '2535301200456458802993406410752',
      '3.5',
      '2',
      "b'xy'",
      `'error: TypeError: can only concatenate str (not "int") to str'`,
      `"error: TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"`,
      '3',
      "'error: expected a pair (x, y) to add, got a tuple of 3'",
      "'error: expected a pair (x, y) to add, got a str'",
    ]);
  });

  it('runs nothing from a malicious pickle, answers with an error, and keeps the connection', async () => {
    const marker = join(dir, 'pwned');
    const out = await python(
      `
import os, sys
from multiprocessing.connection import Client
class Evil:
    def __reduce__(self):
        return (os.system, ('touch ' + sys.argv[2],))
c = Client(('127.0.0.1', int(sys.argv[1])), authkey=b'secret')
c.send(Evil())
print(repr(c.recv()))
c.send((20, 22))
print(repr(c.recv()))`,
      [serve.port, marker],
    );
    expect(out).toBe("'error: refused: the message names posix.system, which this server never imports or calls'\n42\n");
    expect(existsSync(marker)).toBe(false);
  });

  it('a wrong key is refused the way Python refuses it', async () => {
    const out = await python(
      `
import sys
from multiprocessing.connection import Client, AuthenticationError
try:
    Client(('127.0.0.1', int(sys.argv[1])), authkey=b'wrong')
except AuthenticationError as error:
    print('refused:', error)`,
      [serve.port],
    );
    expect(out).toBe('refused: digest sent was rejected\n');
  });

  it('echoes with --echo, and is answered by the nettool client', async () => {
    const echo = await startServe(['mp', '--host', '127.0.0.1', '--echo']);
    try {
      const result = await runCli(['mp', `127.0.0.1:${echo.port}`, "{'a': [1, 2.5, b'x', {3}], 'b': ()}", '-7']);
      expect(result.stdout).toBe("{'a': [1, 2.5, b'x', {3}], 'b': ()}\n-7\n");
    } finally {
      await echo.stop();
    }
  });

  it('a Python 3.12-style client passes the handshake', async () => {
    const out = await python(`import runpy, sys; sys.argv = ['peer312.py', 'client', sys.argv[1], 'secret', "('a', 'b')"]; runpy.run_path(sys.argv[0] if False else ${JSON.stringify(fixture('peer312.py'))}, run_name='__main__')`, [serve.port]);
    expect(out).toBe("'ab' seen [b'{sha256}', b'{sha256}']\n");
  });
});
