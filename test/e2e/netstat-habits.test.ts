/** netstat and ss habits typed as their users type them, each compared with netstat or ss on this host. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

const ss = (args: string[]) => execFileSync(requirePeer('ss', 'iproute2'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const netstat = (args: string[]) => execFileSync(requirePeer('netstat', 'net-tools'), args, { encoding: 'utf8', maxBuffer: 64 << 20 });

/** `127.0.0.1:80 127.0.0.1:5000 ESTABLISHED`, one per socket, sorted: what both tools must agree on. */
function ssEnds(args: string[], filter: string[]): string[] {
  const names: Record<string, string> = { ESTAB: 'ESTABLISHED', LISTEN: 'LISTEN', 'TIME-WAIT': 'TIME_WAIT', UNCONN: 'UNCONN' };
  const withState = !args.join(' ').includes('state');
  return ss(['-Hn', ...args, ...filter])
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const f = line.trim().split(/\s+/);
      return withState ? `${f[3]} ${f[4]} ${names[f[0]!] ?? f[0]}` : `${f[2]} ${f[3]} ESTABLISHED`;
    })
    .map((row) => row.replace(/\[(::ffff:)?([\d.]+)\]/g, '$2').replace(/0\.0\.0\.0:\*/g, '0.0.0.0:0').replace(/\[::\]:\*/g, '[::]:0'))
    .sort();
}

async function nettoolEnds(args: string[]): Promise<string[]> {
  const { code, stdout, stderr } = await runCli(['netstat', ...args, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const rows = JSON.parse(stdout) as { local: { address: string; port: number }; remote: { address: string; port: number }; state: string }[];
  const end = (e: { address: string; port: number }) => (e.address.includes(':') && !e.address.startsWith('::ffff:') ? `[${e.address}]:${e.port}` : `${e.address.replace(/^::ffff:/, '')}:${e.port}`);
  return rows.map((r) => `${end(r.local)} ${end(r.remote)} ${r.state}`).sort();
}

const servers: Server[] = [];
const sockets: Socket[] = [];
let port4 = 0;
let port6 = 0;
let unixPath = '';
let dir = '';

let accepted = 0;
let onAccept = () => {};

function listen(options: { port?: number; host?: string; path?: string }): Promise<Server> {
  const server = createServer((socket) => {
    sockets.push(socket);
    accepted++;
    onAccept();
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(options, () => resolve(server)));
}

function dial(port: number, host: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => resolve());
    sockets.push(socket);
  });
}

beforeAll(async () => {
  port4 = ((await listen({ port: 0, host: '127.0.0.1' })).address() as AddressInfo).port;
  port6 = ((await listen({ port: 0, host: '::1' })).address() as AddressInfo).port;
  await dial(port4, '127.0.0.1');
  await dial(port4, '127.0.0.1');
  await dial(port6, '::1');
  dir = mkdtempSync(join(tmpdir(), 'nettool-habits-'));
  unixPath = join(dir, 'habit.sock');
  await listen({ path: unixPath });
  // Both ends of each connection are established once the servers have accepted all three.
  await new Promise<void>((resolve) => {
    onAccept = () => accepted === 3 && resolve();
    onAccept();
  });
});

afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ss filter expressions after the options, as ss takes them', () => {
  it.each([
    ['sport', () => ['sport', '=', `:${port4}`]],
    ['dport', () => ['dport', '=', `:${port4}`]],
    ['one quoted word with parentheses', () => [`( sport = :${port4} or dport = :${port4} )`]],
    ['src with and', () => ['src', '127.0.0.1', 'and', '(', 'sport', '=', `:${port4}`, 'or', 'dport', '=', `:${port4}`, ')']],
    ['dst [::1]', () => ['dst', '[::1]', 'and', 'dport', '=', `:${port6}`]],
    ['not', () => ['dport', '=', `:${port4}`, 'and', 'not', 'sport', '=', `:${port4}`]],
  ])('%s: the same sockets as ss', async (_name, filter) => {
    const expected = ssEnds(['-ta'], filter());
    expect(expected.length).toBeGreaterThan(0);
    expect(await nettoolEnds(['-tan', ...filter()])).toEqual(expected);
  });

  it('state established, as ss -t state established ( dport = :P )', async () => {
    const filter = ['(', 'dport', '=', `:${port4}`, 'or', 'sport', '=', `:${port4}`, ')'];
    const expected = ssEnds(['-t', 'state', 'established'], filter);
    expect(expected).toHaveLength(4);
    expect(await nettoolEnds(['-tn', 'state', 'established', ...filter])).toEqual(expected);
  });

  it('a bad filter exits 2 and points at the word, where commander said "too many arguments"', async () => {
    const { code, stdout, stderr } = await runCli(['netstat', '-tan', 'sport', '=', ':80', 'and', 'bogus']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("nettool: bad filter at 'bogus' (expected sport, dport, src, dst, state, exclude, not or '('): sport = :80 and »bogus«\n");
  });
});

