/** The routing tables as the kernel lists them in /proc/net/route and /proc/net/ipv6_route. Reads only. */
import { endianness } from 'node:os';
import { NettoolError } from '../errors.js';
import { parseIPv4RouteTable, parseIPv6RouteTable, type Ipv4Route, type Ipv6Route } from '../protocol/route-table.js';
import { readTextOrNull } from './read-text.js';

export function readRouteTables(procRoot = '/proc'): { readonly ipv4: Ipv4Route[]; readonly ipv6: Ipv6Route[] } {
  const v4 = readTextOrNull(`${procRoot}/net/route`);
  const v6 = readTextOrNull(`${procRoot}/net/ipv6_route`);
  if (v4 === null && v6 === null) throw new NettoolError(`netstat -r needs /proc (Linux): cannot read ${procRoot}/net/route`);
  return { ipv4: v4 ? parseIPv4RouteTable(v4, endianness() === 'LE') : [], ipv6: v6 ? parseIPv6RouteTable(v6) : [] };
}
