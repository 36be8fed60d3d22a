/** Captured packets summed into flows (one per connection: local end, remote end, protocol) with rates per interval, for `capture --watch`. Pure: packets and owners in, rows out. */
import { formatPeer, unmapAddress } from './address.js';
import type { Direction } from './packet/types.js';

/** The part of a packet a flow needs (a PacketView plus the wire length and direction). */
export interface FlowPacket {
  readonly proto: string;
  readonly src: string | undefined;
  readonly dst: string | undefined;
  readonly sport: number | undefined;
  readonly dport: number | undefined;
  /** Bytes on the wire. */
  readonly length: number;
  readonly direction: Direction | undefined;
}

export interface FlowOwner {
  readonly pid: number | null;
  readonly program: string | null;
}

/** Looks up who owns the socket of a flow: protocol (tcp/udp), local and remote ends. */
export type OwnerLookup = (proto: string, local: string, localPort: number, remote: string, remotePort: number) => FlowOwner | undefined;

export interface FlowRow {
  readonly proto: string;
  /** `address:port` (`[v6]:port`), or the bare address for protocols without ports. */
  readonly local: string;
  readonly remote: string;
  readonly pid: number | null;
  readonly program: string | null;
  /** The grouping key of a per-process view: `program (pid)`, or `unknown` where no socket was found. */
  readonly process: string;
  /** Bytes per second over the last interval, sent from the local end (up) and to it (down). */
  readonly upRate: number;
  readonly downRate: number;
  readonly upBytes: number;
  readonly downBytes: number;
  readonly packets: number;
}

interface Flow {
  readonly proto: string;
  readonly local: string;
  readonly localPort: number | undefined;
  readonly remote: string;
  readonly remotePort: number | undefined;
  up: number;
  down: number;
  upTotal: number;
  downTotal: number;
  packets: number;
  idleIntervals: number;
  owner: FlowOwner | undefined;
}

export interface FlowTableOptions {
  /** Whether an address is this host's, for captures that do not say which way a packet went (Ethernet). */
  readonly isLocal: (address: string) => boolean;
  /** A flow with no packets for this many intervals is dropped. */
  readonly keepIdleIntervals?: number;
  /** At most this many flows are kept; beyond, new flows are counted in `overflow` only (a port scan must not grow memory). */
  readonly maxFlows?: number;
}

/**
 * The local end of a packet: the sender when it went out, the receiver when it came in; where the
 * capture does not say (Ethernet), whichever address is this host's; the sender when neither is.
 */
function senderIsLocal(packet: FlowPacket, isLocal: (address: string) => boolean): boolean {
  if (packet.direction === 'out') return true;
  if (packet.direction !== undefined) return false;
  if (isLocal(packet.src!)) return true;
  return !isLocal(packet.dst!);
}

export class FlowTable {
  private readonly flows = new Map<string, Flow>();
  private readonly keepIdle: number;
  private readonly maxFlows: number;
  /** Packets of flows that did not fit under maxFlows since the last snapshot. */
  overflow = 0;

  constructor(private readonly options: FlowTableOptions) {
    this.keepIdle = options.keepIdleIntervals ?? 5;
    this.maxFlows = options.maxFlows ?? 10_000;
  }

  add(packet: FlowPacket): void {
    if (packet.src === undefined || packet.dst === undefined) return;
    const outbound = senderIsLocal(packet, this.options.isLocal);
    const [local, localPort, remote, remotePort] = outbound
      ? [unmapAddress(packet.src), packet.sport, unmapAddress(packet.dst), packet.dport]
      : [unmapAddress(packet.dst), packet.dport, unmapAddress(packet.src), packet.sport];
    const key = `${packet.proto} ${local} ${localPort} ${remote} ${remotePort}`;
    let flow = this.flows.get(key);
    if (!flow) {
      if (this.flows.size >= this.maxFlows) {
        this.overflow++;
        return;
      }
      flow = { proto: packet.proto, local, localPort, remote, remotePort, up: 0, down: 0, upTotal: 0, downTotal: 0, packets: 0, idleIntervals: 0, owner: undefined };
      this.flows.set(key, flow);
    }
    if (outbound) flow.up += packet.length;
    else flow.down += packet.length;
    flow.packets++;
  }

  /**
   * The rows for an interval of `elapsedMs`, sorted by rate (up plus down, then total), and a new
   * interval begun. Owners are looked up for flows that have none yet (a socket keeps its owner).
   */
  snapshot(elapsedMs: number, owners: OwnerLookup): FlowRow[] {
    const seconds = Math.max(elapsedMs, 1) / 1000;
    const rows: FlowRow[] = [];
    for (const [key, flow] of this.flows) {
      if (flow.up === 0 && flow.down === 0 && ++flow.idleIntervals > this.keepIdle) {
        this.flows.delete(key);
        continue;
      }
      if (flow.up || flow.down) flow.idleIntervals = 0;
      flow.upTotal += flow.up;
      flow.downTotal += flow.down;
      if (!flow.owner && flow.localPort !== undefined && flow.remotePort !== undefined) flow.owner = owners(flow.proto, flow.local, flow.localPort, flow.remote, flow.remotePort);
      const pid = flow.owner?.pid ?? null;
      const program = flow.owner?.program ?? null;
      rows.push({
        proto: flow.proto,
        local: flow.localPort === undefined ? flow.local : formatPeer(flow.local, flow.localPort),
        remote: flow.remotePort === undefined ? flow.remote : formatPeer(flow.remote, flow.remotePort),
        pid,
        program,
        process: program !== null || pid !== null ? `${program ?? '?'} (${pid ?? '?'})` : 'unknown',
        upRate: Math.round(flow.up / seconds),
        downRate: Math.round(flow.down / seconds),
        upBytes: flow.upTotal,
        downBytes: flow.downTotal,
        packets: flow.packets,
      });
      flow.up = 0;
      flow.down = 0;
    }
    return rows.sort((a, b) => b.upRate + b.downRate - (a.upRate + a.downRate) || b.upBytes + b.downBytes - (a.upBytes + a.downBytes));
  }
}

/** A socket table as an OwnerLookup: the connected socket first, else one bound to the local port (any address). */
export function indexOwners(sockets: readonly { readonly proto: string; readonly local: { readonly address: string; readonly port: number }; readonly remote: { readonly address: string; readonly port: number }; readonly pid: number | null; readonly program: string | null }[]): OwnerLookup {
  const exact = new Map<string, FlowOwner>();
  const bound = new Map<string, FlowOwner>();
  for (const socket of sockets) {
    if (socket.pid === null && socket.program === null) continue;
    const proto = socket.proto.startsWith('tcp') ? 'tcp' : 'udp';
    const owner = { pid: socket.pid, program: socket.program };
    const local = unmapAddress(socket.local.address);
    if (socket.remote.port !== 0) exact.set(`${proto} ${local} ${socket.local.port} ${unmapAddress(socket.remote.address)} ${socket.remote.port}`, owner);
    else bound.set(`${proto} ${socket.local.port}`, owner);
  }
  return (proto, local, localPort, remote, remotePort) => exact.get(`${proto} ${local} ${localPort} ${remote} ${remotePort}`) ?? bound.get(`${proto} ${localPort}`);
}
