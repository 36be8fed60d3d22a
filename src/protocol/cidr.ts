/** CIDR blocks for --allow: parsing and matching of IPv4 and IPv6 addresses. Pure: no sockets, no DNS. */
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

/** An address as a 128-bit number; IPv4 is held as its IPv4-mapped IPv6 form (::ffff:a.b.c.d, RFC 4291 §2.5.5.2). */
export interface Cidr {
  readonly text: string;
  readonly network: bigint;
  /** Prefix length over 128 bits (an IPv4 /24 is a /120 here). */
  readonly prefix: number;
}

const mappedBase = 0xffffn << 32n;

function ipv4ToBigint(text: string): bigint {
  return text.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigint(text: string): bigint {
  let head = text;
  let tail = 0n;
  let tailGroups = 0;
  // A trailing dotted quad (::ffff:1.2.3.4) fills the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    tail = ipv4ToBigint(text.slice(lastColon + 1));
    tailGroups = 2;
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left === '' ? [] : left.split(':');
  const rightGroups = right === undefined || right === '' ? [] : right.split(':');
  const missing = 8 - tailGroups - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...rightGroups];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(parseInt(group, 16));
  return (value << BigInt(tailGroups * 16)) | tail;
}

/** An IPv4 or IPv6 address as 128 bits; IPv4 and IPv4-mapped IPv6 give the same number. Undefined if not an address. */
export function addressToBigint(text: string): bigint | undefined {
  const address = text.replace(/%.*$/, ''); // a zone (fe80::1%eth0) names an interface, not address bits
  switch (isIP(address)) {
    case 4:
      return mappedBase | ipv4ToBigint(address);
    case 6:
      return ipv6ToBigint(address);
    default:
      return undefined;
  }
}

function maskOf(prefix: number): bigint {
  return prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix);
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (`127.0.0.1` = /32, `::1` = /128). Host bits must be zero. */
export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) throw new UsageError(`bad CIDR '${text}': more than one '/'`);
  const family = isIP(address);
  if (family === 0) throw new UsageError(`bad CIDR '${text}': '${address}' is not an IPv4 or IPv6 address`);
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      throw new UsageError(`bad CIDR '${text}': the prefix length must be 0 to ${bits}`);
    }
    prefix = Number(prefixText);
  }
  const network = addressToBigint(address)!;
  const prefix128 = family === 4 ? prefix + 96 : prefix;
  if ((network & ~maskOf(prefix128)) !== 0n) {
    throw new UsageError(`bad CIDR '${text}': host bits are set after /${prefix} (did you mean ${formatNetwork(network & maskOf(prefix128), family === 4 ? 4 : 6)}/${prefix}?)`);
  }
  return { text: text.trim(), network, prefix: prefix128 };
}

function formatNetwork(value: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt((7 - i) * 16)) & 0xffffn).toString(16));
  // RFC 5952 §4.2: the longest run of two or more zero groups becomes '::'.
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length++;
    if (length > best.length) best = { start, length };
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** True when `address` (IPv4, IPv6, or IPv4-mapped IPv6 as a dual-stack socket reports it) is inside `cidr`. */
export function cidrContains(cidr: Cidr, address: string): boolean {
  const value = addressToBigint(address);
  return value !== undefined && (value & maskOf(cidr.prefix)) === cidr.network;
}

/** An empty list allows everyone; otherwise the address must be in one of the blocks. */
export function isAllowed(allow: readonly Cidr[], address: string): boolean {
  return allow.length === 0 || allow.some((cidr) => cidrContains(cidr, address));
}

