/** One captured packet decoded layer by layer; a truncated or malformed layer ends decoding with a `problem`, never a throw. Pure. */
import { decodeArp } from './arp.js';
import { summariseDns } from './dns-summary.js';
import { decodeIcmp } from './icmp.js';
import { decodeIpv4, decodeIpv6, IpProtocol, type IpResult } from './ip.js';
import { decodeLink, EtherType } from './link.js';
import { decodeTcp, decodeUdp } from './transport.js';
import type { DecodedPacket, DnsSummary, Ipv4, Ipv6, Link, Network, Transport } from './types.js';

const dnsPort = 53;

function packet(link: Link, network: Network | undefined, transport: Transport | undefined, dns: DnsSummary | undefined, problem: string | undefined, ipPayloadLength = 0): DecodedPacket {
  return { link, network, transport, dns, ipPayloadLength, problem };
}

function dnsIn(payload: Uint8Array, overTcp: boolean): { dns?: DnsSummary; problem?: string } {
  // Over TCP each message has a two-byte length in front (RFC 1035 §4.2.2); only a whole one is read.
  const message = overTcp ? payload.subarray(2, 2 + ((payload[0]! << 8) | payload[1]!)) : payload;
  if (overTcp && (payload.length < 2 || message.length < ((payload[0]! << 8) | payload[1]!))) return {};
  const summary = summariseDns(message);
  return 'problem' in summary ? { problem: summary.problem } : { dns: summary };
}

function transportOf(bytes: Uint8Array, link: Link, ip: IpResult<Ipv4 | Ipv6>, network: Ipv4 | Ipv6, problem: string | undefined): DecodedPacket {
  const { offset, payloadLength } = ip;
  const protocol = network.protocol;
  if (ip.laterFragment) return packet(link, network, { kind: 'other', protocol, length: payloadLength, fragment: true }, undefined, problem, payloadLength);
  // Bytes past the IP length are link padding (Ethernet pads to 60), not payload.
  const segment = bytes.subarray(0, Math.min(bytes.length, offset + payloadLength));
  switch (protocol) {
    case IpProtocol.Tcp: {
      const tcp = decodeTcp(segment, offset, payloadLength);
      const t = tcp.transport;
      let more: { dns?: DnsSummary; problem?: string } = {};
      if (t && !tcp.problem && t.payloadLength > 0 && (t.sport === dnsPort || t.dport === dnsPort)) more = dnsIn(segment.subarray(tcp.offset), true);
      return packet(link, network, t, more.dns, problem ?? tcp.problem ?? more.problem, payloadLength);
    }
    case IpProtocol.Udp: {
      // A first fragment holds only the start of the datagram its UDP length counts.
      const fragmented = network.kind === 'ipv4' ? network.moreFragments : network.fragment !== undefined;
      const udp = decodeUdp(segment, offset, fragmented ? Number.POSITIVE_INFINITY : payloadLength);
      const u = udp.transport;
      let more: { dns?: DnsSummary; problem?: string } = {};
      if (u && !udp.problem && (u.sport === dnsPort || u.dport === dnsPort)) {
        const payload = segment.subarray(udp.offset, offset + u.length);
        more = payload.length < u.payloadLength || fragmented ? {} : dnsIn(payload, false);
      }
      return packet(link, network, u, more.dns, problem ?? udp.problem ?? more.problem, payloadLength);
    }
    case IpProtocol.Icmp:
    case IpProtocol.Icmpv6: {
      if ((protocol === IpProtocol.Icmp) !== (network.kind === 'ipv4')) break;
      const icmp = decodeIcmp(segment, offset, payloadLength, network.kind === 'ipv4' ? 4 : 6);
      return packet(link, network, icmp.transport, undefined, problem ?? icmp.problem, payloadLength);
    }
    default:
      break;
  }
  return packet(link, network, { kind: 'other', protocol, length: payloadLength, fragment: false }, undefined, problem, payloadLength);
}

/** Decodes `bytes` (what was captured of the packet) under link type `linkType`. */
export function decodePacket(linkType: number, bytes: Uint8Array): DecodedPacket {
  const linkResult = decodeLink(linkType, bytes);
  const { link, etherType, offset } = linkResult;
  if (linkResult.problem) return packet(link, undefined, undefined, undefined, linkResult.problem);
  switch (etherType) {
    case EtherType.Ipv4:
    case EtherType.Ipv6: {
      const ip = etherType === EtherType.Ipv4 ? decodeIpv4(bytes, offset) : decodeIpv6(bytes, offset);
      if (!ip.network) return packet(link, undefined, undefined, undefined, ip.problem);
      // A header that is wrong about its own lengths leaves nothing after it worth reading.
      if (ip.problem && ip.payloadLength === 0) return packet(link, ip.network, undefined, undefined, ip.problem, 0);
      return transportOf(bytes, link, ip, ip.network, ip.problem);
    }
    case EtherType.Arp: {
      const arp = decodeArp(bytes, offset);
      return packet(link, arp.network, undefined, undefined, arp.problem);
    }
    case undefined:
      return packet(link, undefined, undefined, undefined, undefined);
    default:
      return packet(link, { kind: 'other', etherType }, undefined, undefined, undefined);
  }
}
