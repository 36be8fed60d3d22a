/** Which listening socket a connect to ADDRESS:PORT reaches, and whether an address is this host's. Pure. */
import { addressToBigint } from './cidr.js';
import type { Connection, InetConnection } from './connection.js';

const mapped = (value: bigint) => (value >> 32n) === 0xffffn;
const loopbackV4 = (value: bigint) => mapped(value) && ((value >> 24n) & 0xffn) === 127n;

/**
 * Loopback (127.0.0.0/8, ::1, and 127/8 mapped), the unspecified addresses (a connect to 0.0.0.0
 * or :: reaches this host), or one of `hostAddresses` (the interfaces'): a scan of it can name owners.
 */
export function isThisHost(address: string, hostAddresses: readonly string[]): boolean {
  const value = addressToBigint(address);
  if (value === undefined) return false;
  if (value === 1n || value === anyV6 || value === anyV4 || loopbackV4(value)) return true;
  return hostAddresses.some((other) => addressToBigint(other) === value);
}

/** 0.0.0.0 and :: as addressToBigint gives them. */
const anyV4 = 0xffffn << 32n;
const anyV6 = 0n;

/**
 * The listener a connect to `address:port` reaches: one bound to that very address first, then a
 * wildcard of the same family, then an IPv6 wildcard for an IPv4 address (dual-stack `::` takes
 * IPv4 too unless IPV6_V6ONLY is set, which /proc does not show). Among equals, one with a known owner.
 */
export function findListener(listeners: readonly Connection[], address: string, port: number): InetConnection | undefined {
  const target = addressToBigint(address);
  if (target === undefined) return undefined;
  const targetIsV4 = mapped(target);
  const candidates = listeners.filter((c): c is InetConnection => c.proto !== 'unix' && c.local.port === port);
  const rank = (c: InetConnection): number => {
    const local = addressToBigint(c.local.address);
    const v6Socket = c.proto === 'tcp6' || c.proto === 'udp6';
    if (local === target) return 0;
    if (targetIsV4) return !v6Socket && local === anyV4 ? 1 : v6Socket && local === anyV6 ? 2 : -1;
    return v6Socket && local === anyV6 ? 1 : -1;
  };
  let best: InetConnection | undefined;
  let bestRank = Infinity;
  for (const candidate of candidates) {
    const r = rank(candidate);
    if (r < 0) continue;
    if (r < bestRank || (r === bestRank && best?.pid == null && candidate.pid != null)) {
      best = candidate;
      bestRank = r;
    }
  }
  return best;
}
