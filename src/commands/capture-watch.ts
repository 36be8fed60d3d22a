/** `nettool capture --watch`: flows (connection, process, bytes/s up and down) every interval, as JSON Lines off a terminal and a redrawn table on one. */
import { networkInterfaces } from 'node:os';
import { FlowTable, indexOwners, type FlowRow } from '../protocol/capture-flows.js';
import type { InetConnection } from '../protocol/connection.js';
import { buildConnectionFilter } from '../protocol/connection-filter.js';
import { describePacket } from '../protocol/packet/line.js';
import type { CapturedPacket } from '../protocol/packet/types.js';
import { forEachPcapRecord } from '../protocol/pcap-file.js';
import { formatJsonLine } from '../render/json.js';
import { formatRate } from '../render/rate.js';
import { formatTable } from '../render/table.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import type { CaptureOptions } from './capture.js';
import { createLineContext, type PacketSink } from './capture-output.js';
import { runLiveCapture } from './capture-live.js';
import type { CommandContext, CommandResult } from './context.js';
import { parseInterval } from './netstat-watch.js';

function localAddresses(): Set<string> {
  const found = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) found.add(entry.address);
  return found;
}

const columns = [{ header: 'Proto' }, { header: 'Local' }, { header: 'Remote' }, { header: 'Process' }, { header: 'Up', align: 'right' as const }, { header: 'Down', align: 'right' as const }, { header: 'Total', align: 'right' as const }];

function formatFlowTable(rows: readonly FlowRow[], limit: number): string {
  const shown = rows.slice(0, limit).map((row) => [row.proto, row.local, row.remote, row.process, formatRate(row.upRate), formatRate(row.downRate), String(row.upBytes + row.downBytes)]);
  return formatTable(columns, shown) + (rows.length > limit ? `… and ${rows.length - limit} more flows\n` : '');
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
  const emit = () => {
    const now = io.now();
    let owners;
    try {
      owners = indexOwners(sockets.snapshot(socketFilter, { owners: true }).connections.filter((c): c is InetConnection => c.proto !== 'unix'));
    } catch {
      owners = () => undefined;
    }
    const rows = flows.snapshot(now - last, owners);
    last = now;
    if (terminal) {
      // Home, clear, then the frame: one write, so the terminal never shows half a table.
      io.stdout.write(`\u001b[H\u001b[2J${formatFlowTable(rows, Math.max((io.stdout.rows ?? 24) - 3, 5))}`);
    } else {
      io.stdout.write(formatJsonLine({ time: new Date(now).toISOString(), intervalMs, flows: rows, ...(flows.overflow ? { overflow: flows.overflow } : {}) }));
    }
    flows.overflow = 0;
  };
  let timer: NodeJS.Timeout | undefined;
  const sink = (): PacketSink => {
    timer = setInterval(emit, intervalMs);
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
      end: async () => {
        clearInterval(timer);
        emit();
      },
    };
  };
  return runLiveCapture(context, filter, options, sink);
}
