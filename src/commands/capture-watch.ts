/** `nettool capture --watch`: flows (connection, process, bytes/s up and down) every interval, as JSON Lines off a terminal and the live view (Ink, loaded only there) on one. */
import { networkInterfaces } from 'node:os';
import { FlowTable, indexOwners, type FlowRow } from '../protocol/capture-flows.js';
import type { InetConnection } from '../protocol/connection.js';
import { buildConnectionFilter } from '../protocol/connection-filter.js';
import { describePacket } from '../protocol/packet/line.js';
import type { CapturedPacket } from '../protocol/packet/types.js';
import { forEachPcapRecord } from '../protocol/pcap-file.js';
import { formatJsonLine } from '../render/json.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import type { CaptureOptions } from './capture.js';
import { createLineContext, type PacketSink } from './capture-output.js';
import { runLiveCapture } from './capture-live.js';
import type { CommandContext, CommandResult } from './context.js';
import { parseInterval, withoutFetch } from './netstat-watch.js';

function localAddresses(): Set<string> {
  const found = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) found.add(entry.address);
  return found;
}

export function runCaptureWatch(context: CommandContext, filter: string, options: CaptureOptions & { readonly snaplen: number }): Promise<CommandResult> {
  const { io } = context;
  const intervalMs = parseInterval(options.interval);
  const terminal = io.stdout.isTTY === true && !context.json;
  const addresses = localAddresses();
  const flows = new FlowTable({ isLocal: (address) => addresses.has(address) });
  const lines = createLineContext(options.interface);
  const sockets = createConnectionSource();
  const socketFilter = buildConnectionFilter({ tcp: true, udp: true, all: true });

  const add = (packet: CapturedPacket) => {
    const { view, direction } = describePacket(packet, lines);
    flows.add({ proto: view.proto, src: view.src, dst: view.dst, sport: view.sport, dport: view.dport, length: packet.length, direction });
  };
  let last = io.now();
  /** The rows of the interval since the last call, owners from a fresh socket table; `overflow` then starts again. */
  const take = (now: number): { readonly flows: FlowRow[]; readonly overflow: number } => {
    let owners;
    try {
      owners = indexOwners(sockets.snapshot(socketFilter, { owners: true }).connections.filter((c): c is InetConnection => c.proto !== 'unix'));
    } catch {
      owners = () => undefined;
    }
    const rows = flows.snapshot(now - last, owners);
    last = now;
    const overflow = flows.overflow;
    flows.overflow = 0;
    return { flows: rows, overflow };
  };
  const emit = () => {
    const now = io.now();
    const { flows: rows, overflow } = take(now);
    io.stdout.write(formatJsonLine({ time: new Date(now).toISOString(), intervalMs, flows: rows, ...(overflow ? { overflow } : {}) }));
  };
  let ending: () => Promise<void>;
  const sink = (_linkType: number, stop: (error?: Error) => void): PacketSink => {
    if (terminal) {
      // The view pulls a snapshot every interval; `q` ends the capture, which then prints its counters.
      const view = new AbortController();
      const feed = {
        next: async () => {
          const now = io.now();
          return { time: now, ...take(now) };
        },
      };
      const done = withoutFetch(() => import('../ui/capture-view.js')).then((module) => module.runCaptureView({ ...io, signal: AbortSignal.any([io.signal, view.signal]) }, options.interface ?? 'any', feed, intervalMs, context.palette.enabled));
      done.then(() => stop(), stop);
      ending = () => {
        view.abort();
        return done.catch(() => undefined);
      };
    } else {
      const timer = setInterval(emit, intervalMs);
      ending = async () => {
        clearInterval(timer);
        emit();
      };
    }
    return {
      write(packets) {
        packets.forEach(add);
        return true;
      },
      writeRecords(batch, count, linkType) {
        forEachPcapRecord(batch, count, linkType, add);
        return true;
      },
      drained: () => Promise.resolve(),
      end: () => ending(),
    };
  };
  return runLiveCapture(context, filter, options, sink);
}

