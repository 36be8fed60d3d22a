/** `netstat -s` (protocol counters) and `netstat -r` (routes): the reports beside the socket table. */
import { writeWithBackpressure } from '../io.js';
import { flattenCounters } from '../protocol/net-statistics.js';
import { formatJson } from '../render/json.js';
import { formatCounters } from '../render/net-statistics.js';
import { formatIpv4Routes, formatIpv6Routes } from '../render/route-table.js';
import { readCounters } from '../sources/net-statistics.js';
import { readRouteTables } from '../sources/route-table.js';
import type { CommandContext } from './context.js';

export interface ReportOptions {
  readonly tcp?: boolean;
  readonly udp?: boolean;
  readonly '4'?: boolean;
  readonly '6'?: boolean;
  /** A /proc stand-in for tests. */
  readonly procRoot?: string;
}

/** The groups -t and -u keep, as netstat -st and -su do: TCP's (Tcp, TcpExt, MPTcpExt) and UDP's (Udp, Udp6, UdpLite, UdpLite6). */
function wantedGroup(group: string, options: ReportOptions): boolean {
  if (!options.tcp && !options.udp) return true;
  return (options.tcp === true && /^(MP)?Tcp/.test(group)) || (options.udp === true && group.startsWith('Udp'));
}

/** -s: every counter, grouped (-t, -u: those protocols' groups); --json a flat `{"Tcp.RetransSegs": 3029, ...}`. */
export async function runNetstatStatistics(context: CommandContext, options: ReportOptions = {}): Promise<void> {
  const groups = new Map([...readCounters(options.procRoot)].filter(([group]) => wantedGroup(group, options)));
  const text = context.json ? formatJson(flattenCounters(groups)) : formatCounters(groups, context.palette);
  await writeWithBackpressure(context.io.stdout, text);
}

/** -r: the IPv4 and IPv6 tables (-4 or -6 for one); --json one array of routes with their family. */
export async function runNetstatRoutes(context: CommandContext, options: ReportOptions = {}): Promise<void> {
  const { ipv4, ipv6 } = readRouteTables(options.procRoot);
  const v4 = options['6'] ? [] : ipv4;
  const v6 = options['4'] ? [] : ipv6;
  if (context.json) {
    await writeWithBackpressure(context.io.stdout, formatJson([...v4, ...v6]));
    return;
  }
  const parts = [...(options['6'] ? [] : [formatIpv4Routes(v4, context.palette)]), ...(options['4'] ? [] : [formatIpv6Routes(v6, context.palette)])];
  await writeWithBackpressure(context.io.stdout, parts.join('\n'));
}
