/** DNS queries and replies (RFC 1035 §4): queries encoded, replies decoded (dns-wire.ts), checked and made presentable. Pure. */
import { formatRdata } from './dns-rdata.js';
import { formatName } from './dns-text.js';
import { formatRecordClass, formatRecordType, packetTypeName } from './dns-types.js';
import { MalformedReplyError, decodeMessage, readName, type WireRecord } from './dns-wire.js';

export { MalformedReplyError } from './dns-wire.js';

export interface DnsQuestion {
  /** Without the trailing dot, as typed (`example.com`); `.` for the root. */
  readonly name: string;
  /** The type number (15 for MX). */
  readonly type: number;
  /** The class number; IN (1) when left out. */
  readonly class?: number;
}

export interface QueryOptions {
  readonly id: number;
  /** RD (RFC 1035 §4.1.1); dig's default, cleared by --no-recurse. */
  readonly recurse: boolean;
  /** The DO bit in EDNS (RFC 3225): ask for RRSIGs. */
  readonly dnssec: boolean;
  /** The EDNS UDP payload size offered (RFC 6891 §6.2.3); 1232 unless dig's +bufsize says otherwise. */
  readonly bufsize?: number;
  /** CD (RFC 4035 §3.2.2): the resolver should not check signatures. */
  readonly checkingDisabled?: boolean;
  /** Ask for the server's NSID (RFC 5001), an empty EDNS option 3. */
  readonly nsid?: boolean;
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
  readonly question: { readonly name: string; readonly type: number; readonly class: number } | null;
  readonly answers: readonly DnsRecord[];
  readonly authority: readonly DnsRecord[];
  readonly additional: readonly DnsRecord[];
  /** The OPT pseudo-record (RFC 6891), when the server sent one. */
  readonly edns: { readonly udpSize: number; readonly dnssecOk: boolean; readonly nsid?: Uint8Array } | null;
}

/** A name's wire form (RFC 1035 §3.1): each label as its UTF-8 bytes after a length byte, then the root. */
export function encodeName(name: string): Buffer {
  const labels = name === '.' || name === '' ? [] : name.replace(/\.$/, '').split('.');
  return Buffer.concat([...labels.flatMap((label) => {
    const bytes = Buffer.from(label, 'utf8');
    return [Buffer.from([bytes.length]), bytes];
  }), Buffer.from([0])]);
}

/** One question, RD and CD as asked, and an OPT record (RFC 6891 §6.1.2) offering 1232 bytes, with DO for --dnssec and NSID for +nsid. */
export function encodeQuery(question: DnsQuestion, options: QueryOptions): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id, 0);
  header.writeUInt16BE((options.recurse ? 0x0100 : 0) | (options.checkingDisabled ? 0x0010 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(1, 10);
  const fixed = Buffer.alloc(4);
  fixed.writeUInt16BE(question.type, 0);
  fixed.writeUInt16BE(question.class ?? 1, 2);
  const ednsOptions = options.nsid ? Buffer.from([0, 3, 0, 0]) : Buffer.alloc(0);
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(options.bufsize ?? ednsBufferSize, 3);
  opt.writeUInt16BE(options.dnssec ? 0x8000 : 0, 7);
  opt.writeUInt16BE(ednsOptions.length, 9);
  return Buffer.concat([header, encodeName(question.name), fixed, opt, ednsOptions]);
}

/**
 * A zone transfer query: AXFR (RFC 5936 §2.1.1), or IXFR (RFC 1995 §3) with the client's SOA in the
 * authority section, whose serial is all the server reads (the other fields zero, as dig sends them).
 */
export function encodeTransferQuery(zone: string, options: { readonly id: number; readonly serial?: number }): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id, 0);
  header.writeUInt16BE(1, 4);
  const name = encodeName(zone);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(options.serial === undefined ? 252 : 251, 0);
  question.writeUInt16BE(1, 2);
  if (options.serial === undefined) return Buffer.concat([header, name, question]);
  header.writeUInt16BE(1, 8);
  const soa = Buffer.alloc(10 + 2 + 20);
  soa.writeUInt16BE(6, 0);
  soa.writeUInt16BE(1, 2);
  soa.writeUInt16BE(22, 8);
  soa.writeUInt32BE(options.serial >>> 0, 12);
  return Buffer.concat([header, name, question, name, soa]);
}

/** The first two bytes of a message, for matching replies before decoding them (RFC 5452 §4.3). */
export function peekId(message: Uint8Array): number | undefined {
  return message.length >= 2 ? (message[0]! << 8) | message[1]! : undefined;
}

const flagBits = [['qr', 15], ['aa', 10], ['tc', 9], ['rd', 8], ['ra', 7], ['ad', 5], ['cd', 4]] as const;

const statuses = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
/** Extended RCODEs need the OPT record's upper 8 bits (RFC 6891 §6.1.3). */
const extendedStatus: Readonly<Record<number, string>> = { 16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 23: 'BADCOOKIE' };

function statusName(rcode: number): string {
  return statuses[rcode] ?? extendedStatus[rcode] ?? (rcode < 16 ? `RCODE_${rcode}` : `RCODE${rcode}`);
}

