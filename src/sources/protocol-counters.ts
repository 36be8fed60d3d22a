/** The kernel's protocol counters (/proc/net/snmp, /proc/net/netstat, /proc/net/snmp6). Reads only; parsing is protocol/proc-snmp.ts. */
import { readFileSync } from 'node:fs';
import { parseProcSnmp, parseProcSnmp6, type ProtocolCounters } from '../protocol/proc-snmp.js';

/** Every group the three files hold; a file that is missing (no IPv6) or unreadable adds nothing. */
export function readProtocolCounters(procRoot = '/proc'): ProtocolCounters {
  const counters = new Map<string, Map<string, number>>();
  const read = (name: string): string => {
    try {
      return readFileSync(`${procRoot}/net/${name}`, 'latin1');
    } catch {
      return '';
    }
  };
  parseProcSnmp(read('snmp'), counters);
  parseProcSnmp(read('netstat'), counters);
  parseProcSnmp6(read('snmp6'), counters);
  return counters;
}
