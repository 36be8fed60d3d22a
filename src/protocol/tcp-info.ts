/** `ss -tine` output → tcp_info byte counters per socket inode, and rates between two readings. Pure: text in, numbers out. */

/** tcpi_bytes_received and tcpi_bytes_acked (RFC 4898 tcpEStatsAppHCThruOctetsReceived/Acked), as ss prints them. */
export interface TcpCounters {
  readonly bytesReceived: number;
  readonly bytesAcked: number;
  /** tcpi_rtt, the smoothed round-trip time in microseconds (sock_diag only). */
  readonly rttMicroseconds?: number;
  /** tcpi_total_retrans, segments retransmitted over the connection's life (sock_diag only). */
  readonly totalRetransmits?: number;
}

export interface Rates {
  /** Bytes per second. */
  readonly rx: number;
  readonly tx: number;
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 13;

/**
 * The number after `name:` where that word starts the line or follows a space, and the digits run to
 * a space or the end; else undefined. indexOf rather than regular expressions: ss prints about 600
 * bytes a socket, and a live view reads them all every second.
 */
function fieldValue(line: string, name: string): number | undefined {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    if (at > 0 && !isSpace(line.charCodeAt(at - 1))) continue;
    let end = at + name.length;
    let value = 0;
    let digits = 0;
    for (; end < line.length; end++) {
      const code = line.charCodeAt(end);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
      digits++;
    }
    if (digits > 0 && (end === line.length || isSpace(line.charCodeAt(end)))) return value;
  }
  return undefined;
}

/**
 * Counters per inode. ss prints a socket line and then indented detail lines (or, with `-O`, all on
 * one line); the header line, if any, has no `ino:`. ss leaves out fields that are zero, so a socket
 * with an inode and no byte fields has counted nothing yet. Orphaned sockets (inode 0: closing, owned
 * by no process) are skipped.
 */
export function parseSsTcpInfo(text: string): Map<number, TcpCounters> {
  const counters = new Map<number, TcpCounters>();
  let inode: number | undefined;
  let received = 0;
  let acked = 0;
  const finish = () => {
    if (inode !== undefined && inode !== 0 && Number.isSafeInteger(inode)) counters.set(inode, { bytesReceived: received, bytesAcked: acked });
  };
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (!isSpace(line.charCodeAt(0))) {
      finish();
      inode = fieldValue(line, 'ino:');
      received = 0;
      acked = 0;
    } else if (inode === undefined) {
      continue;
    }
    received = fieldValue(line, 'bytes_received:') ?? received;
    acked = fieldValue(line, 'bytes_acked:') ?? acked;
  }
  finish();
  return counters;
}

/** A rate from two readings of a counter, or null when it went backwards (the inode was reused). */
export function counterRate(before: number, after: number, elapsedMs: number): number | null {
  if (elapsedMs <= 0 || after < before) return null;
  return ((after - before) * 1000) / elapsedMs;
}

/** Rates of the sockets seen in both readings; a socket seen first now has none yet. */
export function tcpRates(before: ReadonlyMap<number, TcpCounters>, after: ReadonlyMap<number, TcpCounters>, elapsedMs: number): Map<number, Rates> {
  const rates = new Map<number, Rates>();
  for (const [inode, now] of after) {
    const then = before.get(inode);
    if (!then) continue;
    const rx = counterRate(then.bytesReceived, now.bytesReceived, elapsedMs);
    const tx = counterRate(then.bytesAcked, now.bytesAcked, elapsedMs);
    if (rx !== null && tx !== null) rates.set(inode, { rx, tx });
  }
  return rates;
}

/** Both ports of a TCP connection whose rates are wanted. */
export interface PortPair {
  readonly localPort: number;
  readonly remotePort: number;
}

/** Past this many connections one filter costs more to build and run than reading every socket. */
export const maxFilteredPairs = 256;

/**
 * An ss filter (ss(8), FILTER) selecting these connections by their ports, or null for every socket
 * when there are too many. The kernel runs the filter (inet_diag bytecode), so ss only formats the
 * sockets asked for: 10 ms instead of 110 ms with 10,000 sockets. Ports may match a few other
 * sockets as well; counters are keyed by inode, so extras do no harm.
 */
export function formatSsPortFilter(pairs: readonly PortPair[]): string | null {
  const unique = [...new Set(pairs.map((p) => `${p.localPort}:${p.remotePort}`))];
  if (unique.length === 0 || unique.length > maxFilteredPairs) return null;
  return unique
    .map((pair) => {
      const [local, remote] = pair.split(':');
      return `( sport = :${local} and dport = :${remote} )`;
    })
    .join(' or ');
}
