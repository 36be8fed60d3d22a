/** Where captured packets go: tcpdump-style lines (with -x hex), JSON Lines, or a pcap file (-w). One write per batch, with back-pressure. */
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { describeSystemError, NettoolError } from '../errors.js';
import type { Io } from '../io.js';
import { describePacket, formatPacketLine, linkHeaderLength, toPacketRecord, type LineContext, type PacketLine } from '../protocol/packet/line.js';
import { TcpSequences } from '../protocol/packet/tcp-text.js';
import type { CapturedPacket } from '../protocol/packet/types.js';
import { encodePcapHeader, encodePcapRecord, forEachPcapRecord } from '../protocol/pcap-file.js';
import { reverseLookupAll } from '../net/reverse-lookup.js';
import { formatJsonLine } from '../render/json.js';
import { createInterfaceNames } from '../sources/interface-names.js';

export interface PacketSink {
  /** Takes packets; false when the output is full: stop reading until `drained()`. */
  write(packets: readonly CapturedPacket[]): boolean;
  /** Takes `count` packets as classic pcap records, as the addon delivers them (-w writes them as they are). */
  writeRecords(batch: Buffer, count: number, linkType: number): boolean;
  drained(): Promise<void>;
  end(): Promise<void>;
}

export type SinkChoice =
  | { readonly kind: 'text'; readonly hex: boolean; readonly device?: string; readonly resolve?: boolean }
  | { readonly kind: 'json'; readonly hex: boolean; readonly device?: string; readonly resolve?: boolean }
  | { readonly kind: 'pcap'; readonly path: string; readonly linkType: number; readonly snaplen: number };

