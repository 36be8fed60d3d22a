import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePickle, showLimit } from '../../../../src/protocol/pickle/decode.js';
import { encodePickle } from '../../../../src/protocol/pickle/encode.js';
import { formatPythonRepr } from '../../../../src/protocol/pickle/repr.js';
import { PickleError } from '../../../../src/protocol/pickle/value.js';
import { pythonPickle, pythonSync } from '../../../helpers/pickles.js';

interface Case {
  readonly name: string;
  readonly protocol: number;
  readonly hex: string;
  readonly repr: string;
}

const cases: Case[] = pythonSync(readFileSync(new URL('../../../fixtures/pickle/cases.py', import.meta.url), 'utf8'))
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Case);

describe('decodePickle reads what Python writes', () => {
  it('has every case in every protocol', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(new Set(cases.map((c) => c.protocol))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });

  it.each(cases.map((c) => [`${c.name}, protocol ${c.protocol}`, c] as const))('%s: repr as Python shows it, nothing unsafe', (_name, c) => {
    const decoded = decodePickle(Buffer.from(c.hex, 'hex'));
    expect(formatPythonRepr(decoded.value)).toBe(c.repr);
    expect(decoded.unsafe).toEqual([]);
  });
});

describe('encodePickle writes what Python reads back equal', () => {
  // Python's pickle → our decoder → our encoder → Python's pickle.loads, compared with the original by ==, type and repr.
  const plain = cases.filter((c) => c.protocol === 4 && !/self|ordered/.test(c.name));
  it('round-trips every plain case through Python', () => {
    const ours = plain.map((c) => Buffer.from(encodePickle(decodePickle(Buffer.from(c.hex, 'hex')).value)).toString('hex'));
    const verdict = pythonSync(
      `import pickle, sys, json
pairs = json.load(sys.stdin)
for theirs, ours in pairs:
    a, b = pickle.loads(bytes.fromhex(theirs)), pickle.loads(bytes.fromhex(ours))
    print('same' if a == b and type(a) == type(b) and repr(a) == repr(b) else 'DIFFERENT %r %r' % (a, b))`,
      Buffer.from(JSON.stringify(plain.map((c, i) => [c.hex, ours[i]]))),
    );
    expect(verdict.trim().split('\n').filter((line) => line !== 'same')).toEqual([]);
  });

  it('writes small values byte for byte as pickle.dumps(protocol=4) does', () => {
    const expressions = ["'hello'", '[1, 2.5, None, True, b"x"]', '{"a": (1, 2), "b": {3}}', '2**100', '-2**70', '(1, 2, 3, 4)', 'frozenset({7})', 'bytearray(b"ab")'];
    const theirs = pythonSync(`import json, pickle, sys
for expression in json.load(sys.stdin):
    print(pickle.dumps(eval(expression), 4).hex())`, Buffer.from(JSON.stringify(expressions))).trim().split('\n');
    expressions.forEach((expression, i) => {
      expect(Buffer.from(encodePickle(decodePickle(Buffer.from(theirs[i]!, 'hex')).value)).toString('hex'), expression).toBe(theirs[i]);
    });
  });
});

describe('decodePickle keeps code inert', () => {
  const prelude = `
import os
class Evil:
    def __reduce__(self):
        return (os.system, ('touch /tmp/nettool-pwned',))
class Plain:
    def __init__(self):
        self.x = 1
`;
  it.each([0, 1, 2, 3, 4, 5])('a __reduce__ to os.system is data naming posix.system (protocol %i)', (protocol) => {
    const decoded = decodePickle(pythonPickle('Evil()', protocol, prelude));
    expect(decoded.unsafe).toEqual(['posix.system']);
    expect(formatPythonRepr(decoded.value)).toBe("posix.system('touch /tmp/nettool-pwned')");
  });

  it.each([
    [0, "copy_reg._reconstructor(__main__.Plain, __builtin__.object, None).__setstate__({'x': 1})", ['copy_reg._reconstructor', '__main__.Plain']],
    [2, "__main__.Plain.__new__(__main__.Plain).__setstate__({'x': 1})", ['__main__.Plain']],
    [4, "__main__.Plain.__new__(__main__.Plain).__setstate__({'x': 1})", ['__main__.Plain']],
  ])('an instance is a call and its state (protocol %i)', (protocol, repr, unsafe) => {
    const decoded = decodePickle(pythonPickle('Plain()', protocol, prelude));
    expect(formatPythonRepr(decoded.value)).toBe(repr);
    expect(decoded.unsafe).toEqual(expect.arrayContaining(unsafe));
  });

  it('names a global that is only referenced, and protocol 5 buffers, without failing', () => {
    expect(decodePickle(pythonPickle('os.system', 4)).unsafe).toEqual(['posix.system']);
    const oob = pythonSync(`import pickle, sys
sys.stdout.write(pickle.dumps([pickle.PickleBuffer(b'abc'), pickle.PickleBuffer(bytearray(b'de'))], 5, buffer_callback=lambda b: False).hex())`);
    const decoded = decodePickle(Buffer.from(oob, 'hex'));
    expect(decoded.buffers).toBe(2);
    expect(formatPythonRepr(decoded.value)).toBe('[<out-of-band buffer 0, read-only>, <out-of-band buffer 1>]');
  });
});

