/** The pickle writer for plain data (None, bool, int of any size, float, str, bytes, bytearray, list, tuple, dict, set, frozenset), at protocol 4. Pure. */
import type { PyValue } from './value.js';

/** Containers nest at most this deep: the writer recurses. */
export const maxEncodeDepth = 1000;

/** Python's pickler batches APPENDS, SETITEMS and ADDITEMS by this many items. */
const batchSize = 1000;

export class PickleEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PickleEncodeError';
  }
}

const utf8 = new TextEncoder();

class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  opcodeWith(opcode: number, width: 1 | 2 | 4 | 8, value: number): void {
    this.reserve(1 + width);
    this.buffer[this.length++] = opcode;
    if (width === 1) this.buffer[this.length] = value;
    else if (width === 2) this.view.setUint16(this.length, value, true);
    else if (width === 4) this.view.setUint32(this.length, value >>> 0, true);
    else this.view.setBigUint64(this.length, BigInt(value), true);
    this.length += width;
  }

  float(value: number): void {
    this.reserve(9);
    this.buffer[this.length++] = 0x47; // BINFLOAT, big-endian
    this.view.setFloat64(this.length, value, false);
    this.length += 8;
  }

  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Minimal little-endian two's complement, as LONG1/LONG4 carry it (pickle.encode_long). */
function longBytes(value: bigint): Uint8Array {
  const negative = value < 0n;
  let hex = (negative ? -value : value).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let length = hex.length / 2;
  // One more byte when the top bit would flip the sign.
  const top = parseInt(hex.slice(0, 2), 16);
  const magnitudeFits = negative ? top < 0x80 || (top === 0x80 && /^80*$/.test(hex)) : top < 0x80;
  if (!magnitudeFits) length += 1;
  const encoded = negative ? (1n << BigInt(8 * length)) + value : value;
  const text = encoded.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(text.slice(text.length - 2 * (i + 1), text.length - 2 * i), 16);
  return out;
}

function writeInt(out: ByteWriter, value: bigint): void {
  if (value >= 0n && value < 256n) out.opcodeWith(0x4b, 1, Number(value));
  else if (value >= 0n && value < 65536n) out.opcodeWith(0x4d, 2, Number(value));
  else if (value >= -(2n ** 31n) && value < 2n ** 31n) out.opcodeWith(0x4a, 4, Number(value));
  else {
    const bytes = longBytes(value);
    if (bytes.length < 256) out.opcodeWith(0x8a, 1, bytes.length);
    else out.opcodeWith(0x8b, 4, bytes.length);
    out.bytes(bytes);
  }
}

function writeSized(out: ByteWriter, bytes: Uint8Array, short: number, long: number, huge: number): void {
  if (bytes.length < 256 && short !== 0) out.opcodeWith(short, 1, bytes.length);
  else if (bytes.length <= 0xffffffff) out.opcodeWith(long, 4, bytes.length);
  else out.opcodeWith(huge, 8, bytes.length);
  out.bytes(bytes);
  out.byte(0x94); // MEMOIZE, as Python's pickler does for every str and bytes
}

function writeBatches(out: ByteWriter, items: readonly PyValue[], one: number, many: number, depth: number): void {
  for (let start = 0; start < items.length; start += batchSize) {
    const batch = items.slice(start, start + batchSize);
    if (batch.length === 1 && one !== 0) {
      writeValue(out, batch[0]!, depth + 1);
      out.byte(one);
      continue;
    }
    out.byte(0x28); // MARK
    for (const item of batch) writeValue(out, item, depth + 1);
    out.byte(many);
  }
}

function writeValue(out: ByteWriter, value: PyValue, depth: number): void {
  if (depth > maxEncodeDepth) throw new PickleEncodeError(`the value nests deeper than ${maxEncodeDepth} levels`);
  switch (value.type) {
    case 'none':
      out.byte(0x4e);
      return;
    case 'bool':
      out.byte(value.value ? 0x88 : 0x89);
      return;
    case 'int':
      writeInt(out, value.value);
      return;
    case 'float':
      out.float(value.value);
      return;
    case 'str':
      writeSized(out, utf8.encode(value.value), 0x8c, 0x58, 0x8d);
      return;
    case 'bytes':
      writeSized(out, value.value, 0x43, 0x42, 0x8e);
      return;
    case 'bytearray':
      // Protocol 4 has no BYTEARRAY8: Python writes builtins.bytearray(b'...'), which the reader rebuilds as data.
      writeSized(out, utf8.encode('builtins'), 0x8c, 0x58, 0x8d);
      writeSized(out, utf8.encode('bytearray'), 0x8c, 0x58, 0x8d);
      for (const opcode of [0x93, 0x94]) out.byte(opcode); // STACK_GLOBAL, MEMOIZE
      writeSized(out, value.value, 0x43, 0x42, 0x8e);
      for (const opcode of [0x85, 0x94, 0x52, 0x94]) out.byte(opcode); // TUPLE1, MEMOIZE, REDUCE, MEMOIZE
      return;
    case 'tuple': {
      const { items } = value;
      if (items.length === 0) {
        out.byte(0x29);
        return;
      }
      if (items.length > 3) out.byte(0x28);
      for (const item of items) writeValue(out, item, depth + 1);
      out.byte(items.length <= 3 ? 0x84 + items.length : 0x74); // TUPLE1-3, or TUPLE
      out.byte(0x94);
      return;
    }
    case 'list':
      out.byte(0x5d);
      out.byte(0x94);
      writeBatches(out, value.items, 0x61, 0x65, depth);
      return;
    case 'set':
      out.byte(0x8f);
      out.byte(0x94);
      writeBatches(out, value.items, 0, 0x90, depth);
      return;
    case 'frozenset':
      out.byte(0x28);
      for (const item of value.items) writeValue(out, item, depth + 1);
      out.byte(0x91);
      out.byte(0x94);
      return;
    case 'dict':
      if (value.ordered) throw new PickleEncodeError('an OrderedDict is not plain data; send a dict');
      out.byte(0x7d);
      out.byte(0x94);
      writeBatches(out, value.entries.flatMap(([key, item]) => [key, item]), 0, 0x75, depth);
      return;
    case 'global':
    case 'object':
    case 'persistent':
    case 'extension':
    case 'buffer':
      throw new PickleEncodeError(`only plain data is pickled here, not ${value.type === 'global' ? `the global ${value.module}.${value.name}` : `a ${value.type}`}`);
  }
}

/** `pickle.dumps(value, protocol=4)` for plain data: PROTO 4, one FRAME, the value, STOP. */
export function encodePickle(value: PyValue): Uint8Array {
  const body = new ByteWriter();
  writeValue(body, value, 0);
  body.byte(0x2e);
  const payload = body.result();
  const out = new Uint8Array(payload.length + (payload.length >= 4 ? 11 : 2));
  out[0] = 0x80;
  out[1] = 4;
  // Python frames anything of 4 bytes or more; a reader takes one frame of any size.
  if (payload.length >= 4) {
    out[2] = 0x95;
    new DataView(out.buffer).setBigUint64(3, BigInt(payload.length), true);
    out.set(payload, 11);
  } else out.set(payload, 2);
  return out;
}
