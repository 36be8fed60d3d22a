import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../../../src/protocol/packet/decode.js';
import { describePacket, formatPacketLine, toPacketRecord, type LineContext } from '../../../../src/protocol/packet/line.js';
import { TcpSequences } from '../../../../src/protocol/packet/tcp-text.js';
import { corpus } from '../../../helpers/packet-corpus.js';
import { hex } from '../../../helpers/packets.js';

const context = (): LineContext => ({ sequences: new TcpSequences(), interfaceName: (i) => (i === 1 ? 'lo' : undefined), utcOffsetMinutes: () => 0 });
const at = (linkType: number, data: Uint8Array) => ({ linkType, seconds: 0, nanos: 0, length: data.length, data });

/** Linux cooked v2, then IPv4 and TCP, as `tcpdump -i any` wrote one SYN on lo. */
const cookedSyn = hex(`
  0800 0000 00000001   # SLL2: protocol IPv4, reserved, interface index 1
  0304 00 06           # ARPHRD_LOOPBACK, packet type 0 (to us), address length 6
  000000000000 0000    # address, padded to 8
  45 00 003c e2e1 4000 40 06 5ade 7f000001 7f000001   # IPv4: IHL 5, length 60, DF, TTL 64, TCP
  e03c c9e3 a13a6a54 00000000 a0 02 ffd7 fe30 0000    # TCP: 57404 > 51683, seq, no ack, 40-byte header, SYN, win 65495
  020405b4 0402 080a aa23b8ec 00000000 01 030307      # mss 1460, sackOK, TS, nop, wscale 7
`);

describe('decodePacket: fields', () => {
  it('Linux cooked v2 → IPv4 → TCP SYN with options', () => {
    const decoded = decodePacket(276, cookedSyn);
    expect(decoded.problem).toBeUndefined();
    expect(decoded.link).toEqual({ kind: 'sll2', direction: 'in', address: '00:00:00:00:00:00', ifindex: 1 });
    expect(decoded.network).toMatchObject({ kind: 'ipv4', src: '127.0.0.1', dst: '127.0.0.1', ttl: 64, id: 0xe2e1, dontFragment: true, moreFragments: false, protocol: 6, totalLength: 60 });
    expect(decoded.transport).toMatchObject({
      kind: 'tcp', sport: 57404, dport: 51683, seq: 0xa13a6a54, flags: 0x02, window: 65495, headerLength: 40, payloadLength: 0,
      options: [{ kind: 'mss', value: 1460 }, { kind: 'sackOK' }, { kind: 'timestamp', value: 0xaa23b8ec, echo: 0 }, { kind: 'nop' }, { kind: 'wscale', value: 7 }],
    });
  });

  it('a line and a JSON record from the same view', () => {
    const c = context();
    const packet = at(276, cookedSyn);
    const line = describePacket(packet, c);
    expect(formatPacketLine(packet, line, c)).toBe(
      '00:00:00.000000 lo    In  IP 127.0.0.1.57404 > 127.0.0.1.51683: Flags [S], seq 2704960084, win 65495, options [mss 1460,sackOK,TS val 2854467820 ecr 0,nop,wscale 7], length 0',
    );
    expect(toPacketRecord(packet, line)).toEqual({
      time: '1970-01-01T00:00:00.000000Z', interface: 'lo', direction: 'in', length: 80, captured: 80, proto: 'tcp', src: '127.0.0.1', dst: '127.0.0.1',
      sport: 57404, dport: 51683, flags: 'S', ttl: 64, seq: 2704960084, ack: 0, window: 65495,
      summary: 'Flags [S], seq 2704960084, win 65495, options [mss 1460,sackOK,TS val 2854467820 ecr 0,nop,wscale 7], length 0',
    });
  });

  it('IPv4 options by name, fragments by offset', () => {
    const options = corpus.find((p) => p.name.startsWith('IPv4 with router-alert'))!;
    expect(decodePacket(1, options.data).network).toMatchObject({ options: ['ra', 'nop', 'nop', 'nop', 'eol'], headerLength: 28 });
    const later = corpus.find((p) => p.name === 'IPv4 later fragment')!;
    const decoded = decodePacket(1, later.data);
    expect(decoded.network).toMatchObject({ fragmentOffset: 24, moreFragments: false, id: 77 });
    expect(decoded.transport).toEqual({ kind: 'other', protocol: 17, length: 8, fragment: true });
  });

  it('IPv6 extension headers in order, the protocol after them', () => {
    const frag = corpus.find((p) => p.name === 'IPv6 first fragment of UDP')!;
    expect(decodePacket(1, frag.data).network).toMatchObject({ extensions: ['frag'], protocol: 17, fragment: { offset: 0, more: true, id: 5 } });
    const hbh = corpus.find((p) => p.name.startsWith('IPv6 hop-by-hop'))!;
    expect(decodePacket(1, hbh.data).transport).toMatchObject({ kind: 'icmp', version: 6, type: 128, echo: { id: 9, sequence: 2 } });
  });

  it('VLAN tags, ARP, DNS', () => {
    expect(decodePacket(1, corpus.find((p) => p.name === 'UDP in a VLAN tag')!.data).link).toMatchObject({ kind: 'ethernet', vlans: [42] });
    expect(decodePacket(1, corpus.find((p) => p.name === 'ARP reply')!.data).network).toMatchObject({ operation: 2, senderProtocol: '10.0.0.2', senderHardware: '02:00:00:00:00:02' });
    expect(decodePacket(1, corpus.find((p) => p.name.startsWith('DNS response'))!.data).dns).toEqual({ id: 4660, response: true, text: '4660 2/0/0 A 192.0.2.1, A 192.0.2.2 (61)' });
  });
});

