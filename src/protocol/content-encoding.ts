/**
 * HTTP Content-Encoding of a message body (RFC 9110 §8.4): identity and gzip, what Python's xmlrpc
 * client and server speak. Pure: bytes in, bytes out; the decoded size is capped, so a small
 * compressed body cannot inflate without bound.
 */
import type * as Zlib from 'node:zlib';

export class ContentEncodingError extends Error {
  override readonly name = 'ContentEncodingError';
  constructor(
    message: string,
    /** An encoding this side does not speak (HTTP 501), rather than a body that does not decode (400). */
    readonly unsupported: boolean,
  ) {
    super(message);
  }
}

/** The body as sent before encoding. `encoding` is the Content-Encoding header as received. */
export function decodeContentEncoding(bytes: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return bytes;
  if (name !== 'gzip' && name !== 'x-gzip') throw new ContentEncodingError(`content encoding '${encoding}' is not supported (only gzip)`, true);
  // Loaded on use: only a gzip body pays for zlib.
  const zlib = process.getBuiltinModule('node:zlib') as typeof Zlib;
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ContentEncodingError(`the gzip body inflates past ${maxBytes} bytes`, false);
    throw new ContentEncodingError(`the gzip body does not decode (${(error as Error).message})`, false);
  }
}
