import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePcapHeader, encodePcapRecord } from '../../src/protocol/pcap-file.js';
import { corpus } from '../helpers/packet-corpus.js';
import { requirePeer } from '../helpers/peers.js';
import { runCli } from '../helpers/run-cli.js';

const tcpdump = requirePeer('tcpdump', 'tcpdump');
const dir = mkdtempSync(join(tmpdir(), 'nettool-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCorpus(linkType: number): { path: string; names: string[] } {
  const packets = corpus.filter((p) => p.linkType === linkType);
  const path = join(dir, `corpus-${linkType}.pcap`);
  const records = packets.map((p, i) => encodePcapRecord({ linkType, seconds: 1_700_000_000 + i, nanos: 1000 * i, length: p.data.length, data: p.data }));
  writeFileSync(path, Buffer.concat([encodePcapHeader(linkType, 262_144), ...records]));
  return { path, names: packets.map((p) => p.name) };
}

const tcpdumpLines = (args: string[]) => execFileSync(tcpdump, ['-nn', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'ignore'] }).trimEnd().split('\n')
    // tcpdump dumps the bytes of a frame it cannot decode even without -x, and ends its line with ': ' for them.
    .filter((line) => !line.startsWith('\t'))
    .map((line) => line.replace(/: $/, ''));

describe('capture -r: the same lines as tcpdump -nn -r on the same file', () => {
  for (const linkType of [1, 101, 0]) {
    it(`link type ${linkType}`, async () => {
      const { path, names } = writeCorpus(linkType);
      const result = await runCli(['capture', '-r', path], { env: { TZ: 'UTC' } });
      expect(result.stderr).toMatch(/^reading from file .*, link-type /);
      expect(result.code).toBe(0);
      const ours = result.stdout.trimEnd().split('\n');
      const theirs = tcpdumpLines(['-r', path]);
      expect(ours.map((line, i) => `${names[i]}: ${line}`)).toEqual(theirs.map((line, i) => `${names[i]}: ${line}`));
    });
  }
});

describe('capture -r --resolve: host names as tcpdump without -n shows them', () => {
  // In a namespace of its own (lo only): a name that /etc/hosts lacks (::1 here) would otherwise be
  // asked of the resolver in /etc/resolv.conf; there, that look-up fails at once and nothing leaves.
  it('names 127.0.0.1 from /etc/hosts as tcpdump does, keeps an address without a name numeric, and adds srcName/dstName to --json', async () => {
    const { runInNamespace } = await import('../helpers/capture-netns.js');
    const file = new URL('../fixtures/pcap/loopback-any.pcap', import.meta.url).pathname;
    const result = await runInNamespace(`
$NETTOOL capture -r ${file} --resolve -c 3
echo ---
tcpdump -r ${file} -c 1 2>/dev/null
echo ---
$NETTOOL --json capture -r ${file} --resolve -c 1`);
    expect(result.code).toBe(0);
    const [ours, theirs, json] = result.stdout.split('---\n');
    const lines = ours!.trim().split('\n').map((line) => line.slice(16));
    expect(lines).toEqual([
      'lo    In  IP localhost.38909 > localhost.9999: UDP, length 5',
      'lo    In  IP localhost > localhost: ICMP 127.0.0.1 udp port 9999 unreachable, length 41',
      'lo    In  IP6 ::1.48386 > ::1.9998: UDP, length 3',
    ]);
    // tcpdump names the hosts the same way (and the port too, which --resolve leaves numeric).
    expect(theirs).toMatch(/IP localhost\.38909 > localhost\.\S+: UDP, length 5/);
    expect(JSON.parse(json!)).toMatchObject({ src: '127.0.0.1', srcName: 'localhost', dstName: 'localhost' });
  });

  it('refuses --resolve with -w or --watch', async () => {
    for (const args of [['-w', join(dir, 'x.pcap'), '--resolve'], ['--watch', '--resolve']]) {
      const { code, stderr } = await runCli(['capture', ...args]);
      expect(code).toBe(2);
      expect(stderr).toBe('nettool: --resolve names the addresses of printed packets: it does not go with -w or --watch\n');
    }
  });
});
