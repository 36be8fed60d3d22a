/** `nettool capture`: packets off the wire (through libpcap) or from a pcap/pcapng file, as lines, JSON Lines or a pcap file. */
import { UsageError } from '../errors.js';
import { linkTypeName } from '../protocol/packet/link.js';
import type { CapturedPacket } from '../protocol/packet/types.js';
import { CaptureFileReader, encodePcapRecord } from '../protocol/pcap-file.js';
import { readCaptureFile } from '../sources/capture-file-source.js';
import { createPacketSink, defaultSnaplen, sinkChoice, type PacketSink } from './capture-output.js';
import { runLiveCapture } from './capture-live.js';
import type { CommandContext, CommandResult } from './context.js';

export interface CaptureOptions {
  readonly interface?: string;
  readonly count?: number;
  readonly write?: string;
  readonly read?: string;
  readonly snaplen?: number;
  readonly hex?: boolean;
  readonly watch?: boolean;
  /** Seconds between --watch snapshots, as typed. */
  readonly interval?: string;
  /** Host names for addresses in printed packets (tcpdump without -n); numeric by default. */
  readonly resolve?: boolean;
}

export async function runCapture(context: CommandContext, words: readonly string[], options: CaptureOptions): Promise<CommandResult> {
  if (options.read !== undefined && options.interface !== undefined) throw new UsageError('-r reads a file and -i captures live: give one of them');
  if (options.write !== undefined && context.json) throw new UsageError('-w writes packets to a file and --json prints them: give one of them');
  if (options.write !== undefined && options.hex) throw new UsageError('-x prints packets and -w writes them to a file: give one of them');
  if (options.resolve && (options.write !== undefined || options.watch)) throw new UsageError('--resolve names the addresses of printed packets: it does not go with -w or --watch');
  if (options.write === '-' && options.read === '-') throw new UsageError('-r - and -w - would both use the standard streams for packets; name a file for one');
  const filter = words.join(' ').trim();
  const snaplen = options.snaplen === undefined || options.snaplen === 0 ? defaultSnaplen : options.snaplen;
  if (options.watch) {
    if (options.read !== undefined || options.write !== undefined || options.hex) throw new UsageError('--watch shows flows live: it does not go with -r, -w or -x');
    return (await import('./capture-watch.js')).runCaptureWatch(context, filter, { ...options, snaplen });
  }
  if (options.interval !== undefined) throw new UsageError('--interval goes with --watch');
  if (options.read !== undefined) return readFile(context, options.read, filter, options);
  return runLiveCapture(context, filter, { ...options, snaplen });
}

async function readFile(context: CommandContext, path: string, filter: string, options: CaptureOptions): Promise<CommandResult> {
  const { io } = context;
  const reader = new CaptureFileReader();
  let sink: PacketSink | undefined;
  let keep: ((batch: Buffer, count: number) => Buffer) | undefined;
  let written = 0;
  try {
    for await (const batch of readCaptureFile(path, io.stdin, reader)) {
      if (!sink) {
        const info = reader.info!;
        context.status(`reading from file ${path === '-' ? '-' : path}, link-type ${linkTypeName(info.linkType)}, snapshot length ${info.snaplen}`);
        if (filter) keep = (await import('../sources/live-capture.js')).compileFileFilter(info.linkType, info.snaplen || defaultSnaplen, filter, io.env.NETTOOL_LIBPCAP);
        sink = createPacketSink(io, sinkChoice(context.json, options, info.linkType, info.snaplen || defaultSnaplen));
      }
      let packets: readonly CapturedPacket[] = batch;
      if (keep) {
        const verdicts = keep(Buffer.concat(batch.map(encodePcapRecord)), batch.length);
        packets = batch.filter((_, i) => verdicts[i] === 1);
      }
      if (options.count !== undefined) packets = packets.slice(0, options.count - written);
      written += packets.length;
      if (packets.length && !sink.write(packets)) await sink.drained();
      if (written === options.count) break;
      if (io.signal.aborted) break;
    }
  } finally {
    await sink?.end();
  }
  if (!sink) context.status(`reading from file ${path}: no packets`);
  return 0;
}
