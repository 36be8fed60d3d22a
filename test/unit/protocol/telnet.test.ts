import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrlfEncoder, TelnetDecoder, TelnetEncoder, TelnetOption, type TelnetEvent } from '../../../src/protocol/telnet.js';

const IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240, GA = 249, NOP = 241;
const ECHO = 1, SGA = 3, TTYPE = 24, NAWS = 31, LINEMODE = 34;

/** Feeds the bytes one at a time, as the worst possible TCP segmentation would. */
function byteAtATime(bytes: readonly number[]) {
  const decoder = new TelnetDecoder();
  const data: number[] = [];
  const reply: number[] = [];
  const events: TelnetEvent[] = [];
  for (const byte of bytes) {
    const result = decoder.decode(Uint8Array.of(byte));
    data.push(...result.data);
    reply.push(...result.reply);
    events.push(...result.events);
  }
  return { data, reply, events, decoder };
}

function whole(bytes: readonly number[]) {
  const decoder = new TelnetDecoder();
  const result = decoder.decode(Uint8Array.from(bytes));
  return { data: [...result.data], reply: [...result.reply], events: result.events, decoder };
}

const text = (s: string) => [...Buffer.from(s, 'latin1')];

describe('TelnetDecoder', () => {
  it.each<[string, number[], number[], number[]]>([
    ['plain text passes through', text('hello'), text('hello'), []],
    ['IAC IAC is one 0xFF data byte', [0x41, IAC, IAC, 0x42], [0x41, 0xff, 0x42], []],
    ['CR LF stays the end of a line', text('a\r\nb'), text('a\r\nb'), []],
    ['CR NUL is a bare CR', [0x61, 13, 0, 0x62], [0x61, 13, 0x62], []],
    ['a NUL not after CR is data', [0x61, 0, 0x62], [0x61, 0, 0x62], []],
    ['WILL ECHO is accepted with DO ECHO', [IAC, WILL, ECHO], [], [IAC, DO, ECHO]],
    ['WILL SGA is accepted with DO SGA', [IAC, WILL, SGA], [], [IAC, DO, SGA]],
    ['WILL of anything else is refused with DONT', [IAC, WILL, LINEMODE], [], [IAC, DONT, LINEMODE]],
    ['DO of anything is refused with WONT', [IAC, DO, TTYPE, IAC, DO, NAWS], [], [IAC, WONT, TTYPE, IAC, WONT, NAWS]],
    ['DONT for a disabled option is not answered (RFC 1143: no loops)', [IAC, DONT, ECHO], [], []],
    ['WONT for a disabled option is not answered', [IAC, WONT, ECHO], [], []],
    ['WILL ECHO twice is answered once', [IAC, WILL, ECHO, IAC, WILL, ECHO], [], [IAC, DO, ECHO]],
    ['WILL then WONT ECHO is acknowledged with DONT', [IAC, WILL, ECHO, IAC, WONT, ECHO], [], [IAC, DO, ECHO, IAC, DONT, ECHO]],
    ['subnegotiation is swallowed', [0x61, IAC, SB, TTYPE, 1, IAC, SE, 0x62], [0x61, 0x62], []],
    ['IAC IAC inside SB stays inside', [IAC, SB, NAWS, 0, IAC, IAC, 0, 24, IAC, SE, 0x7a], [0x7a], []],
    ['GA and NOP are dropped', [0x61, IAC, GA, IAC, NOP, 0x62], [0x61, 0x62], []],
    ['an undefined byte after IAC is dropped with it', [0x61, IAC, 0x41, 0x62], [0x61, 0x62], []],
    ['CR then IAC: the command is still parsed', [13, IAC, WILL, ECHO, 10], [13, 10], [IAC, DO, ECHO]],
    ['a busybox telnetd greeting', [IAC, DO, ECHO, IAC, DO, NAWS, IAC, WILL, ECHO, IAC, WILL, SGA, ...text('$ ')], text('$ '), [IAC, WONT, ECHO, IAC, WONT, NAWS, IAC, DO, ECHO, IAC, DO, SGA]],
  ])('%s', (_, input, data, reply) => {
    for (const run of [byteAtATime(input), whole(input)]) {
      expect(run.data).toEqual(data);
      expect(run.reply).toEqual(reply);
    }
  });

  it('keeps state across calls: an IAC at the end of one chunk', () => {
    const decoder = new TelnetDecoder();
    expect([...decoder.decode(Uint8Array.of(0x61, IAC)).data]).toEqual([0x61]);
    const second = decoder.decode(Uint8Array.of(IAC, IAC, WILL));
    expect([...second.data]).toEqual([0xff]);
    expect([...decoder.decode(Uint8Array.of(ECHO)).reply]).toEqual([IAC, DO, ECHO]);
  });

  it('reports the server taking ECHO, and letting it go', () => {
    const run = byteAtATime([IAC, WILL, ECHO, IAC, DO, TTYPE]);
    expect(run.decoder.remoteEnabled(TelnetOption.ECHO)).toBe(true);
    expect(run.events).toEqual([
      { kind: 'remote-option', option: ECHO, enabled: true },
      { kind: 'refused', command: 'DO', option: TTYPE },
    ]);
    const off = run.decoder.decode(Uint8Array.of(IAC, WONT, ECHO));
    expect(run.decoder.remoteEnabled(TelnetOption.ECHO)).toBe(false);
    expect(off.events).toEqual([{ kind: 'remote-option', option: ECHO, enabled: false }]);
  });

  it('reports a subnegotiation and its length, however it is split', () => {
    expect(byteAtATime([IAC, SB, TTYPE, 1, IAC, IAC, IAC, SE]).events).toEqual([{ kind: 'subnegotiation', option: TTYPE, length: 2 }]);
  });

  it('survives a truncated stream and an SB that never ends (no output, no growth)', () => {
    const decoder = new TelnetDecoder();
    expect([...decoder.decode(Uint8Array.of(IAC, SB, 1)).data]).toEqual([]);
    expect([...decoder.decode(new Uint8Array(100_000).fill(0x41)).data]).toEqual([]);
    expect([...decoder.decode(Uint8Array.of(IAC, SE, 0x42)).data]).toEqual([0x42]);
  });
});

