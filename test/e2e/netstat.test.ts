import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath, runCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

const holderPath = fileURLToPath(new URL('../helpers/socket-holder.mjs', import.meta.url));
const pairs = 25;

interface Holder {
  pid: number;
  tcpPort: number;
  udp: { unconnected: number; connected: { local: number; remote: number } };
  unix: { path: string };
}

/** One socket as ss and nettool both describe it; `ss` is the judge. */
interface Row {
  local: string;
  remote: string;
  state: string;
  inode: number;
  pid: number | null;
  program: string | null;
}

const ssStates: Record<string, string> = { ESTAB: 'ESTABLISHED', LISTEN: 'LISTEN', UNCONN: 'UNCONN', 'TIME-WAIT': 'TIME_WAIT' };

/** `ss -Hanpe` lines: State Recv-Q Send-Q Local Peer [users:((...))] ino:N ... */
function ssRows(args: string[], filter: string[] = []): Row[] {
  // Other programs on this host may hold thousands of sockets: let ss filter, and allow a big answer.
  const out = execFileSync(requirePeer('ss', 'iproute2'), [...args, '-Hanpe', ...filter], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // Unix rows: Netid State Recv-Q Send-Q Path Inode Peer PeerInode ...; inet: State Recv-Q Send-Q Local Peer ...
      const unix = args.includes('-x');
      const fields = line.trim().split(/\s+/).slice(unix ? 1 : 0);
      const owner = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
      const inode = unix ? Number(fields[4]) : Number(/ino:(\d+)/.exec(line)?.[1] ?? 0);
      return {
        local: fields[3]!,
        remote: unix ? '*' : fields[4]!,
        state: ssStates[fields[0]!] ?? fields[0]!,
        inode,
        pid: owner ? Number(owner[2]) : null,
        program: owner ? owner[1]! : null,
      };
    });
}

interface JsonRow {
  proto: string;
  local?: { address: string; port: number };
  remote?: { address: string; port: number };
  path?: string | null;
  state: string;
  inode: number;
  pid: number | null;
  program: string | null;
}

const endpoint = (e: { address: string; port: number }) => `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port === 0 ? '*' : e.port}`;
const fromJson = (row: JsonRow): Row => ({
  local: row.local ? endpoint(row.local) : (row.path ?? '*'),
  remote: row.remote ? endpoint(row.remote) : '*',
  state: row.state,
  inode: row.inode,
  pid: row.pid,
  program: row.program,
});
const byInode = (a: Row, b: Row) => a.inode - b.inode;

/** Both ways of reading the kernel: the native addon (netlink sock_diag) and the /proc fallback. */
const paths: [string, Record<string, string>][] = [
  ['netlink (native)', {}],
  ['/proc (fallback)', { NETTOOL_NATIVE: '0' }],
];

async function nettoolRows(args: string[], env: Record<string, string> = {}): Promise<JsonRow[]> {
  const { code, stdout, stderr } = await runCli(['netstat', ...args, '--json'], { timeoutMs: 30_000, env });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as JsonRow[];
}

