import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ContentEncodingError, decodeContentEncoding } from '../../../src/protocol/content-encoding.js';

const body = Buffer.from('<?xml version="1.0"?><methodCall><methodName>add</methodName></methodCall>');

describe('decodeContentEncoding', () => {
  it.each([undefined, '', 'identity', ' Identity '])('leaves the body alone for %j', (encoding) => {
    expect(decodeContentEncoding(body, encoding, 1000)).toBe(body);
  });

  it.each(['gzip', 'GZIP', 'x-gzip'])('inflates %s', (encoding) => {
    expect(decodeContentEncoding(gzipSync(body), encoding, 1000)).toEqual(body);
  });

  it('refuses an encoding it does not speak, as unsupported (501)', () => {
    const error = (() => {
      try {
        decodeContentEncoding(body, 'br', 1000);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ContentEncodingError);
    expect(error).toMatchObject({ unsupported: true, message: "content encoding 'br' is not supported (only gzip)" });
  });

  it('names a gzip body that does not decode (400)', () => {
    expect(() => decodeContentEncoding(Buffer.from('not gzip at all'), 'gzip', 1000)).toThrow(/^the gzip body does not decode/);
    expect(() => decodeContentEncoding(gzipSync(body).subarray(0, 20), 'gzip', 1000)).toThrow(ContentEncodingError);
  });

  it('stops a small body that inflates past the cap (a gzip bomb)', () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => decodeContentEncoding(bomb, 'gzip', 1024 * 1024)).toThrow('the gzip body inflates past 1048576 bytes');
  });
});
