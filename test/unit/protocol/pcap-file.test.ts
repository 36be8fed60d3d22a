import { describe, expect, it } from 'vitest';
import { CaptureFileError, CaptureFileReader, forEachPcapRecord, encodePcapHeader, encodePcapRecord, pcapRecordsEnd } from '../../../src/protocol/pcap-file.js';
import { hex } from '../../helpers/packets.js';

const packet = { linkType: 1, seconds: 1_700_000_000, nanos: 123_456_000, length: 70, data: Buffer.from('0123456789') };

/** pcapng, little-endian: a section header, one Ethernet interface named eth0 with nanosecond stamps, one packet. */
const pcapng = hex(`
  0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000   # SHB: length 28, byte order, v1.0, section length unknown
  01000000 28000000 0100 0000 00000400                              # IDB: length 40, Ethernet, snaplen 262144
  0200 0400 65746830                                                #   if_name "eth0"
  0900 0100 09000000                                                #   if_tsresol 9 (nanoseconds), padded
  0000 0000 28000000                                                #   opt_endofopt; length again
  06000000 2c000000 00000000                                        # EPB: length 44, interface 0
  fe9c9717 15cd853d                                                #   timestamp 1700000000123456789 ns: high then low word, each little-endian
  0a000000 46000000 30313233343536373839 0000 2c000000              #   captured 10, original 70, data, pad; length again
`);

describe('CaptureFileReader', () => {
  it('reads what encodePcapHeader/encodePcapRecord write, in any chunking', () => {
    const file = Buffer.concat([encodePcapHeader(1, 65535), encodePcapRecord(packet), encodePcapRecord({ ...packet, seconds: 1_700_000_001 })]);
    for (const size of [1, 7, 16, file.length]) {
      const reader = new CaptureFileReader();
      const got = [];
      for (let i = 0; i < file.length; i += size) got.push(...reader.push(file.subarray(i, i + size)));
      expect(reader.finish()).toBeUndefined();
      expect(reader.info).toEqual({ format: 'pcap', linkType: 1, snaplen: 65535 });
      expect(got.map((p) => [p.seconds, p.nanos, p.length, Buffer.from(p.data).toString()])).toEqual([
        [1_700_000_000, 123_456_000, 70, '0123456789'],
        [1_700_000_001, 123_456_000, 70, '0123456789'],
      ]);
    }
  });

  it('reads big-endian and nanosecond classic pcap', () => {
    const file = hex(`
      a1b23c4d 0002 0004 00000000 00000000 0000ffff 00000065   # nanosecond magic, big-endian; snaplen 65535; LINKTYPE_RAW
      6553f100 075bcd15 00000002 00000002 abcd                  # 1700000000 s, 123456789 ns, 2 of 2 bytes
    `);
    const reader = new CaptureFileReader();
    const [only] = reader.push(file);
    expect(only).toMatchObject({ linkType: 101, seconds: 1_700_000_000, nanos: 123_456_789, length: 2 });
  });

  it('reads pcapng: interface name, link type, nanosecond timestamps', () => {
    const reader = new CaptureFileReader();
    const packets = reader.push(pcapng);
    expect(reader.finish()).toBeUndefined();
    expect(reader.info).toEqual({ format: 'pcapng', linkType: 1, snaplen: 262144 });
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ linkType: 1, seconds: 1_700_000_000, nanos: 123_456_789, length: 70, interfaceName: 'eth0' });
    expect(Buffer.from(packets[0]!.data).toString()).toBe('0123456789');
  });

  it.each([
    ['not a capture', Buffer.from('GET / HTTP/1.1\r\n\r\nxxxxxxxx'), /not a pcap or pcapng file \(it starts with 0x47455420\)/],
    ['a record claiming 1 GiB', Buffer.concat([encodePcapHeader(1, 65535), hex('00000000 00000000 00000040 00000040')]), /claims 1073741824 bytes/],
    ['a pcapng packet on an undescribed interface', Buffer.concat([pcapng.subarray(0, 28), pcapng.subarray(68)]), /interface 0, which the file never described/],
  ])('%s is a CaptureFileError', (_name, file, message) => {
    expect(() => new CaptureFileReader().push(file)).toThrow(CaptureFileError);
    expect(() => new CaptureFileReader().push(file)).toThrow(message);
  });

  it('says when the file ends inside a packet or before its header', () => {
    const cut = new CaptureFileReader();
    cut.push(Buffer.concat([encodePcapHeader(1, 65535), encodePcapRecord(packet)]).subarray(0, 24 + 20));
    expect(cut.finish()).toBe('the file ends in the middle of a packet (20 bytes left over)');
    expect(new CaptureFileReader().finish()).toBe('empty file: no capture file header');
  });
});

describe('addon batches (pcap records)', () => {
  it('decodes a batch and finds where its first N records end', () => {
    const batch = Buffer.concat([encodePcapRecord(packet), encodePcapRecord({ ...packet, data: Buffer.from('ab') })]);
    const seen: [number, number][] = [];
    forEachPcapRecord(batch, 2, 276, (p) => seen.push([p.linkType, p.data.length]));
    expect(seen).toEqual([[276, 10], [276, 2]]);
    expect(pcapRecordsEnd(batch, 1)).toBe(26);
    expect(pcapRecordsEnd(batch, 2)).toBe(batch.length);
    expect(() => forEachPcapRecord(batch, 3, 1, () => {})).toThrow(CaptureFileError);
  });
});
