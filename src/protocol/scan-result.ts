/** A port scan's results and what they add up to: states, the summary line, the exit rule. Pure: no sockets, no clock. */

/**
 * `open`: connected (TCP) or a reply came (UDP). `closed`: refused (a RST, or an ICMP port
 * unreachable for UDP). `filtered`: no answer within the wait (TCP). `open|filtered`: UDP silence,
 * which an open service that ignores the probe and a firewall that drops it both give.
 */
export type PortState = 'open' | 'closed' | 'filtered' | 'open|filtered';

export const portStates: readonly PortState[] = ['open', 'open|filtered', 'closed', 'filtered'];

export interface PortResult {
  readonly port: number;
  readonly state: PortState;
  /** The service name `ports` gives this port, or null. */
  readonly service: string | null;
  /** Owner of the listening socket, when the host is this machine and /proc shows it. */
  readonly pid?: number | null;
  readonly program?: string | null;
  /** --banner: the first line the service sent, sanitised; null when it said nothing in time. */
  readonly banner?: string | null;
  /** Why a port is filtered when the network said so (`host unreachable`), rather than staying silent. */
  readonly reason?: string;
}

export type StateCounts = Readonly<Record<PortState, number>>;

export function countStates(results: readonly Pick<PortResult, 'state'>[]): StateCounts {
  const counts: Record<PortState, number> = { open: 0, 'open|filtered': 0, closed: 0, filtered: 0 };
  for (const result of results) counts[result.state]++;
  return counts;
}

/** What is listed: open ports (and UDP's open|filtered, which nc -u -z reports as succeeded), or all with --all. */
export function isShown(state: PortState, all: boolean): boolean {
  return all || state === 'open' || state === 'open|filtered';
}

/**
 * nc -z's rule, so that `nettool scan host 22 && ...` works: 0 when a port is open, else 1. UDP
 * silence counts as open, as nc -u -z counts it.
 */
export function scanExitCode(counts: StateCounts): 0 | 1 {
  return counts.open + counts['open|filtered'] > 0 ? 0 : 1;
}

/** `3 open, 197 closed in 0.21 s`: the counts that are not zero, in portStates order. */
export function formatScanSummary(counts: StateCounts, elapsedMs: number): string {
  const parts = portStates.filter((state) => counts[state] > 0).map((state) => `${counts[state]} ${state}`);
  return `${parts.length ? parts.join(', ') : '0 ports'} in ${(elapsedMs / 1000).toFixed(2)} s`;
}
