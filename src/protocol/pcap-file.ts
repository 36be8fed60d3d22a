/** Capture files: classic pcap (both byte orders, µs and ns) and pcapng read incrementally; classic pcap written. Pure: bytes in, packets out. */
import type { CapturedPacket } from './packet/types.js';

/** A file that is not a capture, or one whose structure is broken: the message says where. */
export class CaptureFileError extends Error {
  override readonly name = 'CaptureFileError';
}

const pcapMicros = 0xa1b2c3d4;
const pcapNanos = 0xa1b23c4d;
const pcapngSection = 0x0a0d0d0a;
const pcapngByteOrder = 0x1a2b3c4d;
/** Larger than any snapshot length libpcap accepts (262,144) by far: beyond it a length field is corrupt. */
const maxRecord = 16 << 20;

export interface CaptureFileInfo {
  readonly format: 'pcap' | 'pcapng';
  /** The first interface's link type (a pcapng file may have several). */
  readonly linkType: number;
  readonly snaplen: number;
}

interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly name: string | undefined;
  /** Timestamp units per second. */
  readonly unitsPerSecond: bigint;
}

type State =
  | { readonly kind: 'start' }
  | { readonly kind: 'pcap'; readonly little: boolean; readonly nanos: boolean; readonly linkType: number; readonly snaplen: number }
  | { readonly kind: 'pcapng'; little: boolean; interfaces: PcapngInterface[] };

export class CaptureFileReader {
  private state: State = { kind: 'start' };
  private pending: Buffer = Buffer.alloc(0);
  /** Set once the header is read. */
  info: CaptureFileInfo | undefined;

  /** Packets completed by this chunk; a packet split across chunks comes with the chunk that ends it. */
  push(chunk: Uint8Array): CapturedPacket[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const packets: CapturedPacket[] = [];
    let at = 0;
    for (;;) {
      const used = this.step(this.pending, at, packets);
      if (used === 0) break;
      at += used;
    }
    // Copy the remainder: the caller may reuse the chunk's memory.
    this.pending = at >= this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(at));
    return packets;
  }

  /** Undefined when the input ended between packets; else what was left unread. */
  finish(): string | undefined {
    if (this.state.kind === 'start') return this.pending.length ? `only ${this.pending.length} bytes: too short for a capture file header` : 'empty file: no capture file header';
    return this.pending.length ? `the file ends in the middle of a packet (${this.pending.length} bytes left over)` : undefined;
  }

  /** Bytes consumed at `at` (0 when more input is needed). */
  private step(buffer: Buffer, at: number, out: CapturedPacket[]): number {
    const have = buffer.length - at;
    switch (this.state.kind) {
      case 'start': {
        if (have < 4) return 0;
        const magic = buffer.readUInt32BE(at);
        if (magic === pcapngSection) return this.section(buffer, at);
        if (have < 24) return 0;
        const little = buffer.readUInt32LE(at) === pcapMicros || buffer.readUInt32LE(at) === pcapNanos;
        const value = little ? buffer.readUInt32LE(at) : magic;
        if (value !== pcapMicros && value !== pcapNanos) throw new CaptureFileError(`not a pcap or pcapng file (it starts with 0x${magic.toString(16).padStart(8, '0')})`);
        const read = (offset: number) => (little ? buffer.readUInt32LE(at + offset) : buffer.readUInt32BE(at + offset));
        // The upper bits of the link type field carry FCS information (pcap format, LinkType).
        const linkType = read(20) & 0x03ffffff;
        this.state = { kind: 'pcap', little, nanos: value === pcapNanos, linkType, snaplen: read(16) };
        this.info = { format: 'pcap', linkType, snaplen: read(16) };
        return 24;
      }
      case 'pcap': {
        if (have < 16) return 0;
        const { little, nanos, linkType } = this.state;
        const read = (offset: number) => (little ? buffer.readUInt32LE(at + offset) : buffer.readUInt32BE(at + offset));
        const captured = read(8);
        if (captured > maxRecord) throw new CaptureFileError(`a packet record claims ${captured} bytes: the file is corrupt`);
        if (have < 16 + captured) return 0;
        const fraction = read(4);
        out.push({ linkType, seconds: read(0), nanos: nanos ? fraction : fraction * 1000, length: read(12), data: buffer.subarray(at + 16, at + 16 + captured) });
        return 16 + captured;
      }
      case 'pcapng':
        return this.block(buffer, at, out);
    }
  }

  private section(buffer: Buffer, at: number): number {
    if (buffer.length - at < 12) return 0;
    const order = buffer.readUInt32LE(at + 8);
    const little = order === pcapngByteOrder;
    if (!little && buffer.readUInt32BE(at + 8) !== pcapngByteOrder) throw new CaptureFileError('pcapng section header with an unknown byte-order magic');
    const length = little ? buffer.readUInt32LE(at + 4) : buffer.readUInt32BE(at + 4);
    if (length < 28 || length % 4 !== 0 || length > maxRecord) throw new CaptureFileError(`pcapng section header of ${length} bytes`);
    if (buffer.length - at < length) return 0;
    this.state = { kind: 'pcapng', little, interfaces: [] };
    return length;
  }

  private block(buffer: Buffer, at: number, out: CapturedPacket[]): number {
    if (this.state.kind !== 'pcapng') return 0;
    const state = this.state;
    if (buffer.length - at < 12) return 0;
    const u32 = (offset: number) => (state.little ? buffer.readUInt32LE(at + offset) : buffer.readUInt32BE(at + offset));
    const u16 = (offset: number) => (state.little ? buffer.readUInt16LE(at + offset) : buffer.readUInt16BE(at + offset));
    const type = u32(0);
    if (type === pcapngSection) return this.section(buffer, at);
    const length = u32(4);
    if (length < 12 || length % 4 !== 0 || length > maxRecord) throw new CaptureFileError(`pcapng block of ${length} bytes: the file is corrupt`);
    if (buffer.length - at < length) return 0;
    const end = at + length - 4;
    switch (type) {
      case 1: {
        // Interface Description Block: link type, snaplen, options (if_name 2, if_tsresol 9).
        let name: string | undefined;
        let unitsPerSecond = 1_000_000n;
        for (let o = at + 16; o + 4 <= end; ) {
          const code = u16(o - at);
          const size = u16(o - at + 2);
          if (code === 0) break;
          const value = buffer.subarray(o + 4, Math.min(o + 4 + size, end));
          if (code === 2) name = value.toString('utf8').replace(/\0+$/, '');
          if (code === 9 && value.length >= 1) {
            const r = value[0]!;
            unitsPerSecond = r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
          }
          o += 4 + ((size + 3) & ~3);
        }
        const iface = { linkType: u16(8), snaplen: u32(12), name, unitsPerSecond };
        state.interfaces.push(iface);
        this.info ??= { format: 'pcapng', linkType: iface.linkType, snaplen: iface.snaplen };
        break;
      }
      case 6:
      case 2: {
        // Enhanced Packet Block (6) and the obsolete Packet Block (2, a 16-bit interface id then drops).
        const id = type === 6 ? u32(8) : u16(8);
        const iface = state.interfaces[id];
        if (!iface) throw new CaptureFileError(`a packet names interface ${id}, which the file never described`);
        const captured = u32(20);
        if (28 + captured > length - 4) throw new CaptureFileError(`a packet block holds ${length} bytes but claims ${captured} captured`);
        const units = (BigInt(u32(12)) << 32n) | BigInt(u32(16));
        const seconds = units / iface.unitsPerSecond;
        const nanos = ((units % iface.unitsPerSecond) * 1_000_000_000n) / iface.unitsPerSecond;
        out.push({ linkType: iface.linkType, seconds: Number(seconds), nanos: Number(nanos), length: u32(24), data: buffer.subarray(at + 28, at + 28 + captured), interfaceName: iface.name });
        break;
      }
      case 3: {
        // Simple Packet Block: interface 0, no timestamp; the captured length is what the block holds.
        const iface = state.interfaces[0];
        if (!iface) throw new CaptureFileError('a simple packet block before any interface description');
        const original = u32(8);
        const captured = Math.min(original, length - 16, iface.snaplen || original);
        out.push({ linkType: iface.linkType, seconds: 0, nanos: 0, length: original, data: buffer.subarray(at + 12, at + 12 + captured), interfaceName: iface.name });
        break;
      }
      default:
        // Name resolution, statistics, custom and unknown blocks carry no packets.
        break;
    }
    return length;
  }
}

