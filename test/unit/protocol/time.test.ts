import { describe, expect, it } from 'vitest';
import { decodeRfc868, encodeRfc868, formatCtime, RFC868_EPOCH_OFFSET } from '../../../src/protocol/time.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** 2036-02-07T06:28:16Z: 2^32 seconds after 1900, where the 32-bit count wraps. */
const wrapMs = Date.UTC(2036, 1, 7, 6, 28, 16);

describe('RFC 868 time', () => {
  it.each([
    ['1900 itself (the RFC epoch)', Date.UTC(1900, 0, 1), '00000000'],
    ['1970 (the Unix epoch)', 0, '83aa7e80'],
    // RFC 868's own examples: 2,629,584,000 is 1 May 1983, 2,398,291,200 is 1 Jan 1976.
    ['1983-05-01 (RFC 868 example)', Date.UTC(1983, 4, 1), (2_629_584_000).toString(16)],
    ['1976-01-01 (RFC 868 example)', Date.UTC(1976, 0, 1), (2_398_291_200).toString(16)],
    ['2026-11-25T18:35:14Z', Date.UTC(2026, 10, 25, 18, 35, 14), (Date.UTC(2026, 10, 25, 18, 35, 14) / 1000 + RFC868_EPOCH_OFFSET).toString(16)],
    ['one second before the wrap', wrapMs - 1000, 'ffffffff'],
    ['the wrap', wrapMs, '00000000'],
    ['one second after the wrap', wrapMs + 1000, '00000001'],
    ['a day after the wrap', wrapMs + 86_400_000, (86_400).toString(16).padStart(8, '0')],
    ['fractions of a second are dropped', 999, '83aa7e80'],
  ])('encodes %s', (_name, ms, expected) => {
    expect(hex(encodeRfc868(ms))).toBe(expected);
  });

  it.each([
    ['before the wrap, read before it', wrapMs - 1000, wrapMs - 5000],
    ['before the wrap, read after it', wrapMs - 1000, wrapMs + 5000],
    ['after the wrap, read before it', wrapMs + 1000, wrapMs - 5000],
    ['after the wrap, read after it', wrapMs + 1000, wrapMs + 5000],
    ['1983, read in 2026', Date.UTC(1983, 4, 1), Date.UTC(2026, 0, 1)],
    ['2100, read in 2099', Date.UTC(2100, 0, 1), Date.UTC(2099, 0, 1)],
  ])('round-trips %s (era chosen from the pivot)', (_name, ms, pivot) => {
    expect(decodeRfc868(encodeRfc868(ms), pivot)).toBe(ms);
  });

  it('rejects anything but 4 bytes', () => {
    expect(() => decodeRfc868(new Uint8Array(3), 0)).toThrow(/4 bytes, got 3/);
    expect(() => decodeRfc868(new Uint8Array(5), 0)).toThrow(/4 bytes, got 5/);
  });
});

describe('formatCtime', () => {
  it.each([
    [Date.UTC(2026, 10, 25, 18, 35, 14), 0, 'Wed Nov 25 18:35:14 2026'],
    [Date.UTC(2026, 10, 5, 3, 4, 5), 0, 'Thu Nov  5 03:04:05 2026'],
    [Date.UTC(2026, 11, 31, 23, 30, 0), 60, 'Fri Jan  1 00:30:00 2027'],
    [Date.UTC(2026, 0, 1, 0, 30, 0), -60, 'Wed Dec 31 23:30:00 2025'],
    [wrapMs, 0, 'Thu Feb  7 06:28:16 2036'],
  ])('%i at offset %i is %s', (ms, offset, expected) => {
    expect(formatCtime(ms, offset)).toBe(expected);
  });
});
