import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureFileReader } from '../../../../src/protocol/pcap-file.js';
import { describePacket, formatPacketLine, type LineContext } from '../../../../src/protocol/packet/line.js';
import { TcpSequences } from '../../../../src/protocol/packet/tcp-text.js';

const fixture = (name: string) => new URL(`../../../fixtures/pcap/${name}`, import.meta.url);

describe('lines against tcpdump -nn -r (TZ=UTC) of the same file', () => {
  it('loopback traffic on -i any (Linux cooked v2): UDP, TCP handshake to close, RST, DNS, ICMP and ICMPv6', () => {
    const reader = new CaptureFileReader();
    const packets = reader.push(readFileSync(fixture('loopback-any.pcap')));
    expect(reader.finish()).toBeUndefined();
    const context: LineContext = { sequences: new TcpSequences(), interfaceName: (index) => (index === 1 ? 'lo' : undefined), utcOffsetMinutes: () => 0 };
    const lines = packets.map((packet) => formatPacketLine(packet, describePacket(packet, context), context));
    const expected = readFileSync(fixture('loopback-any.tcpdump.txt'), 'utf8').trimEnd().split('\n');
    expect(lines).toEqual(expected);
  });
});
