import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeFrameHeader, FrameDecoder, FrameError } from '../../../src/protocol/mp-frame.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('multiprocessing.connection frames', () => {
  it.each([
    [0, '00000000'],
    [5, '00000005'],
    [0x7fffffff, '7fffffff'],
    // Past 2 GiB: -1, then the length in 8 bytes (Connection._send_bytes).
    [0x80000000, 'ffffffff0000000080000000'],
    [2 ** 40, 'ffffffff0000010000000000'],
  ])('a header for %i bytes is %s', (length, expected) => {
    expect(hex(encodeFrameHeader(length))).toBe(expected);
  });

  it('splits frames across and within chunks, one byte at a time too', () => {
    const stream = Buffer.concat([encodeFrame(Buffer.from('hello')), encodeFrame(new Uint8Array(0)), encodeFrame(Buffer.from('x'.repeat(300)))]);
    for (const step of [1, 3, 7, stream.length]) {
      const decoder = new FrameDecoder(1024);
      const frames: string[] = [];
      for (let i = 0; i < stream.length; i += step) frames.push(...decoder.push(stream.subarray(i, i + step)).map((f) => Buffer.from(f).toString()));
      expect(frames).toEqual(['hello', '', 'x'.repeat(300)]);
      expect(decoder.pending).toBe(0);
    }
  });

  it('reads the -1 + 8-byte form', () => {
    const decoder = new FrameDecoder(1024);
    expect(decoder.push(Buffer.from('ffffffff0000000000000003616263', 'hex')).map((f) => Buffer.from(f).toString())).toEqual(['abc']);
  });

  it('refuses a frame over the limit from its header, before keeping its payload', () => {
    expect(() => new FrameDecoder(10).push(Buffer.from('0000000b', 'hex'))).toThrow(FrameError);
    expect(() => new FrameDecoder(10).push(Buffer.from('ffffffff7fffffffffffffff', 'hex'))).toThrow(/over the 10-byte limit/);
    expect(() => new FrameDecoder(10).push(Buffer.from('fffffffe', 'hex'))).toThrow(/bad frame length -2/);
  });
});
