/** Live capture: libpcap's batches through the sink, -c, back-pressure by pausing the capture, and tcpdump's counters at the end. */
import { NettoolError } from '../errors.js';
import { linkTypeName } from '../protocol/packet/link.js';
import { pcapRecordsEnd } from '../protocol/pcap-file.js';
import { openLiveCapture, type LiveCapture } from '../sources/live-capture.js';
import type { CaptureOptions } from './capture.js';
import { createPacketSink, sinkChoice, type PacketSink } from './capture-output.js';
import type { CommandContext, CommandResult } from './context.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `makeSink` replaces the printing or writing sink (the flow view brings its own, and may end the capture with `stop`: its `q`). */
export function runLiveCapture(
  context: CommandContext,
  filter: string,
  options: CaptureOptions & { readonly snaplen: number },
  makeSink: (linkType: number, stop: (error?: Error) => void) => PacketSink = (linkType) => createPacketSink(context.io, sinkChoice(context.json, options, linkType, options.snaplen)),
): Promise<CommandResult> {
  const { io } = context;
  const device = options.interface ?? 'any';
  const limit = options.count;
  let captured = 0;
  let stopping = false;
  let capture: LiveCapture | undefined;
  let sink: PacketSink | undefined;

  return new Promise<CommandResult>((resolve, reject) => {
    let failure: Error | undefined;
    const stop = (error?: Error) => {
      if (stopping) return;
      stopping = true;
      failure ??= error;
      io.signal.removeEventListener('abort', onAbort);
      let stats: readonly [number, number, number] | undefined;
      try {
        stats = capture?.stats();
      } catch {
        // A device that went away has no counters; the packets captured are still known.
      }
      capture?.close();
      void (sink?.end() ?? Promise.resolve()).then(() => {
        // tcpdump's three lines, on stderr, on every way a live capture ends.
        context.status(`${plural(captured, 'packet')} captured`);
        if (stats) {
          context.status(`${plural(stats[0], 'packet')} received by filter`);
          context.status(`${plural(stats[1], 'packet')} dropped by kernel`);
          if (stats[2] > 0) context.status(`${plural(stats[2], 'packet')} dropped by interface`);
        }
        if (failure) reject(failure);
        else resolve(0);
      }, reject);
    };

    const onAbort = () => stop();

    const onBatch = (batch: Buffer | null, count: number, error?: string) => {
      if (stopping || !capture || !sink) return;
      if (batch === null) {
        failure = new NettoolError(`capture on ${device} stopped: ${error ?? 'the capture failed'}`);
        stop();
        return;
      }
      let take = count;
      let records = batch;
      if (limit !== undefined && captured + count >= limit) {
        take = limit - captured;
        records = batch.subarray(0, pcapRecordsEnd(batch, take));
      }
      captured += take;
      const room = sink.writeRecords(records, take, capture.linkType);
      if (captured === limit) stop();
      else if (!room) {
        // The kernel keeps what arrives meanwhile, and counts what it cannot keep as dropped.
        capture.pause(true);
        void sink.drained().then(() => capture?.pause(false));
      }
    };

    try {
      capture = openLiveCapture(
        { device, snaplen: options.snaplen, filter, immediate: io.stdout.isTTY === true && options.write === undefined && !options.watch, library: io.env.NETTOOL_LIBPCAP },
        onBatch,
      );
      sink = makeSink(capture.linkType, stop);
    } catch (error) {
      capture?.close();
      reject(error);
      return;
    }
    context.status(`listening on ${device}, link-type ${linkTypeName(capture.linkType)}, snapshot length ${options.snaplen} bytes`);
    io.signal.addEventListener('abort', onAbort, { once: true });
    if (io.signal.aborted) stop();
  });
}
