/** DNS queries and replies (RFC 1035 §4) on the wire through dns-packet, checked and made presentable. Pure. */
import * as packet from 'dns-packet';
import { formatRdata } from './dns-rdata.js';
import { formatLabel, formatName } from './dns-text.js';
import { formatRecordType, packetTypeName, packetTypeNumber } from './dns-types.js';

export interface DnsQuestion {
  /** Without the trailing dot, as typed (`example.com`); `.` for the root. */
  readonly name: string;
  /** The type number (15 for MX). */
  readonly type: number;
}

export interface QueryOptions {
  readonly id: number;
  /** RD (RFC 1035 §4.1.1); dig's default, cleared by --no-recurse. */
  readonly recurse: boolean;
  /** The DO bit in EDNS (RFC 3225): ask for RRSIGs. */
  readonly dnssec: boolean;
}

/** The EDNS buffer size the DNS flag day 2020 settled on: big enough for most answers, no IP fragments. */
export const ednsBufferSize = 1232;

export interface DnsRecord {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly class: string;
  readonly data: string;
}

export interface DnsReply {
  readonly id: number;
  readonly status: string;
  /** Header flags in dig's order: qr aa tc rd ra ad cd. */
  readonly flags: readonly string[];
  readonly truncated: boolean;
  readonly question: { readonly name: string; readonly type: number } | null;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
  /** The OPT pseudo-record (RFC 6891), when the server sent one. */
  readonly edns: { readonly udpSize: number; readonly dnssecOk: boolean } | null;
}

/**
 * dns-packet's name decoder with dig's presentation of each label instead of the label read as UTF-8:
 * that read turns bytes that are not UTF-8 into U+FFFD and a dot inside a label into a label boundary,
 * so `x\255.test` or `c\.d.test` could not be shown as they are. Same checks, same byte count.
 */
function decodeName(buf: Buffer, offset = 0): string {
  const labels: string[] = [];
  let oldOffset = offset;
  let totalLength = 0;
  let consumed = 0;
  let jumped = false;
  for (;;) {
    if (offset >= buf.length) throw new Error('Cannot decode name (buffer overflow)');
    const length = buf[offset++]!;
    if (!jumped) consumed++;
    if (length === 0) break;
    if ((length & 0xc0) === 0) {
      if (offset + length > buf.length) throw new Error('Cannot decode name (buffer overflow)');
      totalLength += length + 1;
      if (totalLength > 254) throw new Error('Cannot decode name (name too long)');
      labels.push(formatLabel(buf.subarray(offset, offset + length)));
      offset += length;
      if (!jumped) consumed += length;
    } else if ((length & 0xc0) === 0xc0) {
      if (offset + 1 > buf.length) throw new Error('Cannot decode name (buffer overflow)');
      const jumpOffset = buf.readUInt16BE(offset - 1) - 0xc000;
      // Only pointers to prior data (RFC 1035 §4.1.4), which also rules out loops.
      if (jumpOffset >= oldOffset) throw new Error('Cannot decode name (bad pointer)');
      offset = jumpOffset;
      oldOffset = jumpOffset;
      if (!jumped) consumed++;
      jumped = true;
    } else {
      throw new Error('Cannot decode name (bad label)');
    }
  }
  decodeName.bytes = consumed;
  return labels.length === 0 ? '.' : labels.join('.');
}
decodeName.bytes = 0;
packet.name.decode = decodeName;

/** A <character-string> (RFC 1035 §3.3) as its bytes; dns-packet reads it as UTF-8, turning other bytes into U+FFFD. */
function characterString(buf: Buffer, offset: number, end: number): Buffer {
  const length = buf[offset];
  if (length === undefined || offset + 1 + length > end) throw new Error('a character-string runs past the record');
  return buf.subarray(offset + 1, offset + 1 + length);
}

type RdataDecoder = ((buf: Buffer, offset?: number) => unknown) & { bytes: number };
const codecs = packet as unknown as Record<'caa' | 'naptr' | 'hinfo', { decode: RdataDecoder }>;

/** The rdata bounds after its 2-byte length, checked against the message. */
function rdataBounds(buf: Buffer, offset: number): { start: number; end: number } {
  if (offset + 2 > buf.length) throw new Error('the record data runs past the end');
  const start = offset + 2;
  const end = start + buf.readUInt16BE(offset);
  if (end > buf.length) throw new Error('the record data runs past the end');
  return { start, end };
}

