/** DNS messages off the wire (RFC 1035 §4.1): header, questions, and records framed by their RDLENGTH. Pure; reads every byte itself. */
import { decodeRdata, type RdataReader } from './dns-rdata-wire.js';
import { formatLabel } from './dns-text.js';
import { formatRecordType } from './dns-types.js';

/** A message that cannot be read: the words after `malformed reply from <server>: `. */
export class MalformedReplyError extends Error {
  override readonly name = 'MalformedReplyError';
}

export interface WireQuestion {
  /** dig's presentation without the final dot (`\DDD` and `\.` escapes), `.` for the root. */
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export interface WireRecord {
  readonly name: string;
  readonly type: number;
  /** The 16 bits as sent: unicast DNS has no mDNS cache-flush bit (RFC 6762 §10.2 is mDNS only). */
  readonly class: number;
  readonly ttl: number;
  /** The type's fields (see dns-rdata-wire.ts), or the raw bytes of a type it does not read. */
  readonly data: unknown;
}

/** The OPT pseudo-record (RFC 6891 §6.1.2), whose class and TTL fields mean something else. */
export interface WireOpt {
  readonly udpSize: number;
  readonly extendedRcode: number;
  readonly version: number;
  readonly dnssecOk: boolean;
  /** The server's NSID option (RFC 5001), when it sent one. */
  readonly nsid?: Uint8Array;
}

export interface WireMessage {
  readonly id: number;
  /** The 16 flag bits of the header (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE). */
  readonly bits: number;
  readonly questions: readonly WireQuestion[];
  readonly answers: readonly WireRecord[];
  readonly authority: readonly WireRecord[];
  /** Without the OPT record, which is in `opt`. */
  readonly additional: readonly WireRecord[];
  readonly opt: WireOpt | null;
}

const optType = 41;

/**
 * A domain name at `offset` (RFC 1035 §4.1.4), each label in dig's presentation (`\DDD`, `\.`), and the
 * offset after its bytes in place. Pointers go only backwards, which also rules out loops.
 */
export function readName(buf: Uint8Array, offset: number, seen?: Map<number, NameSuffix>): { name: string; next: number } {
  const labels: string[] = [];
  /** Where each label started and its length, to remember the name from there on for later pointers. */
  const starts: number[] = [];
  const sizes: number[] = [];
  let at = offset;
  let next = -1;
  let lowest = offset;
  let wireLength = 1;
  let suffix: NameSuffix | undefined;
  for (;;) {
    if (at >= buf.length) throw new MalformedReplyError('a name runs past the end of the message');
    const length = buf[at]!;
    if (length === 0) {
      if (next < 0) next = at + 1;
      break;
    }
    const kind = length & 0xc0;
    if (kind === 0) {
      if (at + 1 + length > buf.length) throw new MalformedReplyError('a name runs past the end of the message');
      wireLength += length + 1;
      if (wireLength > 255) throw new MalformedReplyError('a name longer than 255 bytes');
      starts.push(at);
      sizes.push(length);
      labels.push(formatLabel(buf, at + 1, at + 1 + length));
      at += 1 + length;
    } else if (kind === 0xc0) {
      if (at + 1 >= buf.length) throw new MalformedReplyError('a name runs past the end of the message');
      const target = ((length & 0x3f) << 8) | buf[at + 1]!;
      if (target >= lowest) throw new MalformedReplyError('a name with a bad pointer (forward or a loop)');
      if (next < 0) next = at + 2;
      lowest = target;
      suffix = seen?.get(target);
      if (suffix) {
        wireLength += suffix.wireLength - 1;
        if (wireLength > 255) throw new MalformedReplyError('a name longer than 255 bytes');
        break;
      }
      at = target;
    } else {
      throw new MalformedReplyError(`a name with a bad label type 0x${length.toString(16)}`);
    }
  }
  // Names in a message point back at earlier ones (RFC 1035 §4.1.4): remembered by offset, a zone
  // transfer's thousands of `host + pointer` names cost one label each.
  let tail = suffix?.name;
  let tailLength = suffix ? suffix.wireLength : 1;
  for (let i = labels.length - 1; i >= 0; i--) {
    tail = tail === undefined ? labels[i]! : `${labels[i]!}.${tail}`;
    tailLength += sizes[i]! + 1;
    if (seen && !seen.has(starts[i]!)) seen.set(starts[i]!, { name: tail, wireLength: tailLength });
  }
  return { name: tail ?? '.', next };
}

/** A name from some offset of a message on: its labels in presentation form and its length on the wire. */
interface NameSuffix {
  readonly name: string;
  readonly wireLength: number;
}

/** Bounds-checked reads over a message; each past-the-end read is one MalformedReplyError. */
class Reader implements RdataReader {
  constructor(
    readonly buf: Uint8Array,
    public offset: number,
    public end: number,
    readonly names: Map<number, NameSuffix> = new Map(),
  ) {}

