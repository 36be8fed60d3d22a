import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath, runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

/** Connects to 127.0.0.1:PORT, prints its own port, and holds the connection until stdin closes. */
const clientScript = `
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print(s.getsockname()[1], flush=True)
sys.stdin.read()
`;

const poll = async (what: string, check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('netstat --watch in a terminal (tmux)', () => {
  const tmux = requirePeer('tmux', 'tmux');
  // A tmux server of our own: other tests' and people's sessions are never touched.
  const socketName = `nettool-watch-${process.pid}`;
  const run = (...args: string[]) => execFileSync(tmux, ['-L', socketName, ...args], { encoding: 'utf8' });
  const screen = () => run('capture-pane', '-p', '-t', 'view');
  /** Table rows of established connections (the header's state counts say ESTABLISHED too). */
  const establishedRows = () => screen().split('\n').filter((line) => /^tcp6? +\d+ +\d+ .*ESTABLISHED/.test(line));
  let dir: string;
  let server: Server;
  const accepted: Socket[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nettool-watch-'));
    // A session that lives as long as these tests: killing the last one would stop the tmux server
    // while the next test starts a session on it.
    run('new-session', '-d', '-s', 'keep', 'sleep 600');
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterEach(() => {
    try {
      run('kill-session', '-t', 'view');
    } catch {
      // the test ended it
    }
  });

  afterAll(async () => {
    try {
      run('kill-server');
    } catch {
      // already gone with its last session
    }
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the view in a 120x30 pane; the pane stays after exit so its state can be read. */
  function startView(args: string[]): string {
    const exitFile = join(dir, `exit-${Date.now()}`);
    // CI=false: under CI=true Ink prints only the last frame.
    const command = `CI=false NO_COLOR=1 '${process.execPath}' '${binPath}' netstat --watch ${args.join(' ')}; echo $? > '${exitFile}'`;
    run('new-session', '-d', '-s', 'view', '-x', '120', '-y', '30', command);
    run('set-option', '-t', 'view', 'remain-on-exit', 'on');
    return exitFile;
  }

  it('shows a new loopback connection, filters with /, quits with q (exit 0) and leaves the alternate screen', async () => {
    const port = (server.address() as { port: number }).port;
    const exitFile = startView(['-n', '--port', String(port), '--interval', '0.3']);
    await poll('the view', () => /Proto .*Local Address/.test(screen()));
    expect(run('display-message', '-p', '-t', 'view', '#{alternate_on}').trim()).toBe('1');

    // The new connection comes from another program, so that a filter on its name keeps one end only.
    const python = requirePeer('python3', 'python3');
    const client = spawn(python, ['-c', clientScript, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const [, clientPort] = await waitForOutput(client.stdout!, /^(\d+)$/m);
      await poll('the new connection', () => screen().includes(`127.0.0.1:${clientPort}`));
      expect(establishedRows()).toHaveLength(2); // both ends: python's and the one this test accepted

      run('send-keys', '-t', 'view', '/', 'python', 'Enter');
      await poll('the filter', () => screen().includes('filter "python"'));
      await poll('one row left', () => establishedRows().length === 1);
      const [row] = establishedRows();
      expect(row).toMatch(new RegExp(`^tcp +0 +0 127\\.0\\.0\\.1:${clientPort} +127\\.0\\.0\\.1:${port} +ESTABLISHED .* ${client.pid}/python3`));
      // From the second refresh that had it on screen, ss's tcp_info counters give it rates (idle: 0 B/s).
      await poll('rates', () => /ESTABLISHED +\d+ B\/s +\d+ B\/s/.test(establishedRows()[0] ?? ''));

      run('send-keys', '-t', 'view', 'q');
      await poll('exit', () => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '');
      expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
      expect(run('display-message', '-p', '-t', 'view', '#{alternate_on}').trim()).toBe('0');
    } finally {
      client.stdin!.end();
      client.kill();
    }
  });

  it.each([
    ['Ctrl-C (a key in raw mode)', () => run('send-keys', '-t', 'view', 'C-c')],
    [
      'SIGTERM',
      () => {
        // The pane runs sh, whose child is nettool.
        const shell = run('display-message', '-p', '-t', 'view', '#{pane_pid}').trim();
        const ps = requirePeer('ps', 'procps');
        const pid = Number(execFileSync(ps, ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).trim().split('\n')[0]);
        process.kill(pid, 'SIGTERM');
      },
    ],
  ])('quits on %s with exit 0 and leaves the alternate screen', async (_name, stop) => {
    const exitFile = startView(['--interval', '0.5']);
    await poll('the view', () => /Proto .*Local Address/.test(screen()));
    expect(run('display-message', '-p', '-t', 'view', '#{alternate_on}').trim()).toBe('1');
    stop();
    await poll('exit', () => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    expect(run('display-message', '-p', '-t', 'view', '#{alternate_on}').trim()).toBe('0');
  });
});

describe('netstat --watch without a terminal', () => {
  it('--watch --json | head -3 prints three JSON lines and the pipeline ends, nettool exiting 0', async () => {
    const bash = requirePeer('bash', 'bash');
    const started = Date.now();
    const child = spawn(bash, ['-c', `set -o pipefail; '${process.execPath}' '${binPath}' netstat --watch --json --interval 0.2 | head -3`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await waitForExit(child, 15_000);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(Object.keys(JSON.parse(line) as object)).toEqual(['time', 'connections']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('prints a text snapshot every interval and stops with exit 0 on SIGTERM', async () => {
    const child = startCli(['netstat', '--watch', '-tn', '--interval', '0.2']);
    child.stdin?.end();
    const done = waitForExit(child, 15_000);
    await waitForOutput(child.stdout!, /^# .*\n(?:.*\n)*?# /m);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# \d{4}-\d\d-\d\dT[\d:.]+Z\nProto +Recv-Q +Send-Q +Local Address/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it.each([
    [['--watch', '--interval', 'soon'], /bad --interval 'soon'/],
    [['--interval', '2'], /--interval goes with --watch/],
    [['--watch', '--interfaces'], /--interfaces without --watch/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await runCli(['netstat', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
