/** What a failed connect or probe says about a port, by errno; shared by the TCP and UDP probes. Moves no bytes. */
import type { PortState } from '../protocol/scan-result.js';
import type { Settled } from './port-sweep.js';

export interface ProbeOutcome {
  readonly state: PortState;
  /** Set when the network answered with something other than a refusal: `host unreachable`. */
  readonly reason?: string;
  /** --banner: the first line, sanitised; null when the service said nothing in time. */
  readonly banner?: string | null;
}

/** Shortages on this side: the port was not probed, and is tried again after a pause. */
const localShortages = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS', 'ENOMEM', 'EAGAIN']);

const reasons: Record<string, string> = {
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EACCES: 'blocked on this host',
  EPERM: 'blocked on this host',
  ETIMEDOUT: 'timed out',
};

/**
 * ECONNREFUSED is a RST (TCP) or an ICMP port unreachable (UDP): closed. An ICMP host or network
 * unreachable, or a local firewall's refusal, says nothing about the port itself: filtered, with
 * the reason, as nmap counts it.
 */
export function outcomeOfError(code: string | undefined): Settled<ProbeOutcome> {
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return { outcome: { state: 'closed' } };
  if (code !== undefined && localShortages.has(code)) return { retry: code };
  return { outcome: { state: 'filtered', reason: (code && reasons[code]) ?? code ?? 'unknown error' } };
}