describe('TelnetEncoder', () => {
  const encodeAll = (chunks: string[], split = false) => {
    const encoder = new TelnetEncoder();
    const out: number[] = [];
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'latin1');
      if (split) for (const byte of bytes) out.push(...encoder.encode(Uint8Array.of(byte)));
      else out.push(...encoder.encode(bytes));
    }
    out.push(...encoder.end());
    return Buffer.from(out).toString('latin1');
  };

  it.each([
    ['hello', 'hello'],
    ['a\nb\n', 'a\r\nb\r\n'],
    ['a\r\nb', 'a\r\nb'],
    ['a\rb', 'a\r\0b'],
    ['end\r', 'end\r\0'],
    ['\xff', '\xff\xff'],
    ['\xff\xff\n', '\xff\xff\xff\xff\r\n'],
  ])('%j → %j (whole and byte at a time)', (input, wire) => {
    expect(encodeAll([input])).toBe(wire);
    expect(encodeAll([input], true)).toBe(wire);
  });

  it('decides CR NUL or CR LF across a chunk boundary', () => {
    expect(encodeAll(['a\r', '\nb'])).toBe('a\r\nb');
    expect(encodeAll(['a\r', 'b'])).toBe('a\r\0b');
  });

  it('returns the same buffer when nothing changes (no copy)', () => {
    const bytes = Buffer.from('plain text');
    expect(new TelnetEncoder().encode(bytes)).toBe(bytes);
  });
});

describe('CrlfEncoder (-C)', () => {
  it.each([
    [['a\nb\n'], 'a\r\nb\r\n'],
    [['a\r\nb'], 'a\r\nb'],
    [['a\r', '\n'], 'a\r\n'],
    [['a', '\n'], 'a\r\n'],
    [['no newline'], 'no newline'],
  ])('%j → %j', (chunks, wire) => {
    const encoder = new CrlfEncoder();
    expect(chunks.map((chunk) => Buffer.from(encoder.encode(Buffer.from(chunk))).toString()).join('')).toBe(wire);
  });
});

describe('a captured busybox telnetd session (test/fixtures/busybox-telnetd.jsonl)', () => {
  // Captured with `nettool telnet --transcript` against `busybox telnetd -l /bin/cat`, typing "hi\xff\n".
  const records = readFileSync(new URL('../../fixtures/busybox-telnetd.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { dir: 'in' | 'out'; hex: string });
  const incoming = records.filter((r) => r.dir === 'in').flatMap((r) => [...Buffer.from(r.hex, 'hex')]);
  const outgoing = records.filter((r) => r.dir === 'out').map((r) => r.hex);

  it('decoded one byte at a time: no IAC left, 0xFF un-doubled, and the same replies as on the wire', () => {
    const run = byteAtATime(incoming);
    expect(Buffer.from(run.data).toString('latin1')).toBe('\r\r\nDebian GNU/Linux 12\r\n\rhi\xff\r\nhi\xff\r\n');
    expect(Buffer.from(run.reply).toString('hex')).toBe(outgoing[0]);
    expect(run.decoder.remoteEnabled(TelnetOption.ECHO)).toBe(true);
    expect(run.decoder.remoteEnabled(TelnetOption.SGA)).toBe(true);
  });

  it('encodes the typed line as it went on the wire', () => {
    const encoder = new TelnetEncoder();
    expect(Buffer.from(encoder.encode(Buffer.from('hi\xff\n', 'latin1'))).toString('hex')).toBe(outgoing[1]);
  });
});
