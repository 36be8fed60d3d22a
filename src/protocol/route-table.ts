/** The whole routing table from /proc/net/route and /proc/net/ipv6_route, with netstat -rn's flags. Pure: text in, routes out. */
import { decodeIPv6Hex, decodeProcIPv4 } from './routes.js';

export interface Ipv4Route {
  readonly family: 4;
  readonly destination: string;
  readonly gateway: string;
  readonly genmask: string;
  /** netstat's letters: U up, G gateway, H host, R reinstate, D dynamic, M modified, ! reject. */
  readonly flags: string;
  readonly metric: number;
  readonly mss: number;
  readonly window: number;
  readonly irtt: number;
  readonly interface: string;
}

export interface Ipv6Route {
  readonly family: 6;
  /** `fd00::/64`. */
  readonly destination: string;
  readonly nextHop: string;
  readonly flags: string;
  /** Signed, as netstat prints it: a reject route's 0xffffffff is -1. */
  readonly metric: number;
  readonly ref: number;
  readonly use: number;
  readonly interface: string;
}

export type Route = Ipv4Route | Ipv6Route;

/** include/uapi/linux/route.h and ipv6_route.h, in the order net-tools prints the letters. */
const ipv4Flags: readonly (readonly [number, string])[] = [
  [0x1, 'U'], [0x2, 'G'], [0x4, 'H'], [0x8, 'R'], [0x10, 'D'], [0x20, 'M'],
];
const ipv6Flags: readonly (readonly [number, string])[] = [
  [0x1, 'U'], [0x200, '!'], [0x2, 'G'], [0x4, 'H'], [0x10000, 'D'], [0x40000, 'A'], [0x1000000, 'C'],
  [0x20000, 'a'], [0x400000, 'e'], [0x20, 'm'], [0x200000, 'n'], [0x2000000, 'f'],
];
const RTF_REJECT = 0x200;

function letters(bits: number, table: readonly (readonly [number, string])[]): string {
  return table.filter(([bit]) => (bits & bit) !== 0).map(([, letter]) => letter).join('');
}

/** `Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT`, after a header line (net/ipv4/fib_trie.c fib_route_seq_show). */
export function parseIPv4RouteTable(text: string, littleEndian = true): Ipv4Route[] {
  const routes: Ipv4Route[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 11) continue;
    const [iface, destination, gateway, flags, , , metric, mask, mtu, window, irtt] = fields as [string, string, string, string, string, string, string, string, string, string, string];
    if (![destination, gateway, mask].every((hex) => /^[0-9A-Fa-f]{8}$/.test(hex))) continue;
    const bits = Number.parseInt(flags, 16);
    // net-tools shows a reject route with '!' in place of U.
    const shown = (bits & RTF_REJECT) !== 0 ? `!${letters(bits & ~0x1, ipv4Flags)}` : letters(bits, ipv4Flags);
    routes.push({
      family: 4,
      destination: decodeProcIPv4(destination, littleEndian),
      gateway: decodeProcIPv4(gateway, littleEndian),
      genmask: decodeProcIPv4(mask, littleEndian),
      flags: shown,
      metric: Number(metric),
      mss: Number(mtu),
      window: Number(window),
      irtt: Number(irtt),
      interface: iface,
    });
  }
  return routes;
}

/** `dest destlen src srclen nexthop metric refcnt use flags iface`, all hex but the name (net/ipv6/route.c rt6_info_seq_show). */
export function parseIPv6RouteTable(text: string): Ipv6Route[] {
  const routes: Ipv6Route[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || !/^[0-9a-f]{32}$/i.test(fields[0]!) || !/^[0-9a-f]{32}$/i.test(fields[4]!)) continue;
    const [destination, length, , , nextHop, metric, ref, use, flags, iface] = fields as [string, string, string, string, string, string, string, string, string, string];
    routes.push({
      family: 6,
      destination: `${decodeIPv6Hex(destination)}/${Number.parseInt(length, 16)}`,
      nextHop: decodeIPv6Hex(nextHop),
      flags: letters(Number.parseInt(flags, 16), ipv6Flags),
      metric: Number.parseInt(metric, 16) | 0,
      ref: Number.parseInt(ref, 16),
      use: Number.parseInt(use, 16),
      interface: iface,
    });
  }
  return routes;
}
