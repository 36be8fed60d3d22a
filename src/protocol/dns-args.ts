/** `nettool dns` free words (names, TYPEs, @servers in any order, as dig and doggo take them) and -x names. Pure. */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { UsageError } from '../errors.js';
import { ambiguousIPv6Port, isHostName, parsePort, splitHostPort } from './address.js';
import { parseIPv6Groups } from './ipv6.js';
import { parseRecordClass, parseRecordType, queryTypes } from './dns-types.js';

export interface DnsServerSpec {
  readonly host: string;
  /** Undefined: the protocol's default (53, or 853 for DNS over TLS). */
  readonly port: number | undefined;
}

export interface DnsWords {
  readonly names: readonly string[];
  readonly types: readonly number[];
  readonly servers: readonly DnsServerSpec[];
  /** A class word (`CH`, `CLASS3`), as dig takes one; undefined: IN. */
  readonly class?: number | undefined;
  /** `IXFR=serial` (dig's word): an incremental transfer from that serial. */
  readonly ixfrSerial?: number | undefined;
}

/**
 * A label as dig takes one: 1-63 visible ASCII characters. DNS names are not host names (RFC 2181
 * §11): `0/26.2.0.192.in-addr.arpa` (RFC 2317) and `a-.example` are real names. A backslash is
 * refused because dig reads it as an escape (`\.`, `\032`), which this parser does not.
 */
const label = /^[\x21-\x5b\x5d-\x7e]{1,63}$/;

/** A query name: labels of 1-63 characters, at most 253 in all; `.` is the root. Returned without the final dot. */
export function parseQueryName(text: string): string {
  if (text === '.') return '.';
  // Internationalized names go on the wire as A-labels (RFC 5891), as dig does with libidn2.
  const ascii = /^[\x00-\x7f]*$/.test(text) ? text : domainToASCII(text);
  const name = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  if (name.length > 253) throw new UsageError(`bad name '${text}': ${name.length} characters, and a name has at most 253`);
  // A leading '-' reads as an option, to dig as to people.
  if (name.length === 0 || name.startsWith('-') || !name.split('.').every((l) => label.test(l))) {
    throw new UsageError(`bad name '${text}': labels are 1-63 visible characters (no spaces, no backslash escapes), and no name starts with '-'`);
  }
  return name;
}

/** `@1.1.1.1`, `@127.0.0.1:5353`, `@[::1]:53`, `@::1`, `@dns.example`, and `@127.0.0.1#5353` (BIND's and doggo's port form). */
export function parseServer(word: string): DnsServerSpec {
  let text = word.startsWith('@') ? word.slice(1) : word;
  if (text === '') throw new UsageError("bad server '@': give an address, as @127.0.0.1 or @[::1]:53");
  const hash = /^(.*)#(\d+)$/.exec(text);
  if (hash) {
    const host = hash[1]!.replace(/^\[(.*)\]$/, '$1');
    text = isIP(host) === 6 ? `[${host}]:${hash[2]}` : `${host}:${hash[2]}`;
  }
  let split: { host: string; port?: string };
  try {
    split = splitHostPort(text);
  } catch (error) {
    throw new UsageError(`bad server '${word}': ${(error as Error).message.replace(/^bad address '[^']*': /, '')}`);
  }
  const host = split.host.replace(/^\[(.*)\]$/, '$1');
  // As telnet and listen: `@::1:5353` is refused rather than taken as the address ::1:5353 on port 53.
  const tail = split.port === undefined && host === split.host ? ambiguousIPv6Port(host) : undefined;
  if (tail) throw new UsageError(`bad server '${word}': ambiguous; write @[${tail.address}]:${tail.port} for port ${tail.port}, or @[${host}] for the address alone`);
  if (isIP(host) === 0) {
    if (/^[\d.]+$/.test(host)) throw new UsageError(`bad server '${word}': not an IPv4 address`);
    if (!isHostName(host)) throw new UsageError(`bad server '${word}': not an address or host name`);
  }
  return { host, port: split.port === undefined ? undefined : parsePort(split.port) };
}

/** A word in capitals without a dot (`MXX`) was meant as a TYPE; as a name it would be a surprise. */
function looksLikeType(word: string): boolean {
  return /^[A-Z][A-Z0-9]*$/.test(word) && word.length <= 10;
}

export function parseDnsWords(words: readonly string[]): DnsWords {
  const names: string[] = [];
  const types: number[] = [];
  const servers: DnsServerSpec[] = [];
  let klass: number | undefined;
  let ixfrSerial: number | undefined;
  let previous = '';
  for (const word of words) {
    const after = previous;
    previous = word;
    if (word.startsWith('@')) {
      servers.push(parseServer(word));
      continue;
    }
    // dig would ask for the name "5353"; nobody who types it after a server means that.
    if (after.startsWith('@') && /^\d+$/.test(word)) {
      throw new UsageError(`'${word}' after ${after} is not a port: write ${after}:${word} (or -p ${word}); a name of digits alone needs a final dot: '${word}.'`);
    }
    const ixfr = /^IXFR=(\d{1,10})$/i.exec(word);
    if (ixfr && Number(ixfr[1]) <= 0xffffffff) {
      ixfrSerial = Number(ixfr[1]);
      if (!types.includes(251)) types.push(251);
      continue;
    }
    const type = parseRecordType(word);
    if (type !== undefined) {
      if (!types.includes(type)) types.push(type);
      continue;
    }
    // dig takes the class as a word too: IN, CH (`version.bind CH TXT`), HS, CLASSnnn.
    const wordClass = parseRecordClass(word);
    if (wordClass !== undefined && wordClass !== 255) {
      klass = wordClass === 1 ? undefined : wordClass;
      continue;
    }
    if (/^IXFR$/i.test(word)) throw new UsageError('IXFR needs the serial to start from, as dig takes it: IXFR=2026010101');
    if (looksLikeType(word)) {
      throw new UsageError(`unknown record type '${word}' (types: ${queryTypes.join(' ')}, TYPEnnn); a name in capitals needs a dot: '${word}.'`);
    }
    names.push(parseQueryName(word));
  }
  return { names, types, servers, class: klass, ixfrSerial };
}

/** The PTR name for an address: `4.3.2.1.in-addr.arpa` (RFC 1035 §3.5), nibbles under `ip6.arpa` (RFC 3596 §2.5). */
export function reverseName(address: string): string {
  const text = address.replace(/^\[|\]$/g, '');
  if (isIP(text) === 4) return `${text.split('.').reverse().map(Number).join('.')}.in-addr.arpa`;
  const groups = isIP(text.replace(/%.*$/, '')) === 6 ? parseIPv6Groups(text) : undefined;
  if (!groups) throw new UsageError(`bad address for -x '${address}': give an IPv4 or IPv6 address`);
  const nibbles = groups.flatMap((g) => g.toString(16).padStart(4, '0').split(''));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}