/** The 24-byte classic pcap header (little-endian, microseconds) that tcpdump -w writes. */
export function encodePcapHeader(linkType: number, snaplen: number): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(pcapMicros, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(snaplen, 16);
  header.writeUInt32LE(linkType, 20);
  return header;
}

/** One packet as a classic pcap record (16-byte header, then the captured bytes). */
export function encodePcapRecord(packet: CapturedPacket): Buffer {
  const record = Buffer.alloc(16 + packet.data.length);
  record.writeUInt32LE(packet.seconds >>> 0, 0);
  record.writeUInt32LE(Math.floor(packet.nanos / 1000), 4);
  record.writeUInt32LE(packet.data.length, 8);
  record.writeUInt32LE(packet.length, 12);
  record.set(packet.data, 16);
  return record;
}

/**
 * Calls `each` for the first `count` packets of a batch of classic pcap records in little-endian,
 * microsecond form (what the addon hands over and what `-w` writes); `data` aliases the batch. One
 * packet at a time, so that none outlives its turn: a batch holds thousands.
 */
export function forEachPcapRecord(batch: Buffer, count: number, linkType: number, each: (packet: CapturedPacket) => void): void {
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 16 > batch.length) throw new CaptureFileError('a batch is shorter than its packet count');
    const captured = batch.readUInt32LE(at + 8);
    if (at + 16 + captured > batch.length) throw new CaptureFileError('a record runs past the end of its batch');
    each({ linkType, seconds: batch.readUInt32LE(at), nanos: batch.readUInt32LE(at + 4) * 1000, length: batch.readUInt32LE(at + 12), data: batch.subarray(at + 16, at + 16 + captured) });
    at += 16 + captured;
  }
}

/** Where the record after the first `count` records of a batch starts: the bytes `-w` writes for them. */
export function pcapRecordsEnd(batch: Buffer, count: number): number {
  let at = 0;
  for (let i = 0; i < count && at + 16 <= batch.length; i++) at += 16 + batch.readUInt32LE(at + 8);
  return Math.min(at, batch.length);
}