function flagNames(bits: number): string[] {
  return flagBits.filter(([, bit]) => bits & (1 << bit)).map(([name]) => name);
}

function toRecord(record: WireRecord): DnsRecord {
  const type = formatRecordType(record.type);
  let data: string;
  try {
    data = formatRdata(packetTypeName(record.type), record.data);
  } catch (error) {
    throw new MalformedReplyError(`bad ${type} record for ${formatName(record.name)}: ${(error as Error).message}`);
  }
  return { name: formatName(record.name), type, ttl: record.ttl, class: formatRecordClass(record.class), data };
}

function isTruncatedReply(message: Uint8Array): boolean {
  return message.length >= 12 && (message[2]! & 0x80) !== 0 && (message[2]! & 0x02) !== 0;
}

/** What the fixed header alone says (RFC 1035 §4.1.1), for a truncated reply whose records are cut. */
function headerOnly(message: Uint8Array): DnsReply {
  const bits = (message[2]! << 8) | message[3]!;
  return {
    id: peekId(message) ?? 0,
    status: bits & 0xf ? statusName(bits & 0xf) : 'NOERROR',
    flags: flagNames(bits),
    truncated: true,
    question: null,
    answers: [],
    authority: [],
    additional: [],
    edns: null,
  };
}

/**
 * Decodes a reply; anything unreadable (truncated, bad lengths, pointer loops) is a MalformedReplyError.
 * A reply with TC set may be cut anywhere (RFC 2181 §9): its header alone is returned, saying "ask over TCP".
 */
export function decodeReply(message: Uint8Array): DnsReply {
  return presentMessage(message, true);
}

/** Decodes a query or a reply alike (a capture sees both); unreadable ones are a MalformedReplyError. */
export function decodeAnyMessage(message: Uint8Array): DnsReply {
  return presentMessage(message, false);
}

function presentMessage(message: Uint8Array, replyOnly: boolean): DnsReply {
  let decoded;
  try {
    decoded = decodeMessage(message);
  } catch (error) {
    if (isTruncatedReply(message)) return headerOnly(message);
    throw error;
  }
  if (replyOnly && !(decoded.bits & 0x8000)) throw new MalformedReplyError('the QR bit says it is a query, not a reply');
  const rcode = (decoded.bits & 0xf) | ((decoded.opt?.extendedRcode ?? 0) << 4);
  const question = decoded.questions[0];
  return {
    id: decoded.id,
    status: statusName(rcode),
    flags: flagNames(decoded.bits),
    truncated: (decoded.bits & 0x0200) !== 0,
    question: question ? { name: question.name, type: question.type, class: question.class } : null,
    answers: decoded.answers.map(toRecord),
    authority: decoded.authority.map(toRecord),
    additional: decoded.additional.map(toRecord),
    edns: decoded.opt ? { udpSize: decoded.opt.udpSize, dnssecOk: decoded.opt.dnssecOk, ...(decoded.opt.nsid && { nsid: decoded.opt.nsid }) } : null,
  };
}

/** A name as typed, in the form a reply's names are decoded to, for comparing the two. */
function presentationOf(name: string): string {
  return readName(encodeName(name), 0).name;
}

/**
 * A server that could not read the query, does not implement it or refuses it (RCODE 1, 4, 5 of
 * RFC 1035 §4.1.1) may not have a question to echo; any other reply must carry it, and none
 * without it can carry records.
 */
const mayOmitQuestion = new Set(['FORMERR', 'NOTIMP', 'REFUSED']);

/** A reply answers a query only with the same ID and the same question: name without case, type and class (RFC 5452 §9.1, as dig). */
export function replyMatches(reply: DnsReply, id: number, question: DnsQuestion): boolean {
  if (reply.id !== id) return false;
  if (!reply.question) return mayOmitQuestion.has(reply.status) && reply.answers.length === 0 && reply.authority.length === 0;
  return (
    reply.question.type === question.type &&
    reply.question.class === (question.class ?? 1) &&
    reply.question.name.toLowerCase() === presentationOf(question.name).toLowerCase()
  );
}

/** Why a reply does not answer the query, in dig's terms ("Question section mismatch: got ..."), or undefined when it does. */
export function replyMismatch(reply: DnsReply, id: number, question: DnsQuestion): string | undefined {
  if (replyMatches(reply, id, question)) return undefined;
  if (reply.id !== id) return `it answers a different query (ID ${reply.id}, not ${id})`;
  if (!reply.question) return `no question section in a ${reply.status} reply`;
  const q = reply.question;
  return `question section mismatch: got ${q.name === '.' ? '.' : q.name}/${formatRecordType(q.type)}/${formatRecordClass(q.class)}`;
}

/** A TXT value as <character-string>s of at most 255 bytes each (RFC 1035 §3.3.14); dns-packet would not split it. */
export function splitTxt(text: string | Uint8Array): Buffer[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(bytes.subarray(i, i + 255));
  return parts.length ? parts : [Buffer.alloc(0)];
}
