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
