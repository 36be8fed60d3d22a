/** /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6 text → counters by group and name. Pure: text in, numbers out. */

/** `Tcp` → `RetransSegs` → 12. Groups as the kernel names them (Ip, Icmp, Tcp, Udp, TcpExt, IpExt, Udp6, ...). */
export type ProtocolCounters = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * snmp and netstat print each group as two lines, `Tcp: RtoAlgorithm RtoMin ...` and then
 * `Tcp: 1 200 ...`. A pair whose lengths differ, or a value that is not a number, is skipped rather
 * than misaligned: one bad group must not shift every counter after it.
 */
export function parseProcSnmp(text: string, into = new Map<string, Map<string, number>>()): Map<string, Map<string, number>> {
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = splitGroupLine(lines[i]!);
    const values = splitGroupLine(lines[i + 1]!);
    if (!header || !values || header.group !== values.group) continue;
    i++;
    if (header.words.length !== values.words.length) continue;
    const group = into.get(header.group) ?? new Map<string, number>();
    header.words.forEach((name, index) => {
      const value = Number(values.words[index]);
      if (/^-?\d+$/.test(values.words[index]!) && Number.isFinite(value)) group.set(name, value);
    });
    into.set(header.group, group);
  }
  return into;
}

function splitGroupLine(line: string): { group: string; words: string[] } | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  return { group: line.slice(0, colon), words: line.slice(colon + 1).trim().split(/\s+/).filter(Boolean) };
}

/** snmp6 is one `Udp6InDatagrams  42` per line; the group is the name's protocol prefix. */
const snmp6Groups = ['Icmp6', 'Udp6', 'UdpLite6', 'Ip6'] as const;

export function parseProcSnmp6(text: string, into = new Map<string, Map<string, number>>()): Map<string, Map<string, number>> {
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (!name || value === undefined || !/^-?\d+$/.test(value)) continue;
    const group = snmp6Groups.find((prefix) => name.startsWith(prefix) && name.length > prefix.length);
    if (!group) continue;
    const counters = into.get(group) ?? new Map<string, number>();
    counters.set(name.slice(group.length), Number(value));
    into.set(group, counters);
  }
  return into;
}

/** `RetransSegs` → `retrans_segs`, `TCPSynRetrans` → `tcp_syn_retrans`, `InCsumErrors` → `in_csum_errors`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
