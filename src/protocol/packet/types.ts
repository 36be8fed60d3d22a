/** What a decoded packet holds, layer by layer, as readonly tagged unions. Pure types, no code but constants. */

/** Link-layer header types (LINKTYPE_*, tcpdump.org/linktypes.html) that the decoders know. */
export const LinkType = {
  Null: 0,
  Ethernet: 1,
  Raw: 101,
  Loop: 108,
  LinuxSll: 113,
  Ipv4: 228,
  Ipv6: 229,
  LinuxSll2: 276,
} as const;

/** Which way a packet went, as Linux's packet socket says (PACKET_HOST ... PACKET_OUTGOING). */
export type Direction = 'in' | 'out' | 'broadcast' | 'multicast' | 'other-host';

export type Link =
  | { readonly kind: 'ethernet'; readonly src: string; readonly dst: string; readonly vlans: readonly number[] }
  /** Linux cooked capture v1 (`-i any` before libpcap 1.10): direction and the sender's address, no interface. */
  | { readonly kind: 'sll'; readonly direction: Direction | undefined; readonly address: string }
  /** Linux cooked capture v2: adds the interface index. */
  | { readonly kind: 'sll2'; readonly direction: Direction | undefined; readonly address: string; readonly ifindex: number }
  /** BSD loopback / null: a 4-byte address family in the capturing host's (or network) byte order. */
  | { readonly kind: 'loopback'; readonly family: number }
  | { readonly kind: 'raw' }
  | { readonly kind: 'unknown'; readonly linkType: number };

export interface Ipv4 {
  readonly kind: 'ipv4';
  readonly src: string;
  readonly dst: string;
  readonly tos: number;
  readonly ttl: number;
  readonly id: number;
  readonly protocol: number;
  readonly totalLength: number;
  readonly headerLength: number;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
  /** In bytes (the field counts 8-byte units). */
  readonly fragmentOffset: number;
  /** Option names in order (RFC 791 §3.1): `rr`, `ts`, `lsrr`, `ssrr`, `ra`, `nop`, `eol`, `opt-N`. */
  readonly options: readonly string[];
}

export interface Ipv6 {
  readonly kind: 'ipv6';
  readonly src: string;
  readonly dst: string;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly hopLimit: number;
  readonly payloadLength: number;
  /** The protocol after the extension headers (6 TCP, 17 UDP, 58 ICMPv6, 59 none). */
  readonly protocol: number;
  /** Extension headers in order, by tcpdump's names: HBH, DSTOPT, srcrt, frag, AH, mobility. */
  readonly extensions: readonly string[];
  readonly fragment: { readonly offset: number; readonly more: boolean; readonly id: number } | undefined;
}

export interface Arp {
  readonly kind: 'arp';
  /** 1 request, 2 reply (RFC 826); 3/4 RARP. */
  readonly operation: number;
  readonly hardwareType: number;
  readonly protocolType: number;
  readonly senderHardware: string;
  readonly senderProtocol: string;
  readonly targetHardware: string;
  readonly targetProtocol: string;
}

export type Network = Ipv4 | Ipv6 | Arp | { readonly kind: 'other'; readonly etherType: number };

export type TcpOption =
  | { readonly kind: 'mss'; readonly value: number }
  | { readonly kind: 'wscale'; readonly value: number }
  | { readonly kind: 'sackOK' }
  | { readonly kind: 'sack'; readonly blocks: readonly (readonly [number, number])[] }
  | { readonly kind: 'timestamp'; readonly value: number; readonly echo: number }
  | { readonly kind: 'nop' }
  | { readonly kind: 'eol' }
  | { readonly kind: 'other'; readonly code: number; readonly length: number };

export interface Tcp {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly ack: number;
  /** The nine flag bits: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80 AE 0x100. */
  readonly flags: number;
  readonly window: number;
  readonly urgent: number;
  readonly headerLength: number;
  readonly options: readonly TcpOption[];
  /** Payload bytes the IP header says there are (more than were captured when the snapshot cut it). */
  readonly payloadLength: number;
}

export interface Udp {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  /** The UDP length field: header plus payload. */
  readonly length: number;
  readonly payloadLength: number;
}

export interface Icmp {
  readonly kind: 'icmp';
  readonly version: 4 | 6;
  readonly type: number;
  readonly code: number;
  /** Echo request/reply identifier and sequence. */
  readonly echo: { readonly id: number; readonly sequence: number } | undefined;
  /** For errors: the start of the datagram that caused it, as decoded as it goes. */
  readonly quoted: QuotedDatagram | undefined;
  /** Neighbor solicitation/advertisement (RFC 4861 §4.3, §4.4): the address asked or told about. */
  readonly target: string | undefined;
  /** ICMP bytes: header and body, as the IP header counts them. */
  readonly length: number;
}

export interface QuotedDatagram {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  readonly sport: number | undefined;
  readonly dport: number | undefined;
}

export type Transport =
  | Tcp
  | Udp
  | Icmp
  /** A protocol the decoders do not read, or a fragment after the first (no transport header in it). */
  | { readonly kind: 'other'; readonly protocol: number; readonly length: number; readonly fragment: boolean };

export interface DnsSummary {
  readonly id: number;
  readonly response: boolean;
  /** tcpdump's words after the ID: `+` (RD) for queries; `*`, `-`, `|`, ` NXDomain` for responses. */
  readonly text: string;
}

export interface DecodedPacket {
  readonly link: Link;
  readonly network: Network | undefined;
  readonly transport: Transport | undefined;
  readonly dns: DnsSummary | undefined;
  /** Bytes after the IP header and its extensions, as the IP header says (0 without IP). */
  readonly ipPayloadLength: number;
  /** Why decoding stopped early: a truncated header (snapshot length or a short packet) or an impossible field. */
  readonly problem: string | undefined;
}

/** One packet as a capture (live or a file) hands it over. */
export interface CapturedPacket {
  readonly linkType: number;
  /** Seconds since the epoch. */
  readonly seconds: number;
  /** Nanoseconds past the second. */
  readonly nanos: number;
  /** Bytes on the wire; `data` holds fewer when the snapshot length cut it. */
  readonly length: number;
  readonly data: Uint8Array;
  /** The interface a pcapng file names for it. */
  readonly interfaceName?: string;
}
