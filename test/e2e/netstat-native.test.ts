import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli, waitForOutput } from '../helpers/run-cli.js';

/** What the native path adds over /proc, each checked against ss: listen queues and every owner of a shared socket. */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(args: string[]): ChildProcess {
  const child = spawn(requirePeer('python3', 'python3'), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

/** `ss -Hltn[p] sport = :PORT`, split into fields. */
function ssListener(port: number, programs = false): string[] {
  const ss = requirePeer('ss', 'iproute2');
  return execFileSync(ss, [programs ? '-Hltnp' : '-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim().split(/\s+/);
}

interface Row {
  state: string;
  recvQ: number;
  sendQ: number;
  pid: number | null;
  owners?: { pid: number; program: string | null }[];
}

async function netstatJson(args: string[]): Promise<Row[]> {
  const { code, stdout, stderr } = await runCli(['netstat', ...args, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Row[];
}

describe('netstat on the native path, against ss', () => {
  it('a listener shows its accept queue in Recv-Q and its backlog in Send-Q, highlighted when full', async () => {
    const holder = start([fileURLToPath(new URL('../fixtures/full-backlog.py', import.meta.url)), '30']);
    const port = Number((await waitForOutput(holder.stdout!, /^(\d+)\n/m))[1]);
    const [state, recvQ, sendQ] = ssListener(port);
    const rows = await netstatJson(['-tln', '--port', String(port)]);
    expect(rows).toMatchObject([{ state: 'LISTEN', recvQ: Number(recvQ), sendQ: Number(sendQ) }]);
    expect(state).toBe('LISTEN');
    expect(rows[0]!.recvQ).toBeGreaterThanOrEqual(rows[0]!.sendQ);
    // In colour, that Recv-Q is drawn in the warning colour (yellow), the others not.
    const { stdout } = await runCli(['netstat', '-tln', '--port', String(port)], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(stdout).toContain(`\u001b[33m${recvQ}\u001b[39m`);
  });

  it('a socket shared by a forked server lists every process, as ss -p does', async () => {
    const code = [
      'import os, socket, sys, time',
      "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)",
      'child = os.fork()',
      'if child == 0: time.sleep(30); os._exit(0)',
      "print(s.getsockname()[1], os.getpid(), child, flush=True)",
      'time.sleep(30)',
    ].join('\n');
    const server = start(['-c', code]);
    const [, port, parent, child] = (await waitForOutput(server.stdout!, /^(\d+) (\d+) (\d+)\n/m)).map(Number) as [number, number, number, number];
    // The forked child holds the pipe too: end it with its parent.
    server.once('exit', () => process.kill(child, 'SIGKILL'));
    const theirs = [...ssListener(port, true).join(' ').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const rows = await netstatJson(['-tlnp', '--port', String(port)]);
    expect(theirs).toEqual([parent, child].sort((a, b) => a - b));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.pid).toBe(Math.min(parent, child));
    expect(rows[0]!.owners!.map((o) => o.pid)).toEqual(theirs);
    const { stdout } = await runCli(['netstat', '-tlnp', '--port', String(port)]);
    expect(stdout).toMatch(new RegExp(`LISTEN\\s+${theirs[0]}/python3,${theirs[1]}/python3$`, 'm'));
  });
});
