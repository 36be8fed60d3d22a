import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeInetState, decodeProcAddress, parseProcNetInet } from '../../../src/protocol/proc-net.js';
import type { InetConnection, InetProto } from '../../../src/protocol/connection.js';

/**
 * The parser reads lines of the kernel's fixed layout at known offsets and leaves every other line
 * to one general regular expression. The oracle here is that expression alone, run over the whole
 * text as the parser did before: on real tables and on thousands of mutated ones, both must agree.
 */
function oracle(text: string, proto: InetProto): { connections: InetConnection[]; malformed: number } {
  const pattern =
    /^ *\d+: ([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]{2}) ([0-9A-Fa-f]{1,16}):([0-9A-Fa-f]{1,16}) \S+ \S+ +(\d+) +\S+ (\d+)(?= |$)/gm;
  const hexLength = proto.endsWith('6') ? 32 : 8;
  const connections: InetConnection[] = [];
  const seen = new Set<string>();
  let repeated = 0;
  for (const m of text.matchAll(pattern)) {
    const state = decodeInetState(Number.parseInt(m[5]!, 16), proto);
    if (m[1]!.length !== hexLength || m[3]!.length !== hexLength || !state) continue;
    const identity = `${m[1]}:${m[2]} ${m[3]}:${m[4]} ${m[9]}`;
    if (seen.has(identity)) {
      repeated++;
      continue;
    }
    seen.add(identity);
    connections.push({
      proto,
      local: { address: decodeProcAddress(m[1]!, true), port: Number.parseInt(m[2]!, 16) },
      remote: { address: decodeProcAddress(m[3]!, true), port: Number.parseInt(m[4]!, 16) },
      state,
      recvQ: Number.parseInt(m[7]!, 16),
      sendQ: Number.parseInt(m[6]!, 16),
      inode: Number(m[9]),
      uid: Number(m[8]),
      pid: null,
      program: null,
    });
  }
  // Rows: lines with something but spaces or tabs, other than the header.
  const rows = text.split('\n').filter((line) => /[^ \t]/.test(line) && !/^[ \t]*sl /.test(line)).length;
  return { connections, malformed: rows - connections.length - repeated };
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/proc/net/${name}`, import.meta.url), 'utf8');

/** A deterministic generator (an LCG), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('parseProcNetInet against the general regular expression alone', () => {
  const tables: [string, InetProto][] = [
    ['tcp', 'tcp'],
    ['tcp6', 'tcp6'],
    ['udp', 'udp'],
    ['udp6', 'udp6'],
  ];
  it.each(tables)('agrees on %s and on 600 mutations of it', (name, proto) => {
    const text = fixture(name);
    expect(parseProcNetInet(text, proto, { littleEndian: true })).toEqual(oracle(text, proto));
    const next = random(name.length);
    // Characters that sit on the edges of the two readers: hex case, non-hex, \r and other line ends, tabs, wide spaces.
    const alphabet = ' :0aAfFgG9\r\t\u00a0\u2028x-';
    const lines = text.split('\n');
    for (let round = 0; round < 600; round++) {
      const mutated = [...lines];
      for (let edit = 0; edit < 4; edit++) {
        const i = 1 + Math.floor(next() * (mutated.length - 1));
        const line = mutated[i]!;
        const at = Math.floor(next() * line.length);
        const c = alphabet[Math.floor(next() * alphabet.length)]!;
        const op = next();
        mutated[i] = op < 0.4 ? line.slice(0, at) + c + line.slice(at + 1) : op < 0.7 ? line.slice(0, at) + line.slice(at + 1) : op < 0.85 ? line.slice(0, at) + c + line.slice(at) : line.slice(0, at);
        if (next() < 0.1) mutated.push(mutated[i]!); // a repeat, as across a page boundary
      }
      const changed = mutated.join('\n');
      expect(parseProcNetInet(changed, proto, { littleEndian: true })).toEqual(oracle(changed, proto));
    }
  });
});
