/** A decoded packet as the fields a line and a JSON record share: protocol, ends, flags, tcpdump-style summary. Pure. */
import { IpProtocol } from './ip.js';
import { formatTcp, formatTcpFlags, type TcpSequences } from './tcp-text.js';
import type { Arp, DecodedPacket, Icmp, Ipv4, Ipv6, Link } from './types.js';

export interface PacketView {
  /** `tcp`, `udp`, `icmp`, `icmp6`, `arp`, `ip` / `ip6` (another protocol over IP), `ether`, `unknown`. */
  readonly proto: string;
  /** tcpdump's word for the network layer: `IP`, `IP6`, `ARP`, or '' when there is none. */
  readonly family: string;
  readonly src: string | undefined;
  readonly dst: string | undefined;
  readonly sport: number | undefined;
  readonly dport: number | undefined;
  /** TCP flags as tcpdump writes them (`S.`), for TCP only. */
  readonly flags: string | undefined;
  /** The ports are in the summary (after IPv6 extension headers), not on the addresses. */
  readonly portsInSummary: boolean;
  /** The text after `src > dst: `. */
  readonly summary: string;
}

const protocolNames: Readonly<Record<number, string>> = { 1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'icmp6', 89: 'ospf', 132: 'sctp' };

function icmpUnreachable(icmp: Icmp): string {
  const q = icmp.quoted;
  const dst = q?.dst ?? '?';
  const proto = q ? (protocolNames[q.protocol] ?? `ip-proto-${q.protocol}`) : '?';
  switch (icmp.code) {
    case 0:
      return `net ${dst} unreachable`;
    case 1:
      return `host ${dst} unreachable`;
    case 2:
      return `${dst} protocol ${q?.protocol ?? '?'} unreachable`;
    case 3:
      return `${dst} ${proto} port ${q?.dport ?? '?'} unreachable`;
    case 4:
      return `${dst} unreachable - need to frag`;
    case 13:
      return `host ${dst} unreachable - admin prohibited filter`;
    default:
      return `${dst} unreachable - code ${icmp.code}`;
  }
}

function icmpText(icmp: Icmp): string {
  const echo = icmp.echo ? `, id ${icmp.echo.id}, seq ${icmp.echo.sequence}` : '';
  if (icmp.version === 4) {
    switch (icmp.type) {
      case 0:
        return `ICMP echo reply${echo}, length ${icmp.length}`;
      case 8:
        return `ICMP echo request${echo}, length ${icmp.length}`;
      case 3:
        return `ICMP ${icmpUnreachable(icmp)}, length ${icmp.length}`;
      case 11:
        return `ICMP time exceeded in-transit, length ${icmp.length}`;
      default:
        return `ICMP type-#${icmp.type}, length ${icmp.length}`;
    }
  }
  const q = icmp.quoted;
  switch (icmp.type) {
    case 128:
      return `ICMP6, echo request${echo}, length ${icmp.length}`;
    case 129:
      return `ICMP6, echo reply${echo}, length ${icmp.length}`;
    case 1: {
      const proto = q ? (protocolNames[q.protocol] ?? `ip-proto-${q.protocol}`) : '?';
      const why = icmp.code === 4 ? `unreachable port, ${q?.dst ?? '?'} ${proto} port ${q?.dport ?? '?'}` : icmp.code === 3 ? `unreachable address ${q?.dst ?? '?'}` : icmp.code === 0 ? `no route to ${q?.dst ?? '?'}` : `code ${icmp.code}`;
      return `ICMP6, destination unreachable, ${why}, length ${icmp.length}`;
    }
    case 2:
      return `ICMP6, packet too big, length ${icmp.length}`;
    case 3:
      return `ICMP6, time exceeded in-transit, length ${icmp.length}`;
    case 133:
      return `ICMP6, router solicitation, length ${icmp.length}`;
    case 134:
      return `ICMP6, router advertisement, length ${icmp.length}`;
    case 135:
      return `ICMP6, neighbor solicitation, who has ${icmp.target ?? '?'}, length ${icmp.length}`;
    case 136:
      return `ICMP6, neighbor advertisement, tgt is ${icmp.target ?? '?'}, length ${icmp.length}`;
    default:
      return `ICMP6, type-#${icmp.type}, length ${icmp.length}`;
  }
}

function arpText(arp: Arp, length: number): string {
  switch (arp.operation) {
    case 1:
      return `ARP, Request who-has ${arp.targetProtocol} tell ${arp.senderProtocol}, length ${length}`;
    case 2:
      return `ARP, Reply ${arp.senderProtocol} is-at ${arp.senderHardware}, length ${length}`;
    default:
      return `ARP, op ${arp.operation}, length ${length}`;
  }
}

const none = { src: undefined, dst: undefined, sport: undefined, dport: undefined, flags: undefined, portsInSummary: false };

