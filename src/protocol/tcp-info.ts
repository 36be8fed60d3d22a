/** `ss -tine` output → tcp_info byte counters per socket inode, and rates between two readings. Pure: text in, numbers out. */

/** tcpi_bytes_received and tcpi_bytes_acked (RFC 4898 tcpEStatsAppHCThruOctetsReceived/Acked), as ss prints them. */
export interface TcpCounters {
  readonly bytesReceived: number;
  readonly bytesAcked: number;
}

export interface Rates {
  /** Bytes per second. */
  readonly rx: number;
  readonly tx: number;
}

const inodePattern = /(?:^|\s)ino:(\d+)(?=\s|$)/;
const receivedPattern = /(?:^|\s)bytes_received:(\d+)(?=\s|$)/;
const ackedPattern = /(?:^|\s)bytes_acked:(\d+)(?=\s|$)/;

/**
 * Joins ss's records: one line each with `-O`, else a socket line followed by indented detail lines
 * (older ss has no `-O`). The header line, if any, is dropped.
 */
function records(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      if (out.length) out[out.length - 1] += ` ${line.trim()}`;
    } else if (!/^(?:State|Netid)\s/.test(line)) {
      out.push(line);
    }
  }
  return out;
}

/**
 * Counters per inode. ss leaves out fields that are zero, so a socket with an inode and no byte
 * fields has counted nothing yet. Orphaned sockets (inode 0: closing, owned by no process) are skipped.
 */
export function parseSsTcpInfo(text: string): Map<number, TcpCounters> {
  const counters = new Map<number, TcpCounters>();
  for (const record of records(text)) {
    const inode = inodePattern.exec(record);
    if (!inode) continue;
    const id = Number(inode[1]);
    if (!Number.isSafeInteger(id) || id === 0) continue;
    counters.set(id, {
      bytesReceived: Number(receivedPattern.exec(record)?.[1] ?? 0),
      bytesAcked: Number(ackedPattern.exec(record)?.[1] ?? 0),
    });
  }
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
