import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { disassemblePickle } from '../../../../src/protocol/pickle/disassemble.js';
import { PickleError } from '../../../../src/protocol/pickle/value.js';
import { pythonPickle, pythonSync } from '../../../helpers/pickles.js';

interface Case {
  readonly name: string;
  readonly protocol: number;
  readonly hex: string;
  readonly dis: string;
}

const cases: Case[] = pythonSync(readFileSync(new URL('../../../fixtures/pickle/cases.py', import.meta.url), 'utf8'))
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Case);

function listing(bytes: Uint8Array): string {
  const lines: string[] = [];
  disassemblePickle(bytes, (line) => lines.push(line));
  return `${lines.join('\n')}\n`;
}

describe('disassemblePickle lists opcodes as pickletools.dis does', () => {
  it.each(cases.map((c) => [`${c.name}, protocol ${c.protocol}`, c] as const))('%s', (_name, c) => {
    expect(listing(Buffer.from(c.hex, 'hex'))).toBe(c.dis);
  });

  it.each([0, 2, 4])('lists a class instance and its globals (protocol %i)', (protocol) => {
    const prelude = 'class Plain:\n    def __init__(self):\n        self.x = 1\n';
    const bytes = pythonPickle('Plain()', protocol, prelude);
    const theirs = pythonSync(`import pickletools, sys\npickletools.dis(bytes.fromhex(sys.stdin.read()))`, Buffer.from(Buffer.from(bytes).toString('hex')));
    expect(listing(bytes)).toBe(theirs);
  });

  it('stops after the line that pickletools complains about', () => {
    const lines: string[] = [];
    expect(() => disassemblePickle(Buffer.from('80046805', 'hex'), (line) => lines.push(line))).toThrow(/memo key 5 has never been stored into/);
    expect(lines).toEqual(['    0: \\x80 PROTO      4', '    2: h    BINGET     5']);
    expect(() => disassemblePickle(Buffer.from('8004ff', 'hex'), () => {})).toThrow(PickleError);
  });
});
