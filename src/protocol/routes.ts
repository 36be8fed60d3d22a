/** Default routes from /proc/net/route and /proc/net/ipv6_route. Pure: file text in, routes out. */
import { formatIPv6Bytes } from './ipv6.js';

export interface DefaultRoute {
  readonly family: 4 | 6;
  readonly interface: string;
  /** The next hop; null for a route straight out of the interface (ppp, WireGuard, tun). */
  readonly gateway: string | null;
  readonly metric: number;
}

/** /proc/net/route stores IPv4 addresses as host-order (little-endian on x86) hex: 0101A8C0 is 192.168.1.1. */
export function decodeProcIPv4(hex: string, littleEndian = true): string {
  const n = Number.parseInt(hex, 16) >>> 0;
  const bytes = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return (littleEndian ? bytes.reverse() : bytes).join('.');
}

/** 32 hex digits in network order, as /proc/net/ipv6_route writes them, to the canonical text form. */
export function decodeIPv6Hex(hex: string): string {
  return formatIPv6Bytes(Buffer.from(hex, 'hex'));
}

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;
/** An unreachable (reject) route: Linux keeps `::/0 dev lo` as one; it sends nothing anywhere. */
const RTF_REJECT = 0x200;

/** `Iface Destination Gateway Flags RefCnt Use Metric Mask ...` with a header line. */
export function parseIPv4Routes(text: string, littleEndian = true): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iface, destination, gateway, flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || !gateway || !flags || !mask) continue;
    const flagBits = Number.parseInt(flags, 16);
    if (destination !== '00000000' || mask !== '00000000' || !(flagBits & RTF_UP) || flagBits & RTF_REJECT) continue;
    const via = flagBits & RTF_GATEWAY ? decodeProcIPv4(gateway, littleEndian) : null;
    routes.push({ family: 4, interface: iface, gateway: via, metric: Number.parseInt(metric ?? '0', 10) });
  }
  return routes.sort((a, b) => a.metric - b.metric);
}

/** `dest destlen src srclen nexthop metric refcnt use flags iface`, no header, all hex. */
export function parseIPv6Routes(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [destination, destinationLength, , , nextHop, metric, , , flags, iface] = fields;
    const flagBits = Number.parseInt(flags!, 16);
    if (!/^0{32}$/.test(destination!) || destinationLength !== '00') continue;
    if (!(flagBits & RTF_UP) || flagBits & RTF_REJECT) continue;
    const via = flagBits & RTF_GATEWAY && !/^0{32}$/.test(nextHop!) ? decodeIPv6Hex(nextHop!) : null;
    routes.push({ family: 6, interface: iface!, gateway: via, metric: Number.parseInt(metric!, 16) });
  }
  return routes.sort((a, b) => a.metric - b.metric);
}
