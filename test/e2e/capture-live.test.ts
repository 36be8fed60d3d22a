import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureFileReader } from '../../src/protocol/pcap-file.js';
import { runInNamespace } from '../helpers/capture-netns.js';
import { requirePeer } from '../helpers/peers.js';
import { runCli } from '../helpers/run-cli.js';

const tcpdump = requirePeer('tcpdump', 'tcpdump');
const dir = mkdtempSync(join(tmpdir(), 'nettool-capture-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const countPackets = (path: string) => {
  const reader = new CaptureFileReader();
  const n = reader.push(readFileSync(path)).length;
  expect(reader.finish()).toBeUndefined();
  return n;
};
const tcpdumpRead = (path: string, filter: string[] = []) =>
  execFileSync(tcpdump, ['-nn', '-r', path, ...filter], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'ignore'] });
const nettoolRead = async (path: string, args: string[] = []) => {
  const result = await runCli(['capture', '-r', path, ...args], { env: { TZ: 'UTC' } });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
};

describe('capture live, judged by tcpdump on the same traffic (own network namespace)', { timeout: 90_000 }, () => {
  const filter = 'udp port 9999 or tcp port 7000';
  const ours = join(dir, 'ours.pcap');
  const theirs = join(dir, 'theirs.pcap');
  let run: Awaited<ReturnType<typeof runInNamespace>>;

  it('both capture the same packets with the same filter; Ctrl-C prints the three counters and exits 0', async () => {
    run = await runInNamespace(`
tcpdump -i any -w ${theirs} '${filter}' 2>${dir}/td.err & TD=$!
$NETTOOL capture -w ${ours} ${filter} 2>${dir}/nt.err & NT=$!
wait_for ${dir}/td.err 'listening on'
wait_for ${dir}/nt.err 'listening on'
traffic 40 9999
traffic 25 9998
tcp_exchange 7000
# tcpdump hands packets over when the kernel's block fills or its 1 s timeout ends; what is still
# in a block at Ctrl-C it never reads, so wait that out for it.
sleep 1.5
kill -INT $TD $NT
wait $NT; echo "nettool exit $?"
wait $TD
cat ${dir}/nt.err >&2
`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('nettool exit 0');
    const captured = countPackets(ours);
    // 40 datagrams, and a TCP connection of at least 3 + 4 + 4 segments; none of the 25 to port 9998.
    expect(captured).toBeGreaterThanOrEqual(40 + 9);
    expect(captured).toBe(countPackets(theirs));
    expect(run.stderr).toMatch(new RegExp(`^${captured} packets captured\\n\\d+ packets received by filter\\n0 packets dropped by kernel$`, 'm'));
  });

  it('tcpdump reads our -w file, we read tcpdump\'s, and the lines agree', async () => {
    expect(run?.code).toBe(0);
    const theirLinesOfOurs = tcpdumpRead(ours);
    expect(await nettoolRead(ours)).toBe(theirLinesOfOurs);
    expect(await nettoolRead(theirs)).toBe(tcpdumpRead(theirs));
    // Same packets, same decoding, whichever program captured them (timestamps aside).
    const strip = (text: string) => text.split('\n').map((line) => line.replace(/^\S+ /, ''));
    expect(strip(theirLinesOfOurs)).toEqual(strip(tcpdumpRead(theirs)));
  });

  it('-r with a filter keeps what tcpdump -r keeps', async () => {
    expect(run?.code).toBe(0);
    for (const f of [['udp'], ['tcp[tcpflags] & tcp-syn != 0'], ['greater', '30']]) {
      expect(await nettoolRead(theirs, f)).toBe(tcpdumpRead(theirs, f));
    }
  });

  it('-c N: stops by itself after N matching packets; lines and --json as tcpdump decodes them', async () => {
    const result = await runInNamespace(`
$NETTOOL capture -c 5 udp port 9999 >${dir}/text.out 2>${dir}/text.err & A=$!
$NETTOOL capture -c 5 --json -i lo udp port 9999 >${dir}/json.out 2>${dir}/json.err & B=$!
tcpdump -i any -c 5 -w ${dir}/judge.pcap udp port 9999 2>${dir}/judge.err & C=$!
wait_for ${dir}/text.err 'listening on'; wait_for ${dir}/json.err 'listening on'; wait_for ${dir}/judge.err 'listening on'
traffic 3 9998
traffic 8 9999
wait $A; echo "text exit $?"; wait $B; echo "json exit $?"; wait $C
`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('text exit 0');
    expect(result.stdout).toContain('json exit 0');
    const strip = (text: string) => text.trimEnd().split('\n').map((line) => line.replace(/^\S+ /, ''));
    expect(strip(readFileSync(join(dir, 'text.out'), 'utf8'))).toEqual(strip(tcpdumpRead(join(dir, 'judge.pcap'))));
    const records = readFileSync(join(dir, 'json.out'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(records).toHaveLength(5);
    records.forEach((record, i) => {
      expect(record).toMatchObject({ interface: 'lo', direction: null, proto: 'udp', src: '127.0.0.1', dst: '127.0.0.1', dport: 9999, flags: null, summary: `UDP, length ${i + 1}` });
      expect(record.length).toBe(14 + 20 + 8 + i + 1);
      expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    });
  });

  it('-w - writes pcap to stdout that tcpdump reads from a pipe', async () => {
    const result = await runInNamespace(`
$NETTOOL capture -c 3 -w - udp 2>${dir}/pipe.err | tcpdump -nn -r - 2>/dev/null >${dir}/pipe.out & P=$!
wait_for ${dir}/pipe.err 'listening on'
traffic 3 9999
wait $P; cat ${dir}/pipe.out
`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => line.replace(/^\S+ /, ''))).toEqual(
      [1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^lo +In +IP 127\\.0\\.0\\.1\\.\\d+ > 127\\.0\\.0\\.1\\.9999: UDP, length ${n}$`))),
    );
  });
});

describe('capture live: failures are one line and the documented exit code', () => {
  it('a bad filter: exit 2 with libpcap\'s words', async () => {
    const result = await runInNamespace(`$NETTOOL capture -c 1 'udp port' ; echo "exit $?"`);
    expect(result.stdout).toContain('exit 2');
    expect(result.stderr.trim()).toBe("nettool: bad filter: can't parse filter expression: syntax error");
  });

  it('no privilege: exit 1 naming CAP_NET_RAW, sudo and setcap', async () => {
    const result = await runInNamespace(`setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all $NETTOOL capture -c 1 ; echo "exit $?"`);
    expect(result.stdout).toContain('exit 1');
    expect(result.stderr).toMatch(/^nettool: no permission to capture on any: needs root or CAP_NET_RAW: run with sudo, or once: sudo setcap cap_net_raw,cap_net_admin\+eip .*\n$/);
  });

  it('no libpcap: exit 1 naming the package', async () => {
    const result = await runInNamespace(`NETTOOL_LIBPCAP=/nonexistent/libpcap.so $NETTOOL capture -c 1 ; echo "exit $?"`);
    expect(result.stdout).toContain('exit 1');
    expect(result.stderr).toMatch(/^nettool: capture needs libpcap, which did not load: install libpcap: apt-get install libpcap0\.8 .*\n$/);
  });

  it('an interface that goes away during the capture: the counters, then exit 1 saying so (no spin)', async () => {
    const result = await runInNamespace(`
ip link add cap0 type veth peer name cap1 && ip link set cap0 up
$NETTOOL capture -i cap0 2>${dir}/gone.err & P=$!
wait_for ${dir}/gone.err 'listening on'
ip link del cap0
wait $P; echo "exit $?"; cat ${dir}/gone.err >&2
`);
    expect(result.stdout).toContain('exit 1');
    expect(result.stderr).toMatch(/0 packets captured\n[\s\S]*nettool: capture on cap0 stopped: .*did the interface go away\?\n$/);
  });

  it('an interface that does not exist: exit 1', async () => {
    const result = await runInNamespace(`$NETTOOL capture -i nosuch0 ; echo "exit $?"`);
    expect(result.stdout).toContain('exit 1');
    expect(result.stderr).toMatch(/^nettool: no interface named nosuch0 /);
  });
});

describe('capture --watch off a terminal: JSON Lines flow snapshots', () => {
  it('one line per interval; the flow with its owning process, bytes down from the sender', async () => {
    const result = await runInNamespace(`
$NETTOOL capture --watch --interval 0.3 udp port 9999 >${dir}/watch.out 2>${dir}/watch.err & W=$!
wait_for ${dir}/watch.err 'listening on'
python3 -c "
import socket, time
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); r.bind(('127.0.0.1', 9999))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 5555))
for i in range(30): s.sendto(b'x' * 100, ('127.0.0.1', 9999))
time.sleep(1.5)
"
kill -INT $W; wait $W; echo "exit $?"
`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('exit 0');
    const snapshots = readFileSync(join(dir, 'watch.out'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (const snapshot of snapshots) expect(snapshot).toMatchObject({ intervalMs: 300, flows: expect.any(Array) });
    const last = snapshots.at(-1).flows;
    // 30 datagrams of 100 bytes, each 8 + 20 + 20 (cooked v2 header) bytes more on the wire.
    expect(last).toEqual([
      { proto: 'udp', local: '127.0.0.1:9999', remote: '127.0.0.1:5555', pid: expect.any(Number), program: 'python3', process: expect.stringMatching(/^python3 \(\d+\)$/), upRate: 0, downRate: expect.any(Number), upBytes: 0, downBytes: 30 * 148, packets: 30 },
    ]);
  });
});
