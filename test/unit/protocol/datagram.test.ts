import { describe, expect, it } from 'vitest';
import {
  escapeText,
  formatDatagramLine,
  formatIsoTime,
  formatPayload,
  isPrintable,
  maxDatagramSize,
  toDatagramRecord,
} from '../../../src/protocol/datagram.js';
import { unmapAddress } from '../../../src/protocol/address.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const time = Date.UTC(2026, 10, 25, 18, 35, 14, 123);

describe('isPrintable', () => {
  it.each([
    ['plain ASCII', Buffer.from('Hello World'), true],
    ['empty', bytes(), true],
    ['tab, CR and LF', Buffer.from('a\tb\r\nc\n'), true],
    ['UTF-8 text', Buffer.from('héllo wörld ✓ 😀'), true],
    ['NUL', bytes(0x61, 0x00), false],
    ['ESC (terminal control)', Buffer.from('\u001b[2J'), false],
    ['bell', bytes(0x07), false],
    ['DEL', bytes(0x7f), false],
    ['C1 control U+0085 as UTF-8', bytes(0xc2, 0x85), false],
    ['a lone continuation byte', bytes(0x61, 0x80), false],
    ['truncated two-byte sequence', bytes(0xc3), false],
    ['overlong encoding of /', bytes(0xc0, 0xaf), false],
    ['UTF-16 surrogate encoded in UTF-8', bytes(0xed, 0xa0, 0x80), false],
    ['ESC after non-ASCII text', Buffer.from('é\u001b'), false],
    ['right-to-left override U+202E (reorders what follows)', Buffer.from('abc\u202edef'), false],
    ['isolate U+2066', Buffer.from('\u2066x'), false],
    ['right-to-left mark U+200F', Buffer.from('x\u200f'), false],
    ['Arabic and Hebrew letters themselves are text', Buffer.from('مرحبا שלום'), true],
  ])('%s → %s', (_name, payload, expected) => {
    expect(isPrintable(payload)).toBe(expected);
  });
});

describe('escapeText', () => {
  it.each([
    ['plain', 'plain'],
    ['a\nb', 'a\\nb'],
    ['a\r\n', 'a\\r\\n'],
    ['tab\there', 'tab\\there'],
    ['C:\\path', 'C:\\\\path'],
  ])('%j → %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });
});

describe('formatPayload', () => {
  it('text when printable, hex when not or when asked', () => {
    expect(formatPayload(Buffer.from('hi\n'))).toEqual({ text: 'hi\\n', isHex: false });
    expect(formatPayload(bytes(0, 1, 0xff))).toEqual({ text: '0001ff', isHex: true });
    expect(formatPayload(Buffer.from('hi'), true)).toEqual({ text: '6869', isHex: true });
  });

  it('reads only its own view of a shared buffer', () => {
    const shared = Buffer.from('xxhixx');
    expect(formatPayload(shared.subarray(2, 4))).toEqual({ text: 'hi', isHex: false });
    expect(formatPayload(shared.subarray(2, 4), true)).toEqual({ text: '6869', isHex: true });
  });
});

describe('formatDatagramLine', () => {
  it.each([
    [{ address: '127.0.0.1', port: 53422, payload: Buffer.from('Hello World') }, {}, '2026-11-25T18:35:14.123Z  127.0.0.1:53422  11 bytes  Hello World\n'],
    [{ address: '::ffff:10.0.0.1', port: 9, payload: Buffer.from('x') }, {}, '2026-11-25T18:35:14.123Z  10.0.0.1:9  1 byte  x\n'],
    [{ address: '::1', port: 5353, payload: bytes(0xde, 0xad, 0xbe, 0xef) }, {}, '2026-11-25T18:35:14.123Z  [::1]:5353  4 bytes  deadbeef\n'],
    [{ address: '::1', port: 5353, payload: Buffer.from('ok') }, { hex: true }, '2026-11-25T18:35:14.123Z  [::1]:5353  2 bytes  6f6b\n'],
    [{ address: '127.0.0.1', port: 1, payload: bytes() }, {}, '2026-11-25T18:35:14.123Z  127.0.0.1:1  0 bytes\n'],
  ])('%j %j', (datagram, options, expected) => {
    expect(formatDatagramLine({ time, ...datagram }, options)).toBe(expected);
  });

  it('colours through the style hooks it is given', () => {
    const style = { dim: (s: string) => `<d>${s}</d>`, address: (s: string) => `<a>${s}</a>`, number: (s: string) => `<n>${s}</n>` };
    expect(formatDatagramLine({ time, address: '127.0.0.1', port: 7, payload: bytes(0) }, { style })).toBe(
      '<d>2026-11-25T18:35:14.123Z</d>  <a>127.0.0.1:7</a>  <n>1</n> byte  <d>00</d>\n',
    );
  });
});

describe('toDatagramRecord', () => {
  it('has the SPEC shape, data as UTF-8 even when not printable', () => {
    expect(toDatagramRecord({ time, address: '::ffff:127.0.0.1', port: 40000, payload: Buffer.from('a\u0000b') })).toEqual({
      time: '2026-11-25T18:35:14.123Z',
      from: { address: '127.0.0.1', port: 40000 },
      size: 3,
      data: 'a\u0000b',
      hex: '610062',
    });
  });

  it('data is null when the bytes are not UTF-8', () => {
    expect(toDatagramRecord({ time, address: '::1', port: 1, payload: bytes(0xff, 0xfe) })).toMatchObject({ size: 2, data: null, hex: 'fffe' });
  });
});

describe('addresses and sizes', () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::ffff:1:2', '::ffff:1:2'],
    ['::1', '::1'],
    ['fe80::1', 'fe80::1'],
    ['127.0.0.1', '127.0.0.1'],
  ])('unmapAddress(%s) → %s', (input, expected) => {
    expect(unmapAddress(input)).toBe(expected);
  });

  it('the largest datagram: 65,535 less the IP and UDP headers (IPv4), less only the UDP header (IPv6)', () => {
    expect(maxDatagramSize(4)).toBe(65_535 - 20 - 8);
    expect(maxDatagramSize(6)).toBe(65_535 - 8);
  });
});

describe('formatIsoTime', () => {
  it('matches Date#toISOString across seconds, before 1970 and past the cached second', () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, -1, -1000, -1001, time, time + 877, time + 1000, time - 1, 253_402_300_799_999, 253_402_300_800_000];
    for (const ms of [...samples, ...samples.reverse()]) expect(formatIsoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
