import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket as createUdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli, waitForOutput } from '../helpers/run-cli.js';

interface ScanJson {
  host: string;
  address: string;
  protocol: string;
  ports: { port: number; state: string; service: string | null; pid?: number | null; program?: string | null; banner?: string | null }[];
  counts: { open: number; closed: number; filtered: number; 'open|filtered': number };
  elapsedMs: number;
}

const servers: Server[] = [];
const children: ChildProcess[] = [];

function listen(host: string, onConnection: (socket: import('node:net').Socket) => void = (s) => s.destroy()): Promise<number> {
  // A scan's connect-only probe may reset a connection this side is still writing to (the banner
  // listener, when a later long-range scan passes its port): that is the scan working, not a failure.
  const server = createServer((socket) => {
    socket.on('error', () => {});
    onConnection(socket);
  });
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as import('node:net').AddressInfo).port));
  });
}

/** A port nothing listens on: bound, read, released (the kernel will not hand it out again at once). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** nc -zv's verdict on one port: exit 0 is open. (Without -v, Debian's nc -u -z does not probe and exits 0.) */
function ncOpen(host: string, port: number, extra: string[] = []): boolean {
  return spawnSync(requirePeer('nc', 'netcat-openbsd'), ['-zv', '-w', '1', ...extra, host, String(port)], { stdio: 'ignore' }).status === 0;
}

