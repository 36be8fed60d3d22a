/** Link-layer headers: Ethernet (with 802.1Q tags), Linux cooked v1/v2, BSD loopback, raw IP. Pure: bytes in, fields out. */
import { LinkType, type Direction, type Link } from './types.js';

export const EtherType = { Ipv4: 0x0800, Arp: 0x0806, Ipv6: 0x86dd, Vlan: 0x8100, QinQ: 0x88a8 } as const;

export interface LinkResult {
  readonly link: Link;
  /** The EtherType of what follows, or undefined when the header says nothing the decoders know. */
  readonly etherType: number | undefined;
  readonly offset: number;
  readonly problem?: string;
}

const directions: readonly Direction[] = ['in', 'broadcast', 'multicast', 'other-host', 'out'];

export function formatMac(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const byte = bytes[start + i]!;
    text += (i ? ':' : '') + (byte < 16 ? '0' : '') + byte.toString(16);
  }
  return text;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

function truncated(link: Link, what: string, need: number, have: number): LinkResult {
  return { link, etherType: undefined, offset: have, problem: `truncated ${what} (${have} of ${need} bytes)` };
}

/** MAC addresses are formatted only when asked for (JSON, an unknown EtherType): a text line of IP never shows them. */
class EthernetLink {
  readonly kind = 'ethernet';
  constructor(
    private readonly bytes: Uint8Array,
    readonly vlans: number[],
  ) {}
  get dst(): string {
    return this.bytes.length >= 6 ? formatMac(this.bytes, 0, 6) : '';
  }
  get src(): string {
    return this.bytes.length >= 12 ? formatMac(this.bytes, 6, 6) : '';
  }
}

function ethernet(bytes: Uint8Array): LinkResult {
  const vlans: number[] = [];
  const link = new EthernetLink(bytes, vlans);
  if (bytes.length < 14) return truncated(link, 'Ethernet header', 14, bytes.length);
  let offset = 12;
  let type = u16(bytes, offset);
  // 802.1Q and 802.1ad tags: TPID, then 12 bits of VLAN ID in the TCI, then the real EtherType.
  while (type === EtherType.Vlan || type === EtherType.QinQ) {
    if (bytes.length < offset + 6) return truncated(link, '802.1Q tag', offset + 6, bytes.length);
    vlans.push(u16(bytes, offset + 2) & 0x0fff);
    offset += 4;
    type = u16(bytes, offset);
  }
  // Below 1536 the field is an 802.3 length, and an LLC header follows.
  return { link, etherType: type >= 0x600 ? type : undefined, offset: offset + 2 };
}

/** Linux cooked v1 (LINKTYPE_LINUX_SLL): packet type, ARPHRD, address length, 8 address bytes, protocol; all big-endian. */
function sll(bytes: Uint8Array): LinkResult {
  if (bytes.length < 16) return truncated({ kind: 'sll', direction: undefined, address: '' }, 'Linux cooked header', 16, bytes.length);
  const addressLength = Math.min(u16(bytes, 4), 8);
  const link: Link = { kind: 'sll', direction: directions[u16(bytes, 0)], address: formatMac(bytes, 6, addressLength) };
  return { link, etherType: u16(bytes, 14), offset: 16 };
}

/** Linux cooked v2 (LINKTYPE_LINUX_SLL2): protocol, reserved, interface index, ARPHRD, packet type, address length, address. */
function sll2(bytes: Uint8Array): LinkResult {
  if (bytes.length < 20) return truncated({ kind: 'sll2', direction: undefined, address: '', ifindex: 0 }, 'Linux cooked v2 header', 20, bytes.length);
  const ifindex = ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!) >>> 0;
  const link: Link = { kind: 'sll2', direction: directions[bytes[10]!], address: formatMac(bytes, 12, Math.min(bytes[11]!, 8)), ifindex };
  return { link, etherType: u16(bytes, 0), offset: 20 };
}

/**
 * BSD loopback: the AF_ value in the capturing host's byte order (LINKTYPE_NULL) or network order
 * (LINKTYPE_LOOP). Either way one of its ends is zero, which tells the order. IPv6's AF_INET6 differs
 * by system: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS.
 */
function loopback(bytes: Uint8Array): LinkResult {
  if (bytes.length < 4) return truncated({ kind: 'loopback', family: 0 }, 'loopback header', 4, bytes.length);
  const big = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const little = ((bytes[3]! << 24) | (bytes[2]! << 16) | (bytes[1]! << 8) | bytes[0]!) >>> 0;
  const family = big < 0x10000 ? big : little;
  const etherType = family === 2 ? EtherType.Ipv4 : [10, 24, 28, 30].includes(family) ? EtherType.Ipv6 : undefined;
  return { link: { kind: 'loopback', family }, etherType, offset: 4 };
}

/** Raw IP: the version nibble says which. */
function raw(bytes: Uint8Array, linkType: number): LinkResult {
  const link: Link = { kind: 'raw' };
  if (linkType === LinkType.Ipv4) return { link, etherType: EtherType.Ipv4, offset: 0 };
  if (linkType === LinkType.Ipv6) return { link, etherType: EtherType.Ipv6, offset: 0 };
  if (bytes.length < 1) return truncated(link, 'IP header', 1, 0);
  const version = bytes[0]! >> 4;
  return { link, etherType: version === 4 ? EtherType.Ipv4 : version === 6 ? EtherType.Ipv6 : undefined, offset: 0 };
}

export function decodeLink(linkType: number, bytes: Uint8Array): LinkResult {
  switch (linkType) {
    case LinkType.Ethernet:
      return ethernet(bytes);
    case LinkType.LinuxSll:
      return sll(bytes);
    case LinkType.LinuxSll2:
      return sll2(bytes);
    case LinkType.Null:
    case LinkType.Loop:
      return loopback(bytes);
    case LinkType.Raw:
    case LinkType.Ipv4:
    case LinkType.Ipv6:
      return raw(bytes, linkType);
    default:
      return { link: { kind: 'unknown', linkType }, etherType: undefined, offset: 0 };
  }
}

/** tcpdump's names for link types, for `reading from file ..., link-type EN10MB (Ethernet)`. */
export function linkTypeName(linkType: number): string {
  switch (linkType) {
    case LinkType.Null: return 'NULL (BSD loopback)';
    case LinkType.Ethernet: return 'EN10MB (Ethernet)';
    case LinkType.Raw: return 'RAW (Raw IP)';
    case LinkType.Loop: return 'LOOP (OpenBSD loopback)';
    case LinkType.LinuxSll: return 'LINUX_SLL (Linux cooked v1)';
    case LinkType.Ipv4: return 'IPV4 (Raw IPv4)';
    case LinkType.Ipv6: return 'IPV6 (Raw IPv6)';
    case LinkType.LinuxSll2: return 'LINUX_SLL2 (Linux cooked v2)';
    default: return `${linkType} (not decoded)`;
  }
}
