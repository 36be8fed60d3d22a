/** Named packets, each built field by field, that the decoder tests and the tcpdump oracle share. */
import { arp, dns, ednsOpt, ethernet, icmp, ipv4, ipv6, tcp, udp } from './packets.js';

export interface CorpusPacket {
  readonly name: string;
  readonly linkType: number;
  readonly data: Buffer;
}

const e4 = (payload: Buffer, vlan?: number) => ethernet(0x0800, payload, { vlan });
const e6 = (payload: Buffer) => ethernet(0x86dd, payload);
const syn = { sport: 40000, dport: 9000, seq: 1000, flags: 0x02, options: [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7] };
const quotedUdp = ipv4({ protocol: 17, src: '10.0.0.2', dst: '10.0.0.9' }, udp(5000, 7777, Buffer.from('hi')));

export const corpus: readonly CorpusPacket[] = [
  { name: 'ARP request', linkType: 1, data: ethernet(0x0806, arp(1, '02:00:00:00:00:01', '10.0.0.1', '00:00:00:00:00:00', '10.0.0.2'), { dst: 'ff:ff:ff:ff:ff:ff' }) },
  { name: 'ARP reply', linkType: 1, data: ethernet(0x0806, arp(2, '02:00:00:00:00:02', '10.0.0.2', '02:00:00:00:00:01', '10.0.0.1')) },
  { name: 'UDP in a VLAN tag', linkType: 1, data: e4(ipv4({ protocol: 17 }, udp(1234, 5678, Buffer.from('hello'))), 42) },
  { name: 'IPv4 with router-alert and NOP options', linkType: 1, data: e4(ipv4({ protocol: 17, options: [148, 4, 0, 0, 1, 1, 1, 0] }, udp(1, 2, Buffer.from('x')))) },
  { name: 'TCP SYN with mss, sackOK, TS, nop, wscale', linkType: 1, data: e4(ipv4({ protocol: 6 }, tcp(syn))) },
  { name: 'TCP SYN-ACK', linkType: 1, data: e4(ipv4({ protocol: 6, src: '10.0.0.2', dst: '10.0.0.1' }, tcp({ sport: 9000, dport: 40000, seq: 5000, ack: 1001, flags: 0x12, options: [2, 4, 0x05, 0xb4] }))) },
  { name: 'TCP ACK (relative numbers from here)', linkType: 1, data: e4(ipv4({ protocol: 6 }, tcp({ sport: 40000, dport: 9000, seq: 1001, ack: 5001, flags: 0x10 }))) },
  { name: 'TCP PSH-ACK with data', linkType: 1, data: e4(ipv4({ protocol: 6 }, tcp({ sport: 40000, dport: 9000, seq: 1001, ack: 5001, flags: 0x18 }, Buffer.from('GET /\r\n')))) },
  { name: 'TCP ACK with SACK blocks', linkType: 1, data: e4(ipv4({ protocol: 6, src: '10.0.0.2', dst: '10.0.0.1' }, tcp({ sport: 9000, dport: 40000, seq: 5001, ack: 1008, flags: 0x10, options: [1, 1, 5, 10, 0, 0, 0x03, 0xf9, 0, 0, 0x04, 0x01] }))) },
  { name: 'TCP URG with ECE and CWR', linkType: 1, data: e4(ipv4({ protocol: 6 }, tcp({ sport: 40000, dport: 9000, seq: 1008, ack: 5001, flags: 0xf8, urgent: 3 }, Buffer.from('abc')))) },
  { name: 'TCP FIN-ACK', linkType: 1, data: e4(ipv4({ protocol: 6 }, tcp({ sport: 40000, dport: 9000, seq: 1011, ack: 5001, flags: 0x11 }))) },
  { name: 'TCP RST', linkType: 1, data: e4(ipv4({ protocol: 6, src: '10.0.0.2', dst: '10.0.0.1' }, tcp({ sport: 9000, dport: 40000, seq: 5001, flags: 0x04 }))) },
  { name: 'IPv4 first fragment (MF) of UDP', linkType: 1, data: e4(ipv4({ protocol: 17, id: 77, flags: 1 }, udp(1111, 2222, Buffer.alloc(24)).subarray(0, 24))) },
  { name: 'IPv4 later fragment', linkType: 1, data: e4(ipv4({ protocol: 17, id: 77, flags: 0, fragmentOffset: 24 }, Buffer.alloc(8))) },
  { name: 'ICMP echo request', linkType: 1, data: e4(ipv4({ protocol: 1 }, icmp(8, 0, [0, 7, 0, 1], Buffer.from('pingpong')))) },
  { name: 'ICMP port unreachable quoting UDP', linkType: 1, data: e4(ipv4({ protocol: 1, src: '10.0.0.9', dst: '10.0.0.2' }, icmp(3, 3, [0, 0, 0, 0], quotedUdp))) },
  { name: 'ICMP time exceeded', linkType: 1, data: e4(ipv4({ protocol: 1, src: '10.0.0.254', dst: '10.0.0.2' }, icmp(11, 0, [0, 0, 0, 0], quotedUdp))) },
  { name: 'IPv6 UDP', linkType: 1, data: e6(ipv6({ protocol: 17 }, udp(5460, 5470, Buffer.from('dhcp')))) },
  { name: 'IPv6 hop-by-hop then ICMPv6 echo', linkType: 1, data: e6(ipv6({ protocol: 58, extensions: [[0, [5, 2, 0, 0, 1, 0]]] }, icmp(128, 0, [0, 9, 0, 2], Buffer.from('v6')))) },
  { name: 'IPv6 destination options then TCP SYN', linkType: 1, data: e6(ipv6({ protocol: 6, extensions: [[60, [1, 4, 0, 0, 0, 0]]] }, tcp({ ...syn, options: [] }))) },
  { name: 'IPv6 first fragment of UDP', linkType: 1, data: e6(ipv6({ protocol: 17, extensions: [[44, [0, 1, 0, 0, 0, 5]]] }, udp(3333, 4444, Buffer.alloc(16)))) },
  { name: 'IPv6 later fragment', linkType: 1, data: e6(ipv6({ protocol: 17, extensions: [[44, [0, 0x18, 0, 0, 0, 5]]] }, Buffer.alloc(8))) },
  { name: 'ICMPv6 neighbor solicitation', linkType: 1, data: e6(ipv6({ protocol: 58, dst: 'ff02::1:ff00:2', hopLimit: 255 }, icmp(135, 0, [0, 0, 0, 0], Buffer.from([0xfd, 0, ...Array(13).fill(0), 2])))) },
  { name: 'ICMPv6 neighbor advertisement', linkType: 1, data: e6(ipv6({ protocol: 58, src: 'fd00::2', dst: 'fd00::1', hopLimit: 255 }, icmp(136, 0, [0x60, 0, 0, 0], Buffer.from([0xfd, 0, ...Array(13).fill(0), 2])))) },
  { name: 'ICMPv6 port unreachable', linkType: 1, data: e6(ipv6({ protocol: 58, src: 'fd00::2', dst: 'fd00::1' }, icmp(1, 4, [0, 0, 0, 0], ipv6({ protocol: 17, src: 'fd00::1', dst: 'fd00::2' }, udp(5000, 6000, Buffer.from('q')))))) },
  { name: 'DNS query with EDNS', linkType: 1, data: e4(ipv4({ protocol: 17 }, udp(33000, 53, dns({ id: 4660, flags: 0x0100, name: 'example.com', additional: ednsOpt })))) },
  { name: 'DNS response with two A records', linkType: 1, data: e4(ipv4({ protocol: 17, src: '10.0.0.2', dst: '10.0.0.1' }, udp(53, 33000, dns({ id: 4660, flags: 0x8180, name: 'example.com', answers: ['192.0.2.1', '192.0.2.2'] })))) },
  { name: 'DNS NXDOMAIN, authoritative', linkType: 1, data: e4(ipv4({ protocol: 17, src: '10.0.0.2', dst: '10.0.0.1' }, udp(53, 33000, dns({ id: 7, flags: 0x8583, name: 'nope.example' })))) },
  { name: 'DNS AAAA query over TCP', linkType: 1, data: e4(ipv4({ protocol: 6 }, tcp({ sport: 41000, dport: 53, seq: 1, ack: 1, flags: 0x18 }, (() => { const m = dns({ id: 9, flags: 0x0100, name: 'example.org', type: 28 }); return Buffer.concat([Buffer.from([0, m.length]), m]); })()))) },
  { name: 'unknown EtherType', linkType: 1, data: ethernet(0x88b5, Buffer.alloc(46)) },
  { name: 'raw IP (LINKTYPE_RAW) UDP', linkType: 101, data: ipv4({ protocol: 17 }, udp(7, 9, Buffer.from('raw'))) },
  { name: 'BSD loopback (LINKTYPE_NULL) IPv6 UDP', linkType: 0, data: Buffer.concat([Buffer.from([30, 0, 0, 0]), ipv6({ protocol: 17, src: '::1', dst: '::1' }, udp(1000, 2000, Buffer.from('lo')))]) },
];