/** tcpdump's words for IPv6 extension headers: `HBH`, `DSTOPT`, and `frag (offset|length)`. */
function extensionText(network: Ipv6, payloadLength: number): string {
  return network.extensions.map((name) => (name === 'frag' && network.fragment ? `frag (${network.fragment.offset}|${payloadLength})` : name)).join(' ');
}

function ipView(decoded: DecodedPacket, network: Ipv4 | Ipv6, ipPayloadLength: number, sequences: TcpSequences): PacketView {
  const family = network.kind === 'ipv4' ? 'IP' : 'IP6';
  const { src, dst } = network;
  const transport = decoded.transport;
  const problem = decoded.problem ? ` [${decoded.problem}]` : '';
  const extensions = network.kind === 'ipv6' && network.extensions.length ? extensionText(network, ipPayloadLength) : '';
  const ends = { src, dst, sport: undefined, dport: undefined, flags: undefined, portsInSummary: false };
  // After IPv6 extension headers tcpdump moves the ports behind them: `IP6 a > b: DSTOPT 40000 > 80: Flags [S]`.
  const withPorts = (sport: number, dport: number, text: string) => (extensions ? `${extensions} ${sport} > ${dport}: ${text}` : text);
  const withExtensions = (text: string) => (extensions ? `${extensions} ${text}` : text);
  if (!transport) {
    const proto = protocolNames[network.protocol] ?? (network.kind === 'ipv4' ? 'ip' : 'ip6');
    return { proto, family, ...ends, summary: withExtensions(problem.trim() || `ip-proto-${network.protocol}`) };
  }
  const portsInSummary = extensions !== '';
  switch (transport.kind) {
    case 'tcp': {
      const text = formatTcp(transport, sequences.relative(src, dst, transport));
      // tcpdump puts DNS over TCP after the length with a space, not the colon other payloads get.
      const dns = decoded.dns ? ` ${decoded.dns.text}` : '';
      const summary = withPorts(transport.sport, transport.dport, `${text}${dns}${problem}`);
      return { proto: 'tcp', family, src, dst, sport: transport.sport, dport: transport.dport, flags: formatTcpFlags(transport.flags), portsInSummary, summary };
    }
    case 'udp': {
      const text = decoded.dns ? decoded.dns.text : `UDP, length ${transport.payloadLength}`;
      return { proto: 'udp', family, src, dst, sport: transport.sport, dport: transport.dport, flags: undefined, portsInSummary, summary: withPorts(transport.sport, transport.dport, `${text}${problem}`) };
    }
    case 'icmp':
      return { proto: transport.version === 4 ? 'icmp' : 'icmp6', family, ...ends, summary: withExtensions(`${icmpText(transport)}${problem}`) };
    case 'other': {
      const proto = protocolNames[transport.protocol] ?? (network.kind === 'ipv4' ? 'ip' : 'ip6');
      // A later fragment: tcpdump names only the protocol over IPv4; the frag header says the rest over IPv6.
      if (transport.fragment) return { proto, family, ...ends, summary: extensions ? `${extensions}${problem}` : `ip-proto-${transport.protocol}${problem}` };
      const what = transport.protocol === IpProtocol.NoNext ? 'no next header' : `ip-proto-${transport.protocol} ${transport.length}`;
      return { proto, family, ...ends, summary: withExtensions(`${what}${problem}`) };
    }
  }
}

/**
 * `wireLength` is the whole packet's length on the wire; `networkLength` what follows the link
 * header, as tcpdump counts ARP and unknown types.
 */
export function viewPacket(decoded: DecodedPacket, wireLength: number, networkLength: number, sequences: TcpSequences): PacketView {
  const network = decoded.network;
  const link = decoded.link;
  if (!network) {
    const problem = decoded.problem ? `[${decoded.problem}]` : `${unknownLink(link)}, length ${networkLength}`;
    return { proto: 'unknown', family: '', ...none, summary: problem };
  }
  switch (network.kind) {
    case 'ipv4':
    case 'ipv6':
      return ipView(decoded, network, decoded.ipPayloadLength, sequences);
    case 'arp':
      return { proto: 'arp', family: 'ARP', ...none, src: network.senderProtocol, dst: network.targetProtocol, summary: arpText(network, networkLength) };
    case 'other': {
      const type = `ethertype Unknown (0x${network.etherType.toString(16).padStart(4, '0')})`;
      // tcpdump shows the MAC addresses of a frame it cannot read further, with the frame's whole length.
      const summary = link.kind === 'ethernet' ? `${link.src} > ${link.dst}, ${type}, length ${wireLength}` : `${type}, length ${networkLength}`;
      return { proto: 'ether', family: '', ...none, summary };
    }
  }
}

function unknownLink(link: Link): string {
  return link.kind === 'unknown' ? `link-type ${link.linkType} (not decoded)` : 'no network layer that nettool decodes';
}