  /** Set while reading one record's data, so that reading past its end names the record. */
  record: { type: number; rdlength: number } | undefined;

  overrun(): MalformedReplyError {
    if (!this.record) return new MalformedReplyError('a record runs past the end of the message');
    return new MalformedReplyError(`RDLENGTH ${this.record.rdlength} does not fit the data of a ${formatRecordType(this.record.type)} record`);
  }

  private need(count: number): void {
    if (this.offset + count > this.end) throw this.overrun();
  }

  u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const value = (this.buf[this.offset]! << 8) | this.buf[this.offset + 1]!;
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = ((this.buf[this.offset]! << 24) >>> 0) + ((this.buf[this.offset + 1]! << 16) | (this.buf[this.offset + 2]! << 8) | this.buf[this.offset + 3]!);
    this.offset += 4;
    return value;
  }

  bytes(count: number): Uint8Array {
    this.need(count);
    const out = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  rest(): Uint8Array {
    return this.bytes(this.end - this.offset);
  }

  name(): string {
    const { name, next } = readName(this.buf, this.offset, this.names);
    if (next > this.end) throw this.overrun();
    this.offset = next;
    return name;
  }

  /** A <character-string> (RFC 1035 §3.3): a length byte, then that many bytes, kept as bytes. */
  string(): Uint8Array {
    const length = this.u8();
    if (this.offset + length > this.end) throw this.overrun();
    return this.bytes(length);
  }

  atEnd(): boolean {
    return this.offset >= this.end;
  }
}

/** An EDNS option's data by its code (RFC 6891 §6.1.2: code, length, data, repeated); a cut list ends the search. */
function findOption(options: Uint8Array, code: number): Uint8Array | undefined {
  for (let at = 0; at + 4 <= options.length; ) {
    const length = (options[at + 2]! << 8) | options[at + 3]!;
    if (at + 4 + length > options.length) return undefined;
    if (((options[at]! << 8) | options[at + 1]!) === code) return options.subarray(at + 4, at + 4 + length);
    at += 4 + length;
  }
  return undefined;
}

function readQuestion(reader: Reader): WireQuestion {
  const name = reader.name();
  return { name, type: reader.u16(), class: reader.u16() };
}

/**
 * One resource record. Its data must take exactly RDLENGTH bytes: a record that reads more or less would
 * shift every record after it and show garbage as data; dig calls such a message malformed.
 */
function readRecord(reader: Reader, rdata: Reader, onOpt: (opt: WireOpt) => void): WireRecord | null {
  const name = reader.name();
  const type = reader.u16();
  const klass = reader.u16();
  const ttl = reader.u32();
  const rdlength = reader.u16();
  const start = reader.offset;
  if (start + rdlength > reader.end) throw new MalformedReplyError('the record data runs past the end of the message');
  if (type === optType) {
    const nsid = findOption(reader.buf.subarray(start, start + rdlength), 3);
    reader.offset = start + rdlength;
    onOpt({ udpSize: klass, extendedRcode: ttl >>> 24, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, ...(nsid && { nsid }) });
    return null;
  }
  rdata.offset = start;
  rdata.end = start + rdlength;
  rdata.record = { type, rdlength };
  const data = decodeRdata(type, rdata);
  if (rdata.offset !== rdata.end) throw rdata.overrun();
  reader.offset = start + rdlength;
  return { name, type, class: klass, ttl, data };
}

/** Reads a whole message; anything unreadable (cut short, bad lengths, pointer loops) is a MalformedReplyError. */
export function decodeMessage(message: Uint8Array): WireMessage {
  if (message.length < 12) throw new MalformedReplyError(`${message.length} bytes, shorter than a DNS header`);
  const reader = new Reader(message, 0, message.length);
  const id = reader.u16();
  const bits = reader.u16();
  const counts = [reader.u16(), reader.u16(), reader.u16(), reader.u16()] as const;
  const questions: WireQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) questions.push(readQuestion(reader));
  let opt: WireOpt | null = null;
  // One reader for every record's data, sharing the names seen in this message.
  const rdata = new Reader(message, 0, 0, reader.names);
  const section = (count: number): WireRecord[] => {
    const records: WireRecord[] = [];
    for (let i = 0; i < count; i++) {
      const record = readRecord(reader, rdata, (found) => {
        opt = found;
      });
      if (record) records.push(record);
    }
    return records;
  };
  const answers = section(counts[1]);
  const authority = section(counts[2]);
  const additional = section(counts[3]);
  return { id, bits, questions, answers, authority, additional, opt };
}

/** The data of one record given as its bytes alone (no message around it, so no name pointers). */
export function decodeRdataBytes(type: number, bytes: Uint8Array): unknown {
  const reader = new Reader(bytes, 0, bytes.length);
  const data = decodeRdata(type, reader);
  if (!reader.atEnd()) throw new MalformedReplyError(`RDLENGTH ${bytes.length} does not fit the data of a ${formatRecordType(type)} record`);
  return data;
}