describe('netstat flags', () => {
  it('-4 and -6 keep one family, as ss -4 and ss -6 do', async () => {
    const filter = ['(', 'sport', '=', `:${port4}`, 'or', 'sport', '=', `:${port6}`, ')'];
    const four = await nettoolEnds(['-ltn', '-4', ...filter]);
    const six = await nettoolEnds(['-ltn', '-6', ...filter]);
    expect(four).toEqual(ssEnds(['-lt', '-4'], filter));
    expect(six).toEqual(ssEnds(['-lt', '-6'], filter));
    expect(four).toEqual([`127.0.0.1:${port4} 0.0.0.0:0 LISTEN`]);
    expect(six).toEqual([`[::1]:${port6} [::]:0 LISTEN`]);
  });

  it('-e adds UID and Inode, the uid and ino ss -e shows', async () => {
    const { stdout } = await runCli(['netstat', '-tlne', 'sport', '=', `:${port4}`]);
    expect(stdout.split('\n')[0]).toMatch(/State\s+UID\s+Inode$/);
    const inode = /ino:(\d+)/.exec(ss(['-Hltne', 'sport', '=', `:${port4}`]))![1];
    expect(stdout).toMatch(new RegExp(`127\\.0\\.0\\.1:${port4}\\s+0\\.0\\.0\\.0:\\*\\s+LISTEN\\s+${process.getuid!()}\\s+${inode}$`, 'm'));
  });

  it('-o shows the timers netstat -o shows: a keepalive on one end of a connection', async () => {
    const keepalive = sockets.find((socket) => socket.remotePort === port4)!;
    keepalive.setKeepAlive(true, 600_000);
    const local = `127.0.0.1:${keepalive.localPort}`;
    const timer = (text: string) => new RegExp(`${local.replace(/\./g, '\\.')}\\s+127\\.0\\.0\\.1:${port4}\\s+ESTABLISHED\\s+(\\w+) \\(([\\d.]+)/(\\d+)/(\\d+)\\)`).exec(text)!;
    const theirs = timer(netstat(['-tno']));
    const ours = timer((await runCli(['netstat', '-tno', 'sport', '=', `:${keepalive.localPort}`])).stdout);
    expect(ours[1]).toBe('keepalive');
    expect([ours[1], ours[3], ours[4]]).toEqual([theirs[1], theirs[3], theirs[4]]);
    expect(Math.abs(Number(ours[2]) - Number(theirs[2]))).toBeLessThan(30);
  });

  it('-i is --interfaces, the interfaces netstat -i lists', async () => {
    const { code, stdout } = await runCli(['netstat', '-i', '--json']);
    expect(code).toBe(0);
    const names = (JSON.parse(stdout) as { name: string }[]).map((i) => i.name).sort();
    const theirs = netstat(['-i']).split('\n').slice(2).filter((l) => l.trim()).map((l) => l.split(/\s+/)[0]!).sort();
    for (const name of theirs) expect(names).toContain(name);
  });

  it('-rn shows the routes netstat -rn shows, IPv4 and IPv6', async () => {
    const { code, stdout } = await runCli(['netstat', '-rn']);
    expect(code).toBe(0);
    const columns = (text: string, header: string, keep: number[]) =>
      text.slice(text.indexOf(header)).split('\n').slice(2).filter((l) => l.trim() && !l.startsWith('Kernel')).map((l) => {
        const f = l.trim().split(/\s+/);
        return keep.map((i) => f.at(i)).join(' ');
      });
    const ours4 = columns(stdout.slice(0, stdout.indexOf('Kernel IPv6')), 'Kernel IP routing table', [0, 1, 2, 3, -1]);
    expect(ours4).toEqual(columns(netstat(['-rn']), 'Kernel IP routing table', [0, 1, 2, 3, -1]));
    expect(ours4.length).toBeGreaterThan(0);
    expect(columns(stdout, 'Kernel IPv6 routing table', [0, 1, 2, 3, -1])).toEqual(columns(netstat(['-6', '-rn']), 'Kernel IPv6 routing table', [0, 1, 2, 3, -1]));
  });

  it('-s gives the counters netstat -s words, read between two netstat -s runs', async () => {
    const count = (text: string, phrase: string) => Number(new RegExp(`^\\s+(\\d+) ${phrase}$`, 'm').exec(text)![1]);
    const phrases = { 'Tcp.ActiveOpens': 'active connection openings', 'Tcp.RetransSegs': 'segments retransmitted', 'Tcp.OutRsts': 'resets sent', 'Udp.RcvbufErrors': 'receive buffer errors' };
    const before = netstat(['-s']);
    const { code, stdout } = await runCli(['netstat', '-s', '--json']);
    const after = netstat(['-s']);
    expect(code).toBe(0);
    const flat = JSON.parse(stdout) as Record<string, number>;
    for (const [key, phrase] of Object.entries(phrases)) {
      expect(flat[key]).toBeGreaterThanOrEqual(count(before, phrase));
      expect(flat[key]).toBeLessThanOrEqual(count(after, phrase));
    }
    const text = (await runCli(['netstat', '-s'])).stdout;
    expect(text.split('\n')[1]).toMatch(/^\s+\d+ segments retransmitted\s+\(Tcp\.RetransSegs\)$/);
    expect(text).toMatch(/^Tcp:$/m);
    // -st keeps TCP's groups, as netstat -st does.
    const tcpOnly = (await runCli(['netstat', '-st'])).stdout;
    expect(netstat(['-st'])).toMatch(/^Tcp:$/m);
    expect(netstat(['-st'])).not.toMatch(/^Udp:$/m);
    expect(tcpOnly).toMatch(/^Tcp:$/m);
    expect(tcpOnly).toMatch(/^TcpExt:$/m);
    expect(tcpOnly).not.toMatch(/^(Udp|Ip|Icmp):$/m);
  });

  it('-c prints the table again every second until Ctrl-C, then exits 0', async () => {
    const child = startCli(['netstat', '-c', '-tn', 'sport', '=', `:${port4}`]);
    const exit = waitForExit(child);
    await waitForOutput(child.stdout!, /Proto[^]*Proto[^]*Proto/, 10_000);
    child.kill('SIGINT');
    const { code, stdout } = await exit;
    expect(code).toBe(0);
    expect(stdout.match(new RegExp(`127\\.0\\.0\\.1:${port4}\\s+127\\.0\\.0\\.1:\\d+\\s+ESTABLISHED`, 'g'))!.length).toBeGreaterThanOrEqual(6);
  });

  it('-x: the Unix table has Type, State, I-Node and Path, as netstat -xl', async () => {
    const { code, stdout } = await runCli(['netstat', '-xl']);
    expect(code).toBe(0);
    const theirs = netstat(['-xl']).split('\n').find((line) => line.endsWith(unixPath))!;
    const inode = theirs.trim().split(/\s+/).at(-2);
    expect(theirs).toMatch(/STREAM\s+LISTENING/);
    expect(stdout).toMatch(/^Proto\s+Type\s+State\s+I-Node\s+Path$/m);
    expect(stdout).toMatch(new RegExp(`^unix\\s+stream\\s+LISTEN\\s+${inode}\\s+${unixPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
  });

  it("names itself: ss -p and netstat -p show 'nettool listen', not node", async () => {
    const child = startCli(['listen', '0']);
    const exit = waitForExit(child);
    const port = (await waitForOutput(child.stderr!, /Listening on \S+:(\d+)/))[1];
    try {
      expect(ss(['-Hltnp', 'sport', '=', `:${port}`])).toContain(`(("nettool listen",pid=${child.pid},`);
      expect(netstat(['-ltnp'])).toMatch(new RegExp(`:${port}\\s.*LISTEN\\s+${child.pid}/nettool`));
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
  });
});
