/** A captured packet as one tcpdump-style text line and as one JSON record, from the same view. Pure. */
import { decodePacket } from './decode.js';
import type { TcpSequences } from './tcp-text.js';
import type { CapturedPacket, DecodedPacket, Direction, Link } from './types.js';
import { viewPacket, type PacketView } from './view.js';

/** tcpdump's column for the direction of a Linux cooked capture (print-sll.c). */
const directionWords: Readonly<Record<Direction, string>> = { in: 'In', out: 'Out', broadcast: 'B', multicast: 'M', 'other-host': 'P' };

export interface LineContext {
  readonly sequences: TcpSequences;
  /** The name of interface `index` on this host (Linux cooked v2 carries only the index). */
  readonly interfaceName: (index: number) => string | undefined;
  /** The interface a single-interface live capture runs on (-i lo): every packet's, where the link layer does not say. */
  readonly device?: string;
  /** Minutes to add to UTC for local time at this instant (tcpdump prints local time). */
  readonly utcOffsetMinutes: (ms: number) => number;
  /** --resolve: the host name of an address, where one is known; lines show the address otherwise. */
  readonly nameOf?: (address: string) => string | undefined;
}

export interface PacketLine {
  readonly decoded: DecodedPacket;
  readonly view: PacketView;
  readonly interface: string | undefined;
  readonly direction: Direction | undefined;
}

/** Bytes of link-layer header in front of the network layer. */
export function linkHeaderLength(link: Link): number {
  switch (link.kind) {
    case 'ethernet':
      return 14 + 4 * link.vlans.length;
    case 'sll':
      return 16;
    case 'sll2':
      return 20;
    case 'loopback':
      return 4;
    case 'raw':
    case 'unknown':
      return 0;
  }
}

export function describePacket(packet: CapturedPacket, context: LineContext): PacketLine {
  const decoded = decodePacket(packet.linkType, packet.data);
  const link = decoded.link;
  const view = viewPacket(decoded, packet.length, Math.max(packet.length - linkHeaderLength(link), 0), context.sequences);
  const name = link.kind === 'sll2' ? (context.interfaceName(link.ifindex) ?? `if${link.ifindex}`) : (packet.interfaceName ?? context.device);
  const direction = link.kind === 'sll' || link.kind === 'sll2' ? link.direction : undefined;
  return { decoded, view, interface: name, direction };
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** `16:06:59.574752`: local time to the microsecond, as tcpdump prints it. */
export function formatClock(packet: CapturedPacket, utcOffsetMinutes: number): string {
  const local = packet.seconds + utcOffsetMinutes * 60;
  const day = ((local % 86_400) + 86_400) % 86_400;
  const micros = Math.floor(packet.nanos / 1000);
  return `${two(Math.floor(day / 3600))}:${two(Math.floor(day / 60) % 60)}:${two(day % 60)}.${String(micros).padStart(6, '0')}`;
}

function endpoint(address: string, port: number | undefined): string {
  return port === undefined ? address : `${address}.${port}`;
}

/** One line, no newline: `16:06:59.574752 lo    In  IP 127.0.0.1.32772 > 127.0.0.1.9999: UDP, length 5` */
export function formatPacketLine(packet: CapturedPacket, line: PacketLine, context: LineContext): string {
  const { view } = line;
  let text = formatClock(packet, context.utcOffsetMinutes(packet.seconds * 1000));
  const link = line.decoded.link;
  if (link.kind === 'sll2') text += ` ${(line.interface ?? '').padEnd(5)} ${(line.direction ? directionWords[line.direction] : '?').padEnd(3)}`;
  else if (link.kind === 'sll') text += ` ${(line.direction ? directionWords[line.direction] : '?').padEnd(3)}`;
  if (view.family === 'IP' || view.family === 'IP6') {
    const ports = !view.portsInSummary;
    const src = context.nameOf?.(view.src!) ?? view.src!;
    const dst = context.nameOf?.(view.dst!) ?? view.dst!;
    return `${text} ${view.family} ${endpoint(src, ports ? view.sport : undefined)} > ${endpoint(dst, ports ? view.dport : undefined)}: ${view.summary}`;
  }
  return `${text} ${view.summary}`;
}

/** ISO 8601 in UTC to the microsecond: `2026-12-04T16:06:59.574752Z`. */
export function formatIsoMicros(packet: CapturedPacket): string {
  const iso = new Date(packet.seconds * 1000).toISOString();
  return `${iso.slice(0, 19)}.${String(Math.floor(packet.nanos / 1000)).padStart(6, '0')}Z`;
}

/** The JSON Lines record (README, "capture"). */
export function toPacketRecord(packet: CapturedPacket, line: PacketLine): Record<string, unknown> {
  const { view, decoded } = line;
  const record: Record<string, unknown> = {
    time: formatIsoMicros(packet),
    interface: line.interface ?? null,
    direction: line.direction ?? null,
    length: packet.length,
    captured: packet.data.length,
    proto: view.proto,
    src: view.src ?? null,
    dst: view.dst ?? null,
  };
  if (view.sport !== undefined) record.sport = view.sport;
  if (view.dport !== undefined) record.dport = view.dport;
  record.flags = view.flags ?? null;
  const network = decoded.network;
  if (network?.kind === 'ipv4' || network?.kind === 'ipv6') record.ttl = network.kind === 'ipv4' ? network.ttl : network.hopLimit;
  const transport = decoded.transport;
  if (transport?.kind === 'tcp') Object.assign(record, { seq: transport.seq, ack: transport.ack, window: transport.window });
  if (decoded.dns) record.dns = { id: decoded.dns.id, response: decoded.dns.response };
  record.summary = view.summary;
  if (decoded.problem) record.problem = decoded.problem;
  return record;
}