function waitForDrain(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

function endStream(stream: Writable, own: boolean): Promise<void> {
  if (!own) return waitForDrain(stream);
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/** tcpdump -x: the packet from the network layer on, 16 bytes a line as 8 groups of 4 hex digits. */
export function formatTcpdumpHex(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 16) {
    text += `\t0x${start.toString(16).padStart(4, '0')}: `;
    for (let i = start; i < Math.min(start + 16, bytes.length); i += 2) {
      text += ` ${bytes[i]!.toString(16).padStart(2, '0')}${i + 1 < bytes.length ? bytes[i + 1]!.toString(16).padStart(2, '0') : ''}`;
    }
    text += '\n';
  }
  return text;
}

/** The minutes east of UTC at `ms`, asked of Date once per hour of capture time, not per packet. */
function localOffset(): (ms: number) => number {
  let hour = Number.NaN;
  let offset = 0;
  return (ms) => {
    const h = Math.floor(ms / 3_600_000);
    if (h !== hour) {
      hour = h;
      offset = -new Date(ms).getTimezoneOffset();
    }
    return offset;
  };
}

export function createLineContext(device?: string): LineContext {
  return { sequences: new TcpSequences(), interfaceName: createInterfaceNames(), utcOffsetMinutes: localOffset(), ...(device && device !== 'any' ? { device } : {}) };
}

function openFile(path: string): Writable {
  try {
    return createWriteStream('', { fd: openSync(path, 'w'), highWaterMark: 1 << 20 });
  } catch (error) {
    throw new NettoolError(`cannot write ${path}: ${describeSystemError(error)}`);
  }
}

/** libpcap's largest snapshot length, which `-s 0` means (as in tcpdump). */
export const defaultSnaplen = 262_144;

export function sinkChoice(
  json: boolean,
  options: { readonly write?: string; readonly hex?: boolean; readonly interface?: string; readonly resolve?: boolean },
  linkType: number,
  snaplen: number,
): SinkChoice {
  if (options.write !== undefined) return { kind: 'pcap', path: options.write, linkType, snaplen };
  const common = { hex: options.hex === true, resolve: options.resolve === true, ...(options.interface ? { device: options.interface } : {}) };
  return json ? { kind: 'json', ...common } : { kind: 'text', ...common };
}

export function createPacketSink(io: Io, choice: SinkChoice): PacketSink {
  if (choice.kind === 'pcap') {
    const own = choice.path !== '-';
    const stream = own ? openFile(choice.path) : io.stdout;
    stream.write(encodePcapHeader(choice.linkType, choice.snaplen));
    return {
      write: (packets) => stream.write(Buffer.concat(packets.map(encodePcapRecord))),
      writeRecords: (batch) => stream.write(batch),
      drained: () => waitForDrain(stream),
      end: () => endStream(stream, own),
    };
  }
  // --resolve: names are filled in by resolvingSink before each batch is formatted.
  const names = choice.resolve ? new Map<string, string | undefined>() : undefined;
  const context: LineContext = { ...createLineContext(choice.device), ...(names && { nameOf: (address: string) => names.get(address) }) };
  const stream = io.stdout;
  const format =
    choice.kind === 'json'
      ? (packet: CapturedPacket, line: PacketLine) => {
          const record = toPacketRecord(packet, line);
          if (names) {
            const { src, dst } = line.view;
            if (src !== undefined && names.get(src) !== undefined) record.srcName = names.get(src);
            if (dst !== undefined && names.get(dst) !== undefined) record.dstName = names.get(dst);
          }
          if (choice.hex) record.hex = Buffer.from(packet.data.buffer, packet.data.byteOffset, packet.data.byteLength).toString('hex');
          return formatJsonLine(record);
        }
      : (packet: CapturedPacket, line: PacketLine) => {
          const text = `${formatPacketLine(packet, line, context)}\n`;
          return choice.hex ? text + formatTcpdumpHex(packet.data.subarray(linkHeaderLength(line.decoded.link))) : text;
        };
  // Written every 64 KiB rather than once per batch: a batch's whole text would outlive the young
  // generation and cost the garbage collector more than the formatting does.
  let text = '';
  let room = true;
  const add = (packet: CapturedPacket) => {
    text += format(packet, describePacket(packet, context));
    if (text.length >= 65_536) {
      room = stream.write(text) && room;
      text = '';
    }
  };
  const flush = () => {
    if (text) room = stream.write(text) && room;
    text = '';
    const result = room;
    room = true;
    return result;
  };
  if (names) return resolvingSink(io, context, names, format, stream);
  return {
    write(packets) {
      for (const packet of packets) add(packet);
      return flush();
    },
    writeRecords(batch, count, linkType) {
      forEachPcapRecord(batch, count, linkType, add);
      return flush();
    },
    drained: () => waitForDrain(stream),
    end: () => waitForDrain(stream),
  };
}

/** Names kept for the capture's life (misses too), so an address costs one look-up. */
const maxNames = 4096;
/** How long a batch waits for its new addresses' names; those not answered by then stay numeric. */
const resolveTimeoutMs = 2000;

/**
 * --resolve, as tcpdump without -n: each batch waits for the names of addresses it has not seen
 * before (getnameinfo, so /etc/hosts counts), cached, then prints. The wait is back-pressure: write()
 * says "full" and reading resumes once the batch is out, so the kernel buffers meanwhile.
 */
function resolvingSink(
  io: Io,
  context: LineContext,
  names: Map<string, string | undefined>,
  format: (packet: CapturedPacket, line: PacketLine) => string,
  stream: Writable,
): PacketSink {
  let pending: Promise<void> = Promise.resolve();
  const print = async (packets: readonly CapturedPacket[]) => {
    // Described in arrival order, once: TCP's relative sequence numbers depend on it.
    const lines = packets.map((packet) => describePacket(packet, context));
    const unknown = new Set<string>();
    for (const { view } of lines) for (const address of [view.src, view.dst]) if (address !== undefined && !names.has(address)) unknown.add(address);
    if (unknown.size > 0) {
      const found = await reverseLookupAll(unknown, { timeoutMs: resolveTimeoutMs, signal: io.signal });
      for (const address of unknown) {
        if (names.size >= maxNames) names.delete(names.keys().next().value!);
        names.set(address, found.get(address));
      }
    }
    stream.write(lines.map((line, i) => format(packets[i]!, line)).join(''));
    await waitForDrain(stream);
  };
  const queue = (packets: readonly CapturedPacket[]) => {
    pending = pending.then(() => print(packets));
    return false;
  };
  return {
    write: (packets) => queue(packets),
    writeRecords(batch, count, linkType) {
      const packets: CapturedPacket[] = [];
      forEachPcapRecord(batch, count, linkType, (packet) => packets.push(packet));
      return queue(packets);
    },
    drained: () => pending,
    end: () => pending.then(() => waitForDrain(stream)),
  };
}
