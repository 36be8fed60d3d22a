/** Host names for addresses (netstat --resolve) through getnameinfo(3), so /etc/hosts counts. Bounded in time. */
import { lookupService } from 'node:dns/promises';

export interface ReverseLookupOptions {
  /** The whole batch gives up after this long; addresses not answered by then stay numeric. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/**
 * address → name for each address that has one. getnameinfo(3) asks the files nsswitch names
 * (/etc/hosts) before DNS, as netstat does; it cannot be cancelled, so past the deadline (or on
 * abort) the answers still outstanding are simply not waited for.
 */
export async function reverseLookupAll(addresses: Iterable<string>, options: ReverseLookupOptions): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const lookups = [...new Set(addresses)].map(async (address) => {
    try {
      const { hostname } = await lookupService(address, 0);
      if (hostname && hostname !== address) names.set(address, hostname);
    } catch {
      // No name: the address is shown as it is.
    }
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.timeoutMs);
    onAbort = () => resolve();
    options.signal.addEventListener('abort', onAbort, { once: true });
  });
  await Promise.race([Promise.all(lookups), deadline]);
  clearTimeout(timer);
  if (onAbort) options.signal.removeEventListener('abort', onAbort);
  return new Map(names);
}
