/** nettool pickle on pickles Python makes, a malicious one among them; rpc --pickle against the course's pickling XML-RPC server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { pythonPickle, pythonSync } from '../helpers/pickles.js';
import { runCli, waitForOutput } from '../helpers/run-cli.js';

describe('nettool pickle', () => {
  let dir: string;
  let marker: string;
  let evil: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nettool-pickle-'));
    marker = join(dir, 'pwned');
    evil = join(dir, 'evil.pkl');
    writeFileSync(evil, pythonPickle('Evil()', 4, `class Evil:\n    def __reduce__(self):\n        return (os.system, ('touch ${marker}',))`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints Python's repr of what Python pickled, from a file or stdin", async () => {
    const value = "{'a': [1, 2.5, b'\\x00', (None, True)], 'big': 2**100, 's': {3}, 'u': 'é'}";
    const file = join(dir, 'plain.pkl');
    writeFileSync(file, pythonPickle(value, 2));
    const expected = pythonSync(`print(repr(${value}))`);
    expect((await runCli(['pickle', file])).stdout).toBe(expected);
    const piped = await runCli(['pickle'], { input: Buffer.from(pythonPickle(value, 5)) });
    expect(piped.stdout).toBe(expected);
    expect(piped.stderr).toBe('');
  });

  it('prints JSON with --json', async () => {
    const result = await runCli(['pickle', '--json'], { input: Buffer.from(pythonPickle("[(1, 2), b'ab', {'k': 2**64}, {1: 'x'}, float('nan')]")) });
    expect(result.stdout).toBe('[[1,2],{"$bytes":"YWI="},{"k":18446744073709551616},{"$dict":[[1,"x"]]},{"$float":"nan"}]\n');
  });

  it('lists opcodes as python -m pickletools does', async () => {
    const file = join(dir, 'dis.pkl');
    writeFileSync(file, pythonPickle("[{'a': (1, 2.5)}, b'x' * 3, 2**70]", 4));
    const theirs = pythonSync(`import runpy, sys; sys.argv = ['pickletools', ${JSON.stringify(file)}]; runpy.run_module('pickletools', run_name='__main__')`);
    expect((await runCli(['pickle', '--dis', file])).stdout).toBe(theirs);
  });

  it('shows a malicious pickle as data, warns, and runs nothing', async () => {
    const result = await runCli(['pickle', evil]);
    expect(result.stdout).toBe(`posix.system('touch ${marker}')\n`);
    expect(result.stderr).toMatch(/warning: this pickle would import or call posix\.system if Python loaded it; shown as data, nothing was run/);
    expect(result.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('--check: exit 1 naming each global, exit 0 for plain data', async () => {
    const bad = await runCli(['pickle', '--check', evil]);
    expect([bad.code, bad.stdout]).toEqual([1, 'posix.system\n']);
    const good = await runCli(['pickle', '--check'], { input: Buffer.from(pythonPickle("[b'x', {1, 2}, bytearray(b'y')]", 2)) });
    expect(good.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('a broken pickle is exit 1 and one line', async () => {
    const result = await runCli(['pickle'], { input: Buffer.from('80045d94', 'hex') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('nettool: not a valid pickle: truncated: the pickle ends before STOP (at byte 4)\n');
  });
});

describe('rpc --pickle, against the course server that adds pickles', () => {
  let server: ChildProcess;
  let url: string;
  beforeAll(async () => {
    server = spawn(requirePeer('python3', 'python3'), ['-u', fileURLToPath(new URL('../fixtures/xmlrpc/pickle_add_server.py', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = `http://127.0.0.1:${(await waitForOutput(server.stdout!, /^(\d+)$/m))[1]}/`;
  });
  afterAll(() => server.kill());

  it('sends each argument pickled and prints the pickled result as its value', async () => {
    expect((await runCli(['rpc', url, 'add', '--pickle', '[1,2,3]', '[4,5]'])).stdout).toBe('[1, 2, 3, 4, 5]\n');
    expect((await runCli(['rpc', url, 'add', '--pickle', "('a', 2**70)", "(b'x',)"])).stdout).toBe("('a', 1180591620717411303424, b'x')\n");
    expect((await runCli(['rpc', url, 'add', '--pickle', '--json', '"Hello"', '"World"'])).stdout).toBe('"HelloWorld"\n');
  });

  it("passes on the server's TypeError fault", async () => {
    const result = await runCli(['rpc', url, 'add', '--pickle', '1', '"x"']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/fault 1: <class 'TypeError'>:unsupported operand type\(s\) for \+: 'int' and 'str'/);
  });
});