describe.each(paths)('nettool netstat against ss, %s', (access, env) => {
  let holder: ChildProcess;
  let info: Holder;
  let dir: string;

  beforeAll(async () => {
    requirePeer('ss', 'iproute2');
    dir = mkdtempSync(join(tmpdir(), 'nettool-netstat-'));
    holder = spawn(process.execPath, [holderPath, '--pairs', String(pairs), '--udp', '--unix', dir, '--max-seconds', '120'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    info = JSON.parse((await waitForOutput(holder.stdout!, /^\{.*\}\n/m, 20_000))[0]) as Holder;
  });

  it(`reads the kernel by ${access}, as info says`, async () => {
    const { stdout } = await runCli(['info', '--json'], { env });
    expect(JSON.parse(stdout).sockets.access).toBe(access);
  });

  afterAll(async () => {
    if (holder && holder.exitCode === null) {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.stdin?.end();
      setTimeout(() => holder.kill('SIGKILL'), 5000).unref();
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('TCP: the same sockets, states, inodes and owners as ss -tanpe', async () => {
    const port = String(info.tcpPort);
    const ours = (await nettoolRows(['-tanp', '--port', port], env)).map(fromJson).sort(byInode);
    const theirs = ssRows(['-t'], [`( sport = :${port} or dport = :${port} )`]).filter((r) => r.local.endsWith(`:${port}`) || r.remote.endsWith(`:${port}`)).sort(byInode);
    expect(ours).toHaveLength(2 * pairs + 1);
    expect(ours).toEqual(theirs);
    expect(ours.every((r) => r.pid === info.pid && r.program === 'node')).toBe(true);
  });

  it('UDP: unconnected and connected sockets as ss -uanpe sees them', async () => {
    const ports = [info.udp.unconnected, info.udp.connected.local];
    const args = ports.flatMap((p) => ['--port', String(p)]);
    const ours = (await nettoolRows(['-uanp', ...args], env)).map(fromJson).sort(byInode);
    const theirs = ssRows(['-u'], [ports.map((p) => `sport = :${p}`).join(' or ')]).filter((r) => ports.some((p) => r.local.endsWith(`:${p}`))).sort(byInode);
    expect(ours.map((r) => r.state).sort()).toEqual(['ESTABLISHED', 'UNCONN']);
    expect(ours).toEqual(theirs);
  });

  it('Unix: the listening and connected sockets on a path as ss -xanpe sees them', async () => {
    const ours = (await nettoolRows(['-xanp'], env)).filter((r) => r.path === info.unix.path).map(fromJson).sort(byInode);
    const theirs = ssRows(['-x']).filter((r) => r.local === info.unix.path).sort(byInode);
    expect(ours.map((r) => r.state)).toContain('LISTEN');
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours).toEqual(theirs);
    expect(ours.every((r) => r.pid === info.pid)).toBe(true);
  });

  it('text: -tn --state listen shows the holder listening, -p its PID and program', async () => {
    const { code, stdout } = await runCli(['netstat', '-tnp', '--state', 'listen', '--port', String(info.tcpPort)], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^tcp\\s+0\\s+\\d+\\s+127\\.0\\.0\\.1:${info.tcpPort}\\s+0\\.0\\.0\\.0:\\*\\s+LISTEN\\s+${info.pid}/node$`, 'm'));
    expect(stdout.trim().split('\n')).toHaveLength(2);
  });

  it('--resolve names 127.0.0.1 from /etc/hosts (getnameinfo; only loopback addresses are shown)', async () => {
    const { code, stdout } = await runCli(['netstat', '-tn', '--resolve', '--state', 'established', '--port', String(info.tcpPort)], { timeoutMs: 10_000, env });
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(2 * pairs);
    expect(rows.every((row) => /\slocalhost:\d+\s+localhost:\d+\s+ESTABLISHED$/.test(row))).toBe(true);
  });

  it('as a user who may not read other processes, says how many owners it cannot see', async () => {
    const setpriv = requirePeer('setpriv', 'util-linux');
    // A copy of the built tool that user 65534 can read wherever the worktree lives (no runtime deps).
    const copy = join(dir, 'nettool');
    cpSync(join(binPath, '..', '..', 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(binPath, '..', '..', 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(binPath, '..', '..', 'prebuilds'), join(copy, 'prebuilds'), { recursive: true });
    for (const path of [dir, copy]) chmodSync(path, 0o755);
    const child = spawn(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'bin', 'nettool.cjs'), 'netstat', '-tnp', '--port', String(info.tcpPort)], {
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    const { code, stdout, stderr } = await waitForExit(child);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1 + 2 * pairs); // header and connections; no -a, no listener
    expect(stdout).not.toContain(`${info.pid}/node`);
    expect(stderr).toBe(`run as root to see the owners of ${2 * pairs} sockets\n`);
  });
});

describe('nettool netstat usage errors', () => {
  it.each([
    [['--state', 'nope'], /^nettool: unknown state 'nope'; valid states: established, syn-sent, .*listen.*\n$/],
    [['--port', 'abc'], /^nettool: unknown service 'abc'.*\n$/],
    [['--port', '0'], /^nettool: bad port '0'.*\n$/],
    [['-l', '-a'], /^nettool: -l .* contradict each other; give one\n$/],
  ])('%j exits 2 with one line', async (args, message) => {
    const { code, stdout, stderr } = await runCli(['netstat', ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('--interfaces --json lists lo with counters', async () => {
    const { code, stdout } = await runCli(['netstat', '--interfaces', '--json']);
    expect(code).toBe(0);
    const lo = (JSON.parse(stdout) as { name: string; counters: { rxBytes: number } | null; mtu: number }[]).find((i) => i.name === 'lo');
    expect(lo?.counters?.rxBytes).toBeGreaterThan(0);
    expect(lo?.mtu).toBeGreaterThan(0);
  });
});
