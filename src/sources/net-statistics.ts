/** The kernel's protocol counters: /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6. Reads only. */
import { NettoolError } from '../errors.js';
import { parseCounterPairs, parseSnmp6, type CounterGroups } from '../protocol/net-statistics.js';
import { readTextOrNull } from './read-text.js';

/** Every group, snmp's first (Ip, Icmp, IcmpMsg, Tcp, Udp, UdpLite), then netstat's (TcpExt, IpExt, ...), then IPv6's. */
export function readCounters(procRoot = '/proc'): CounterGroups {
  const snmp = readTextOrNull(`${procRoot}/net/snmp`);
  if (snmp === null) throw new NettoolError(`netstat -s needs /proc (Linux): cannot read ${procRoot}/net/snmp`);
  const netstat = readTextOrNull(`${procRoot}/net/netstat`);
  const snmp6 = readTextOrNull(`${procRoot}/net/snmp6`);
  return new Map([...parseCounterPairs(snmp), ...(netstat ? parseCounterPairs(netstat) : []), ...(snmp6 ? parseSnmp6(snmp6) : [])]);
}