/** `ss -ltnp` for one port: the PIDs it names. */
function ssOwners(port: number, flags = '-Hltnp'): number[] {
  const out = execFileSync(requirePeer('ss', 'iproute2'), [flags, `sport = :${port}`], { encoding: 'utf8' });
  return [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}

async function scanJson(args: string[]): Promise<{ code: number | null; json: ScanJson; stderr: string }> {
  const result = await runCli(['scan', ...args, '--json']);
  return { code: result.code, json: JSON.parse(result.stdout) as ScanJson, stderr: result.stderr };
}

let open4: number[] = [];
let closed4: number[] = [];
let open6 = 0;

beforeAll(async () => {
  open4 = [await listen('127.0.0.1'), await listen('127.0.0.1'), await listen('0.0.0.0')];
  closed4 = [await freePort('127.0.0.1'), await freePort('127.0.0.1')];
  open6 = await listen('::1');
});

afterAll(() => {
  for (const server of servers) server.close();
  for (const child of children) child.kill('SIGKILL');
});

describe('nettool scan against loopback listeners, judged by nc -z and ss -ltnp', () => {
  it('says open and closed port by port as nc -z does, with this process as the owner ss names', async () => {
    const ports = [...open4, ...closed4].sort((a, b) => a - b);
    const { code, json, stderr } = await scanJson(['127.0.0.1', ports.join(','), '--all']);
    expect(code).toBe(0);
    expect(json.ports.map((p) => p.port)).toEqual(ports);
    for (const result of json.ports) {
      expect({ port: result.port, open: result.state === 'open' }).toEqual({ port: result.port, open: ncOpen('127.0.0.1', result.port) });
      if (result.state === 'open') {
        expect(ssOwners(result.port)).toContain(result.pid);
        expect(result.pid).toBe(process.pid);
        expect(result.program).toBe('node');
      } else {
        expect(result.state).toBe('closed');
        expect(result.pid).toBeUndefined();
      }
    }
    expect(json.counts).toEqual({ open: 3, 'open|filtered': 0, closed: 2, filtered: 0 });
    expect(stderr).toMatch(/^Scanning 127\.0\.0\.1: 5 tcp ports\n3 open, 2 closed in \d+\.\d\d s\n$/);
  });

  it('lists open ports only by default, as a table with the owner', async () => {
    const { code, stdout } = await runCli(['scan', '127.0.0.1', [...closed4, open4[0]].join(',')]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^\s*PORT\s+STATE\s+SERVICE\s+PROCESS$/);
    expect(stdout).toMatch(new RegExp(`^\\s*${open4[0]}/tcp\\s+open\\s+\\S+\\s+${process.pid}/node$`, 'm'));
    expect(stdout.trim().split('\n')).toHaveLength(2);
  });

  it('exits 1 when nothing is open, as nc -z does, and 2 for a bad port list naming the item', async () => {
    const none = await runCli(['scan', '127.0.0.1', closed4.join(',')]);
    expect(none.code).toBe(1);
    expect(ncOpen('127.0.0.1', closed4[0]!)).toBe(false);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/2 closed in/);
    const bad = await runCli(['scan', '127.0.0.1', '22,8o,80']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("nettool: bad port '8o': use a number from 1 to 65535 or a service name\n");
    const backwards = await runCli(['scan', '127.0.0.1', '100-20']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/'100-20'.*20-100/);
  });

  it('takes ranges, lists and service names mixed, and names services from the ports table', async () => {
    const { json } = await scanJson(['127.0.0.1', `${closed4[0]}-${closed4[0]! + 1},https,ssh`, '--all']);
    expect(json.ports.map((p) => p.port)).toEqual([22, 443, closed4[0]!, closed4[0]! + 1].sort((a, b) => a - b));
    expect(json.ports.find((p) => p.port === 443)!.service).toBe('https');
    expect(json.ports.find((p) => p.port === 22)!.service).toBe('ssh');
  });

  it('scans IPv6 with and without brackets as nc -z ::1 does', async () => {
    const closed6 = await freePort('::1');
    for (const host of ['::1', '[::1]']) {
      const { json } = await scanJson([host, `${open6},${closed6}`, '--all']);
      expect(json.address).toBe('::1');
      expect(json.ports.map((p) => [p.port, p.state === 'open'])).toEqual(
        [open6, closed6].sort((a, b) => a - b).map((port) => [port, ncOpen('::1', port)]),
      );
      expect(json.ports.find((p) => p.port === open6)!.pid).toBe(process.pid);
    }
  });

  it('--banner shows the first line a service sends, with control characters escaped', async () => {
    const port = await listen('127.0.0.1', (socket) => socket.end('SSH-2.0-Test\x1b[2J\x07 ok\r\nsecond line\r\n'));
    const { json } = await scanJson(['127.0.0.1', String(port), '--banner']);
    expect(json.ports).toEqual([expect.objectContaining({ port, state: 'open', banner: 'SSH-2.0-Test\\x1b[2J\\x07 ok' })]);
    const { stdout } = await runCli(['scan', '127.0.0.1', String(port), '--banner']);
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
    expect(stdout).toContain('SSH-2.0-Test\\x1b[2J\\x07 ok');
  });

  it('calls a port filtered when its SYN gets no answer (a listener whose queue is full), as nc -z -w 1 times out', async () => {
    // Linux drops a SYN to a listener whose accept queue is full: the connect hears nothing.
    const python = requirePeer('python3', 'python3');
    const child = spawn(python, ['-c', [
      'import socket, sys, time',
      's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
      'held = []',
      'for _ in range(3):',
      '    c = socket.socket(); c.setblocking(False); c.connect_ex(s.getsockname()); held.append(c)',
      'time.sleep(0.5)',
      'print(s.getsockname()[1], flush=True)',
      'sys.stdin.read()',
    ].join('\n')], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    const port = Number((await waitForOutput(child.stdout!, /^(\d+)\n/))[1]);
    const { code, json } = await scanJson(['127.0.0.1', String(port), '--all', '-w', '0.5']);
    expect(json.ports).toEqual([expect.objectContaining({ port, state: 'filtered' })]);
    expect(code).toBe(1);
    expect(ncOpen('127.0.0.1', port)).toBe(false);
    child.stdin!.end();
  });

  it('--udp: a reply is open, an ICMP port unreachable closed, port by port as nc -u -z says', async () => {
    const socket = createUdpSocket('udp4');
    socket.on('message', (_message, from) => socket.send('pong\n', from.port, from.address));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const open = socket.address().port;
    const closed = closed4[0]!;
    try {
      const { code, json } = await scanJson(['127.0.0.1', `${open},${closed}`, '--udp', '--all']);
      expect(code).toBe(0);
      expect(json.protocol).toBe('udp');
      const states = Object.fromEntries(json.ports.map((p) => [p.port, p.state]));
      expect(states).toEqual({ [open]: 'open', [closed]: 'closed' });
      expect(ncOpen('127.0.0.1', open, ['-u'])).toBe(true);
      expect(ncOpen('127.0.0.1', closed, ['-u'])).toBe(false);
      expect(json.ports.find((p) => p.port === open)!.pid).toBe(ssOwners(open, '-Hlunp')[0]);
    } finally {
      socket.close();
    }
  });

  it('a long range (split across threads) finds the listeners in it, with their owner', async () => {
    const low = Math.max(1, Math.min(...open4) - 5000);
    const { code, json } = await scanJson(['127.0.0.1', `${low}-${low + 12_000}`]);
    expect(code).toBe(0);
    for (const port of open4.filter((p) => p >= low && p <= low + 12_000)) {
      expect(json.ports).toContainEqual(expect.objectContaining({ port, state: 'open', pid: process.pid }));
    }
    expect(json.counts.open + json.counts.closed).toBe(12_001);
  });

  it('--rate spaces the connects out', async () => {
    const { json } = await scanJson(['127.0.0.1', `${closed4[0]},${closed4[1]},${open4.join(',')}`, '--rate', '10', '--all']);
    // Five probes at 10 a second: the last starts 0.4 s after the first.
    expect(json.elapsedMs).toBeGreaterThanOrEqual(390);
    expect(json.counts.open).toBe(3);
  });
});
