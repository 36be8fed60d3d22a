/** IPv4 (RFC 791, options and fragments) and IPv6 (RFC 8200, extension headers) headers. Pure: bytes in, fields out. */
import { formatIPv6Bytes } from '../ipv6.js';
import type { Ipv4, Ipv6 } from './types.js';

export interface IpResult<N> {
  readonly network: N | undefined;
  /** Where the transport header starts. */
  readonly offset: number;
  /** Transport bytes the header says follow (the snapshot may hold fewer). */
  readonly payloadLength: number;
  /** A fragment after the first: it carries no transport header. */
  readonly laterFragment: boolean;
  readonly problem?: string;
}

export const IpProtocol = { Icmp: 1, Tcp: 6, Udp: 17, Icmpv6: 58, NoNext: 59 } as const;

export function formatIpv4(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

export function formatIpv6At(bytes: Uint8Array, at: number): string {
  return formatIPv6Bytes(bytes.subarray(at, at + 16));
}

const optionNames: Readonly<Record<number, string>> = { 7: 'rr', 68: 'ts', 130: 'security', 131: 'lsrr', 137: 'ssrr', 148: 'ra' };

/** RFC 791 §3.1: EOL and NOP are one byte; every other option has a length byte that counts the type and itself. */
function ipv4Options(bytes: Uint8Array, start: number, end: number): { readonly names: string[]; readonly problem?: string } {
  const names: string[] = [];
  for (let at = start; at < end; ) {
    const type = bytes[at]!;
    if (type === 0) {
      names.push('eol');
      break;
    }
    if (type === 1) {
      names.push('nop');
      at++;
      continue;
    }
    const length = bytes[at + 1];
    if (length === undefined || length < 2 || at + length > end) return { names, problem: `bad IPv4 option ${type} length` };
    names.push(optionNames[type] ?? `opt-${type}`);
    at += length;
  }
  return { names };
}

const fail = <N>(problem: string, offset: number): IpResult<N> => ({ network: undefined, offset, payloadLength: 0, laterFragment: false, problem });

export function decodeIpv4(bytes: Uint8Array, start: number): IpResult<Ipv4> {
  const have = bytes.length - start;
  if (have < 20) return fail(`truncated IPv4 header (${have} of 20 bytes)`, start);
  const version = bytes[start]! >> 4;
  if (version !== 4) return fail(`IP version ${version} where 4 was announced`, start);
  const headerLength = (bytes[start]! & 0x0f) * 4;
  if (headerLength < 20) return fail(`bad IPv4 header length ${headerLength}`, start);
  if (have < headerLength) return fail(`truncated IPv4 header (${have} of ${headerLength} bytes)`, start);
  const totalLength = (bytes[start + 2]! << 8) | bytes[start + 3]!;
  const fragmentWord = (bytes[start + 6]! << 8) | bytes[start + 7]!;
  const options = ipv4Options(bytes, start + 20, start + headerLength);
  const network: Ipv4 = {
    kind: 'ipv4',
    src: formatIpv4(bytes, start + 12),
    dst: formatIpv4(bytes, start + 16),
    tos: bytes[start + 1]!,
    ttl: bytes[start + 8]!,
    id: (bytes[start + 4]! << 8) | bytes[start + 5]!,
    protocol: bytes[start + 9]!,
    totalLength,
    headerLength,
    dontFragment: (fragmentWord & 0x4000) !== 0,
    moreFragments: (fragmentWord & 0x2000) !== 0,
    fragmentOffset: (fragmentWord & 0x1fff) * 8,
    options: options.names,
  };
  // TCP segmentation offload hands the capture a 0 total length; tcpdump then trusts the captured length.
  const length = totalLength === 0 ? have : totalLength;
  if (length < headerLength) return { network, offset: start + headerLength, payloadLength: 0, laterFragment: false, problem: `IPv4 total length ${totalLength} < header length ${headerLength}` };
  return {
    network,
    offset: start + headerLength,
    payloadLength: length - headerLength,
    laterFragment: network.fragmentOffset !== 0,
    ...(options.problem ? { problem: options.problem } : {}),
  };
}

/** Extension headers by next-header value, with tcpdump's names (RFC 8200 §4). */
const extensionNames: Readonly<Record<number, string>> = { 0: 'HBH', 43: 'srcrt', 44: 'frag', 51: 'AH', 60: 'DSTOPT', 135: 'mobility' };

export function decodeIpv6(bytes: Uint8Array, start: number): IpResult<Ipv6> {
  const have = bytes.length - start;
  if (have < 40) return fail(`truncated IPv6 header (${have} of 40 bytes)`, start);
  const version = bytes[start]! >> 4;
  if (version !== 6) return fail(`IP version ${version} where 6 was announced`, start);
  const payloadLength = (bytes[start + 4]! << 8) | bytes[start + 5]!;
  const extensions: string[] = [];
  let fragment: Ipv6['fragment'];
  let protocol = bytes[start + 6]!;
  let at = start + 40;
  let problem: string | undefined;
  for (;;) {
    const name = extensionNames[protocol];
    if (name === undefined) break;
    if (bytes.length < at + 8) {
      problem = `truncated IPv6 ${name} header`;
      break;
    }
    extensions.push(name);
    const next = bytes[at]!;
    let length: number;
    if (protocol === 44) {
      const word = (bytes[at + 2]! << 8) | bytes[at + 3]!;
      const id = ((bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!) >>> 0;
      fragment = { offset: word & 0xfff8, more: (word & 1) !== 0, id };
      length = 8;
    } else if (protocol === 51) {
      length = (bytes[at + 1]! + 2) * 4;
    } else {
      length = (bytes[at + 1]! + 1) * 8;
    }
    protocol = next;
    at += length;
    // A fragment after the first carries the rest of the chain's data, not headers.
    if (fragment && fragment.offset !== 0) break;
  }
  const network: Ipv6 = {
    kind: 'ipv6',
    src: formatIpv6At(bytes, start + 8),
    dst: formatIpv6At(bytes, start + 24),
    trafficClass: ((bytes[start]! & 0x0f) << 4) | (bytes[start + 1]! >> 4),
    flowLabel: ((bytes[start + 1]! & 0x0f) << 16) | (bytes[start + 2]! << 8) | bytes[start + 3]!,
    hopLimit: bytes[start + 7]!,
    payloadLength,
    protocol,
    extensions,
    fragment,
  };
  const remaining = start + 40 + (payloadLength === 0 ? have - 40 : payloadLength) - at;
  if (remaining < 0 && !problem) problem = `IPv6 extension headers run past the payload length ${payloadLength}`;
  return { network, offset: at, payloadLength: Math.max(remaining, 0), laterFragment: fragment !== undefined && fragment.offset !== 0, ...(problem ? { problem } : {}) };
}