/** A tiny seeded generator, so every run mutates the same way and a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('decodePickle on broken pickles: a PickleError, bounded, never a hang', () => {
  it.each([
    ['empty', '', /ends before STOP/],
    ['unknown opcode', 'ff', /unknown opcode 0xff/],
    ['truncated length', '8004 58 0100', /truncated/],
    ['huge length', '8004 8e ffffffffffffff7f', /truncated: BINBYTES8 needs/],
    ['huge frame', '8004 95 ffffffff00000000 4e2e', /FRAME of 4294967295 bytes runs past the end/],
    ['memo miss', '8004 6805 2e', /memo key 5 was never stored/],
    ['stack underflow', '8004 2e', /stack underflow/],
    ['append past a mark', '8004 5d 28 61 2e', /stack underflow/],
    ['no mark', '8004 74 2e', /no MARK/],
    ['protocol 6', '8006 4e2e', /unsupported pickle protocol 6/],
    ['reduce without a tuple', '8004 4e 4e 52 2e', /REDUCE arguments are a none, not a tuple/],
    ['append to an int', '8004 4b01 4b02 61 2e', /APPEND to an int/],
    ['bad utf-8', '8004 8c02 c328 2e', /not valid UTF-8/],
    ['INT without newline', '49 3132', /no newline/],
    ['too many digits', `4c ${'31'.repeat(5000)} 0a 2e`, /more than 4300 digits/],
  ])('%s', (_name, hex, message) => {
    const decode = () => decodePickle(Buffer.from(hex.replaceAll(' ', ''), 'hex'));
    expect(decode).toThrow(PickleError);
    expect(decode).toThrow(message);
  });

  it('refuses to show a memo DAG whose text would be exponential, rather than hang', () => {
    // [a, a] where a = [b, b] where b = ... 40 levels deep: 2^40 items to print from 300 bytes.
    let hex = '8004 5d 94';
    for (let i = 0; i < 40; i++) hex += ` 5d 94 28 68${i.toString(16).padStart(2, '0')} 68${i.toString(16).padStart(2, '0')} 65`;
    const decoded = decodePickle(Buffer.from(`${hex.replaceAll(' ', '')}2e`, 'hex'));
    expect(() => formatPythonRepr(decoded.value, { maxItems: showLimit(decoded) })).toThrow(/more than 1000000 items/);
  });

  it('survives 3000 mutations of real pickles: each decodes or throws PickleError, quickly', () => {
    const seeds = cases.filter((c) => c.hex.length < 4000);
    const next = random(15);
    const started = performance.now();
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(seeds[Math.floor(next() * seeds.length)]!.hex, 'hex');
      const mutation = Math.floor(next() * 4);
      let mutated: Buffer;
      if (mutation === 0) mutated = bytes.subarray(0, Math.floor(next() * bytes.length));
      else if (mutation === 1) {
        mutated = Buffer.from(bytes);
        for (let n = 0; n < 3; n++) mutated[Math.floor(next() * mutated.length)] = Math.floor(next() * 256);
      } else if (mutation === 2) {
        mutated = Buffer.from(bytes);
        // A length field's bytes set high: a claim far beyond the input.
        const at = Math.floor(next() * mutated.length);
        mutated.fill(0xff, at, Math.min(at + 4, mutated.length));
      } else {
        const at = Math.floor(next() * bytes.length);
        mutated = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + Math.floor(next() * 3))]);
      }
      try {
        const decoded = decodePickle(mutated);
        formatPythonRepr(decoded.value, { maxItems: showLimit(decoded) });
      } catch (error) {
        if (!(error instanceof PickleError) && !(error instanceof Error && error.name === 'ReprLimitError')) throw error;
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(1000);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