// CAA, NAPTR and HINFO keep their strings as bytes, so that dig's \DDD shows what was sent (quoteString).
const decodeCaa: RdataDecoder = Object.assign(
  (buf: Buffer, offset = 0) => {
    const { start, end } = rdataBounds(buf, offset);
    if (start >= end) throw new Error('an empty CAA record');
    const flags = buf[start]!;
    const tag = characterString(buf, start + 1, end);
    decodeCaa.bytes = end - offset;
    return { flags, tag: tag.toString('latin1'), value: buf.subarray(start + 2 + tag.length, end), issuerCritical: (flags & 128) !== 0 };
  },
  { bytes: 0 },
);
const decodeNaptr: RdataDecoder = Object.assign(
  (buf: Buffer, offset = 0) => {
    const { start, end } = rdataBounds(buf, offset);
    if (start + 4 > end) throw new Error('a NAPTR record shorter than its fixed fields');
    const order = buf.readUInt16BE(start);
    const preference = buf.readUInt16BE(start + 2);
    const strings: Buffer[] = [];
    let at = start + 4;
    for (let i = 0; i < 3; i++) {
      const text = characterString(buf, at, end);
      strings.push(text);
      at += 1 + text.length;
    }
    const replacement = decodeName(buf, at);
    decodeNaptr.bytes = at + decodeName.bytes - offset;
    return { order, preference, flags: strings[0], services: strings[1], regexp: strings[2], replacement };
  },
  { bytes: 0 },
);
const decodeHinfo: RdataDecoder = Object.assign(
  (buf: Buffer, offset = 0) => {
    const { start, end } = rdataBounds(buf, offset);
    const cpu = characterString(buf, start, end);
    const os = characterString(buf, start + 1 + cpu.length, end);
    decodeHinfo.bytes = end - offset;
    return { cpu, os };
  },
  { bytes: 0 },
);
/**
 * dns-packet moves on by what each type's decoder read (4 bytes for A, a name's length for PTR), not by the
 * RDLENGTH on the wire: a record whose data is longer or shorter than its type needs would shift every record
 * after it and show garbage as data. dig calls such a message malformed; so do we.
 */
const decodeAnswerUnchecked = packet.answer.decode;
const decodeAnswer = Object.assign(
  (buf: Buffer, offset = 0): packet.Answer => {
    const record = decodeAnswerUnchecked(buf, offset);
    // The original writes its count to `answer.decode.bytes`, which is this function now.
    const consumed = decodeAnswer.bytes;
    decodeName(buf, offset);
    const rdlengthAt = offset + decodeName.bytes + 8;
    const rdlength = buf.readUInt16BE(rdlengthAt);
    if (consumed !== rdlengthAt + 2 + rdlength - offset) {
      throw new MalformedReplyError(`RDLENGTH ${rdlength} does not fit the data of a ${formatRecordType(packetTypeNumber(record.type) ?? 0)} record`);
    }
    decodeAnswer.bytes = consumed;
    return record;
  },
  { bytes: 0 },
);
packet.answer.decode = decodeAnswer;
codecs.caa.decode = decodeCaa;
codecs.naptr.decode = decodeNaptr;
codecs.hinfo.decode = decodeHinfo;

/** A name as typed, in the form a reply's names are decoded to, for comparing the two. */
function presentationOf(name: string): string {
  return decodeName(packet.name.encode(name));
}

/** A reply that cannot be read: the words after `malformed reply from <server>: `. */
export class MalformedReplyError extends Error {
  override readonly name = 'MalformedReplyError';
}

export function encodeQuery(question: DnsQuestion, options: QueryOptions): Buffer {
  return packet.encode({
    type: 'query',
    id: options.id,
    flags: options.recurse ? packet.RECURSION_DESIRED : 0,
    questions: [{ name: question.name, type: packetTypeName(question.type) as packet.RecordType, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: ednsBufferSize,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: options.dnssec ? packet.DNSSEC_OK : 0,
        flag_do: options.dnssec,
        options: [],
      },
    ],
  });
}

/** The first two bytes of a message, for matching replies before decoding them (RFC 5452 §4.3). */
export function peekId(message: Uint8Array): number | undefined {
  return message.length >= 2 ? (message[0]! << 8) | message[1]! : undefined;
}

const flagNames = [
  ['qr', 'flag_qr'], ['aa', 'flag_aa'], ['tc', 'flag_tc'], ['rd', 'flag_rd'], ['ra', 'flag_ra'], ['ad', 'flag_ad'], ['cd', 'flag_cd'],
] as const;

/** Extended RCODEs need the OPT record's upper 8 bits (RFC 6891 §6.1.3). */
const extendedStatus: Readonly<Record<number, string>> = { 16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 23: 'BADCOOKIE' };