describe('decodePacket: truncated and malformed input is shown, never thrown', () => {
  it.each([
    ['an Ethernet header cut short', 1, hex('0200 0000 0001 02'), 'truncated Ethernet header (7 of 14 bytes)'],
    ['IPv4 header cut at 12 bytes', 101, hex('4500 0030 0001 4000 4006 0000'), 'truncated IPv4 header (12 of 20 bytes)'],
    ['IPv4 header length 16 (IHL 4)', 101, hex('4400 0030 0001 4000 4006 0000 0a000001 0a000002'), 'bad IPv4 header length 16'],
    ['IPv4 total length below its header', 101, hex('4500 0010 0001 4000 4006 0000 0a000001 0a000002'), 'IPv4 total length 16 < header length 20'],
    ['an IPv4 option running past the header', 101, hex('4600 0018 0001 4000 4011 0000 0a000001 0a000002 07 09 0000'), 'bad IPv4 option 7 length'],
    ['TCP cut at 12 bytes', 101, hex('4500 0028 0001 4000 4006 0000 0a000001 0a000002 0001 0002 00000001 00000000'), 'truncated TCP header (12 of 20 bytes)'],
    ['TCP data offset 3 (12 bytes)', 101, hex('4500 0028 0001 4000 4006 0000 0a000001 0a000002 0001 0002 00000001 00000000 3002 ffff 0000 0000'), 'bad TCP header length 12'],
    ['a TCP option with length 0', 101, hex('4500 0030 0001 4000 4006 0000 0a000001 0a000002 0001 0002 00000001 00000000 6002 ffff 0000 0000 0200 0000 0000 0000'), 'bad TCP option 2 length'],
    ['UDP length 4', 101, hex('4500 001c 0001 4000 4011 0000 0a000001 0a000002 0001 0035 0004 0000'), 'bad UDP length 4'],
    ['a DNS message shorter than its header', 101, hex('4500 0020 0001 4000 4011 0000 0a000001 0a000002 0001 0035 000c 0000 1234 0100'), 'truncated DNS header (4 of 12 bytes)'],
    ['IPv6 header cut at 24 bytes', 229, hex('6000 0000 0008 1140 fd000000000000000000000000000001'), 'truncated IPv6 header (24 of 40 bytes)'],
    ['version 6 under an IPv4 EtherType', 228, hex('6000 0000 0008 1140 fd000000000000000000000000000001'), 'IP version 6 where 4 was announced'],
  ])('%s', (_name, linkType, bytes, problem) => {
    const c = context();
    const packet = at(linkType, bytes);
    const line = describePacket(packet, c);
    expect(line.decoded.problem).toBe(problem);
    expect(formatPacketLine(packet, line, c)).toContain(`[${problem}]`);
  });

  it('every prefix of every corpus packet decodes and formats without throwing', () => {
    for (const { linkType, data } of corpus) {
      for (let length = 0; length <= data.length; length++) {
        const c = context();
        const packet = { ...at(linkType, data.subarray(0, length)), length: data.length };
        expect(() => formatPacketLine(packet, describePacket(packet, c), c)).not.toThrow();
      }
    }
  });

  it('random bytes under every link type decode without throwing', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) >>> 16) & 0xff;
    for (let round = 0; round < 1000; round++) {
      const bytes = Uint8Array.from({ length: random() % 120 }, random);
      // Steer the version nibble and protocols towards IPv4/IPv6 often, so the deeper decoders run.
      if (bytes.length > 0 && round % 2 === 0) bytes[0] = round % 4 === 0 ? 0x45 : 0x60;
      for (const linkType of [0, 1, 101, 113, 276]) {
        const c = context();
        const packet = at(linkType, bytes);
        expect(() => toPacketRecord(packet, describePacket(packet, c))).not.toThrow();
      }
    }
  });
});
