/** Reads the arguments pickle opcodes carry (fixed-width integers, lengths, text lines, escapes), with bounds checked. Pure. */
import { PickleError } from './value.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Python refuses int('...') past 4300 digits (sys.int_info.default_max_str_digits): so does this, before BigInt's quadratic parse. */
export const maxDecimalDigits = 4300;

export class ByteReader {
  private readonly view: DataView;
  pos = 0;
  /** Where the opcode being read began, for error messages. */
  start = 0;

  constructor(readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number {
    return this.data.length - this.pos;
  }

  fail(message: string): never {
    throw new PickleError(message, this.start);
  }

  need(count: number, what: string): void {
    if (count > this.data.length - this.pos) this.fail(`truncated: ${what} needs ${count} bytes, ${this.data.length - this.pos} left`);
  }

  u8(): number {
    this.need(1, 'a 1-byte argument');
    return this.data[this.pos++]!;
  }

  u16(): number {
    this.need(2, 'a 2-byte argument');
    const value = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return value;
  }

  i32(): number {
    this.need(4, 'a 4-byte argument');
    const value = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return value;
  }

  u32(): number {
    this.need(4, 'a 4-byte argument');
    const value = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** An 8-byte length: beyond 2^53 it cannot fit in any input, so it is reported as truncation by the caller's check. */
  u64(): number {
    this.need(8, 'an 8-byte argument');
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
  }

  f64(): number {
    this.need(8, 'an 8-byte float');
    const value = this.view.getFloat64(this.pos, false);
    this.pos += 8;
    return value;
  }

  /** `count` bytes as a view into the input, no copy. */
  bytes(count: number, what: string): Uint8Array {
    if (count < 0) this.fail(`${what} has a negative length (${count})`);
    this.need(count, what);
    const slice = this.data.subarray(this.pos, this.pos + count);
    this.pos += count;
    return slice;
  }

  /** A protocol 0 argument: the bytes up to the newline, which is consumed. */
  line(what: string): Uint8Array {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) this.fail(`truncated: ${what} has no newline`);
    const slice = this.data.subarray(this.pos, end);
    this.pos = end + 1;
    return slice;
  }

  text(bytes: Uint8Array, what: string): string {
    // Short ASCII strings are most of a pickle's text: fromCharCode beats TextDecoder's call cost there.
    if (bytes.length < 64) {
      for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return this.utf8(bytes, what);
      return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
    return this.utf8(bytes, what);
  }

  private utf8(bytes: Uint8Array, what: string): string {
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail(`${what} is not valid UTF-8`);
    }
  }

  /** A little-endian two's complement integer of any length (LONG1, LONG4). */
  long(bytes: Uint8Array): bigint {
    const length = bytes.length;
    if (length === 0) return 0n;
    if (length <= 6) {
      let value = 0;
      for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[i]!;
      if (bytes[length - 1]! >= 0x80) value -= 2 ** (8 * length);
      return BigInt(value);
    }
    if (length <= 8) {
      // Two 32-bit halves: cheaper than a hex string for the 7-8 byte integers pickles are full of (2**63 and below).
      const padded = new Uint8Array(8).fill(bytes[length - 1]! >= 0x80 ? 0xff : 0);
      padded.set(bytes);
      const view = new DataView(padded.buffer);
      return (BigInt(view.getInt32(4, true)) << 32n) + BigInt(view.getUint32(0, true));
    }
    let hex = '';
    for (let i = length - 1; i >= 0; i--) hex += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
    const value = BigInt(`0x${hex}`);
    return bytes[length - 1]! >= 0x80 ? value - (1n << BigInt(8 * length)) : value;
  }

  /** INT, LONG, GET and PUT's decimal text (LONG's trailing L, from Python 2, allowed). */
  decimal(bytes: Uint8Array, what: string, { long = false } = {}): bigint {
    let text = latin1(bytes).trim();
    if (long && text.endsWith('L')) text = text.slice(0, -1);
    if (!/^[+-]?\d+$/.test(text)) this.fail(`${what} is not a decimal integer: ${JSON.stringify(text.slice(0, 40))}`);
    if (text.replace(/^[+-]?0*/, '').length > maxDecimalDigits) this.fail(`${what} has more than ${maxDecimalDigits} digits (Python refuses it too)`);
    return BigInt(text);
  }

  /** FLOAT's text, as Python's float() reads it. */
  decimalFloat(bytes: Uint8Array): number {
    const text = latin1(bytes).trim().toLowerCase();
    const match = /^([+-]?)(inf|infinity|nan)$/.exec(text);
    if (match) return match[2] === 'nan' ? NaN : match[1] === '-' ? -Infinity : Infinity;
    if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[+-]?\d+)?$/.test(text)) this.fail(`FLOAT argument is not a number: ${JSON.stringify(text.slice(0, 40))}`);
    return Number(text.replaceAll('_', ''));
  }

  /** STRING's argument: a quoted Python 2 string literal, unescaped to bytes (codecs.escape_decode). */
  quoted(bytes: Uint8Array): Uint8Array {
    const quote = bytes[0];
    if (bytes.length < 2 || (quote !== 0x27 && quote !== 0x22) || bytes[bytes.length - 1] !== quote) this.fail('STRING argument is not quoted');
    return unescapeBytes(bytes.subarray(1, -1), this);
  }

  /** UNICODE's argument: raw-unicode-escape, latin-1 but for \uXXXX and \UXXXXXXXX. */
  rawUnicode(bytes: Uint8Array): string {
    const text = latin1(bytes);
    return text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_, code: string) => {
      const point = parseInt(code.slice(1), 16);
      if (point > 0x10ffff) this.fail(`UNICODE argument has an escape beyond U+10FFFF: \\${code}`);
      return String.fromCodePoint(point);
    });
  }
}

export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

const simpleEscapes: Record<string, number> = { '\\': 0x5c, "'": 0x27, '"': 0x22, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

function unescapeBytes(body: Uint8Array, reader: ByteReader): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte !== 0x5c) {
      out.push(byte);
      continue;
    }
    const next = String.fromCharCode(body[++i] ?? reader.fail('STRING argument ends in a lone backslash'));
    const simple = simpleEscapes[next];
    if (simple !== undefined) out.push(simple);
    else if (next === '\n') continue;
    else if (next === 'x') {
      const hex = String.fromCharCode(body[i + 1] ?? 0, body[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) reader.fail('STRING argument has a bad \\x escape');
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (next >= '0' && next <= '7') {
      let digits = next;
      while (digits.length < 3 && body[i + 1]! >= 0x30 && body[i + 1]! <= 0x37) digits += String.fromCharCode(body[++i]!);
      out.push(parseInt(digits, 8) & 0xff);
    } else out.push(0x5c, body[i]!);
  }
  return Uint8Array.from(out);
}