function toRecord(answer: packet.Answer): DnsRecord {
  const typeNumber = packetTypeNumber(answer.type) ?? 0;
  const a = answer as { name: string; ttl?: number; class?: string; data: unknown; type: string };
  let data: string;
  try {
    data = formatRdata(answer.type, a.data);
  } catch (error) {
    throw new MalformedReplyError(`bad ${formatRecordType(typeNumber)} record for ${formatName(a.name)}: ${(error as Error).message}`);
  }
  return { name: formatName(a.name), type: formatRecordType(typeNumber), ttl: a.ttl ?? 0, class: a.class ?? 'IN', data };
}

function isTruncatedReply(message: Uint8Array): boolean {
  return message.length >= 12 && (message[2]! & 0x80) !== 0 && (message[2]! & 0x02) !== 0;
}

/** What the fixed header alone says (RFC 1035 §4.1.1), for a truncated reply whose records are cut. */
function headerOnly(message: Uint8Array): DnsReply {
  const bits = (message[2]! << 8) | message[3]!;
  const flags = [['qr', 15], ['aa', 10], ['tc', 9], ['rd', 8], ['ra', 7], ['ad', 5], ['cd', 4]] as const;
  const statuses = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
  return {
    id: peekId(message) ?? 0,
    status: statuses[bits & 0xf] ?? `RCODE${bits & 0xf}`,
    flags: flags.filter(([, bit]) => bits & (1 << bit)).map(([name]) => name),
    truncated: true,
    question: null,
    answers: [],
    authority: [],
    additional: [],
    edns: null,
  };
}

/** Decodes a reply; anything unreadable (truncated, bad lengths, pointer loops) is a MalformedReplyError. */
export function decodeReply(message: Uint8Array): DnsReply {
  const reply = decodeMessage(message);
  if ((message[2]! & 0x80) === 0) throw new MalformedReplyError('the QR bit says it is a query, not a reply');
  return reply;
}

/** Decodes a query or a reply alike (a capture sees both); unreadable ones are a MalformedReplyError. */
export function decodeMessage(message: Uint8Array): DnsReply {
  if (message.length < 12) throw new MalformedReplyError(`${message.length} bytes, shorter than a DNS header`);
  const buffer = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  let decoded: packet.DecodedPacket;
  try {
    decoded = packet.decode(buffer);
    // dns-packet slices past the end without complaint; a record that ran over the edge shows here.
    if (packet.decode.bytes > buffer.length) throw new MalformedReplyError('a record runs past the end of the message');
  } catch (error) {
    // A truncated reply may be cut anywhere (RFC 2181 §9); its header still says "ask again over TCP".
    if (isTruncatedReply(buffer)) return headerOnly(buffer);
    throw error instanceof MalformedReplyError ? error : new MalformedReplyError((error as Error).message || 'undecodable');
  }
  const additionals = decoded.additionals ?? [];
  const opt = additionals.find((a): a is packet.OptAnswer => a.type === 'OPT');
  const rcode = ((decoded.flags ?? 0) & 0xf) | ((opt?.extendedRcode ?? 0) << 4);
  const question = decoded.questions?.[0];
  return {
    id: decoded.id ?? 0,
    status: rcode < 16 ? decoded.rcode : (extendedStatus[rcode] ?? `RCODE${rcode}`),
    flags: flagNames.filter(([, key]) => decoded[key]).map(([name]) => name),
    truncated: decoded.flag_tc,
    question: question ? { name: question.name, type: packetTypeNumber(question.type) ?? 0 } : null,
    answers: (decoded.answers ?? []).map(toRecord),
    authority: (decoded.authorities ?? []).map(toRecord),
    additional: additionals.filter((a) => a.type !== 'OPT').map(toRecord),
    edns: opt ? { udpSize: opt.udpPayloadSize, dnssecOk: opt.flag_do } : null,
  };
}

/** A reply answers a query only with the same ID and the same question, name compared without case (RFC 5452 §9.1). */
export function replyMatches(reply: DnsReply, id: number, question: DnsQuestion): boolean {
  if (reply.id !== id) return false;
  // FORMERR, NOTIMP and REFUSED replies may come without the question (RFC 6895 §2).
  if (!reply.question) return reply.status !== 'NOERROR' && reply.answers.length === 0;
  return reply.question.type === question.type && reply.question.name.toLowerCase() === presentationOf(question.name).toLowerCase();
}

/** A TXT value as <character-string>s of at most 255 bytes each (RFC 1035 §3.3.14); dns-packet would not split it. */
export function splitTxt(text: string | Uint8Array): Buffer[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts.length ? parts : [Buffer.alloc(0)];
}
