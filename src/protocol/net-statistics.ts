/**
 * Protocol counters from /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6, grouped as
 * netstat -s groups them, with the counters people look for first. Pure: file text in, counters out.
 */

/** One group's counters in the kernel's order: `Tcp` → RetransSegs → 3029. */
export type CounterGroups = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * `Group: Name Name ...` followed by `Group: value value ...`, as net/ipv4/proc.c writes snmp and
 * netstat. A pair whose lengths differ is skipped rather than misread; values may be negative
 * (Tcp MaxConn is -1).
 */
export function parseCounterPairs(text: string): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const names = /^(\w+): (.*)$/.exec(lines[i]!.trim());
    const values = /^(\w+): (.*)$/.exec(lines[i + 1]!.trim());
    if (!names || !values || names[1] !== values[1]) continue;
    const keys = names[2]!.trim().split(/\s+/);
    const numbers = values[2]!.trim().split(/\s+/).map(Number);
    if (keys.length !== numbers.length || numbers.some((n) => !Number.isFinite(n)) || keys.some((k) => !/^[A-Za-z]/.test(k))) continue;
    const group = groups.get(names[1]!) ?? new Map<string, number>();
    keys.forEach((key, k) => group.set(key, numbers[k]!));
    groups.set(names[1]!, group);
    i++;
  }
  return groups;
}

/** `Ip6InReceives  347`, one per line (net/ipv6/proc.c): grouped by the prefix, as Ip6, Icmp6, Udp6, UdpLite6. */
export function parseSnmp6(text: string): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const match = /^(Ip6|Icmp6|Udp6|UdpLite6)(\w+)\s+(-?\d+)$/.exec(line.trim());
    if (!match) continue;
    const group = groups.get(match[1]!) ?? new Map<string, number>();
    group.set(match[2]!, Number(match[3]));
    groups.set(match[1]!, group);
  }
  return groups;
}

/** Every counter as one flat object, `Group.Name` → value: what --json prints and an exporter can read. */
export function flattenCounters(groups: CounterGroups): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [group, counters] of groups) for (const [name, value] of counters) flat[`${group}.${name}`] = value;
  return flat;
}

/**
 * What netstat -s calls each counter (net-tools statistics.c), for those it words; the rest it
 * shows as `Name: value`, and so does nettool.
 */
export const counterPhrases: Readonly<Record<string, string>> = {
  'Ip.InReceives': '%d total packets received',
  'Ip.ForwDatagrams': '%d forwarded',
  'Ip.InDiscards': '%d incoming packets discarded',
  'Ip.InDelivers': '%d incoming packets delivered',
  'Ip.OutRequests': '%d requests sent out',
  'Ip.OutDiscards': '%d outgoing packets dropped',
  'Ip.OutNoRoutes': '%d dropped because of missing route',
  'Icmp.InMsgs': '%d ICMP messages received',
  'Icmp.InErrors': '%d input ICMP message failed',
  'Icmp.OutMsgs': '%d ICMP messages sent',
  'Icmp.OutErrors': '%d ICMP messages failed',
  'Tcp.ActiveOpens': '%d active connection openings',
  'Tcp.PassiveOpens': '%d passive connection openings',
  'Tcp.AttemptFails': '%d failed connection attempts',
  'Tcp.EstabResets': '%d connection resets received',
  'Tcp.CurrEstab': '%d connections established',
  'Tcp.InSegs': '%d segments received',
  'Tcp.OutSegs': '%d segments sent out',
  'Tcp.RetransSegs': '%d segments retransmitted',
  'Tcp.InErrs': '%d bad segments received',
  'Tcp.OutRsts': '%d resets sent',
  'Udp.InDatagrams': '%d packets received',
  'Udp.NoPorts': '%d packets to unknown port received',
  'Udp.InErrors': '%d packet receive errors',
  'Udp.OutDatagrams': '%d packets sent',
  'Udp.RcvbufErrors': '%d receive buffer errors',
  'Udp.SndbufErrors': '%d send buffer errors',
  'TcpExt.TW': '%d TCP sockets finished time wait in fast timer',
  'TcpExt.DelayedACKs': '%d delayed acks sent',
  'TcpExt.ListenOverflows': '%d times the listen queue of a socket overflowed',
  'TcpExt.ListenDrops': '%d SYNs to LISTEN sockets dropped',
  'TcpExt.TCPHPHits': '%d packet headers predicted',
  'TcpExt.TCPPureAcks': '%d acknowledgments not containing data payload received',
  'TcpExt.TCPHPAcks': '%d predicted acknowledgments',
  'TcpExt.TCPFastRetrans': '%d fast retransmits',
  'TcpExt.TCPAbortOnData': '%d connections reset due to unexpected data',
  'TcpExt.TCPAbortOnClose': '%d connections reset due to early user close',
  'TcpExt.TCPAbortOnTimeout': '%d connections aborted due to timeout',
  'TcpExt.TCPBacklogDrop': '%d packets dropped from the socket backlog',
};

/**
 * The counters people look for first when something is wrong, in that order: retransmits, accept
 * queue overflows and drops, resets sent, UDP buffer and port errors, timeouts.
 */
export const headlineCounters: readonly string[] = [
  'Tcp.RetransSegs',
  'TcpExt.TCPTimeouts',
  'TcpExt.ListenOverflows',
  'TcpExt.ListenDrops',
  'Tcp.OutRsts',
  'Tcp.EstabResets',
  'Tcp.AttemptFails',
  'Tcp.InErrs',
  'Udp.RcvbufErrors',
  'Udp.SndbufErrors',
  'Udp.InErrors',
  'Udp.NoPorts',
  'Udp6.RcvbufErrors',
];

/** `3029 segments retransmitted`, or `TCPTimeouts: 23` where netstat has no words for it. */
export function describeCounter(key: string, value: number): string {
  const phrase = counterPhrases[key];
  return phrase ? phrase.replace('%d', String(value)) : `${key.slice(key.indexOf('.') + 1)}: ${value}`;
}
