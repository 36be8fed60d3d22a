/** Host names for the live view's --resolve: looked up in the background, cached, bounded in number; asking never waits. */
import { lookupService } from 'node:dns/promises';

export interface ReverseNamesOptions {
  /** Names (and misses) kept; the oldest go first. */
  readonly maxEntries?: number;
  /** Look-ups outstanding at once: getnameinfo(3) cannot be cancelled, so this bounds the threads a slow DNS can hold. */
  readonly maxInFlight?: number;
  /** address → name, or null for none; getnameinfo(3) by default, so /etc/hosts counts. */
  readonly lookup?: (address: string) => Promise<string | null>;
}

export interface ReverseNames {
  /** The name if known, null if there is none; undefined while unknown (then a look-up is started if there is room). */
  nameOf(address: string): string | null | undefined;
}

async function getNameInfo(address: string): Promise<string | null> {
  try {
    const { hostname } = await lookupService(address, 0);
    return hostname && hostname !== address ? hostname : null;
  } catch {
    return null;
  }
}

const wildcards = new Set(['0.0.0.0', '::', '*']);

export function createReverseNames(options: ReverseNamesOptions = {}): ReverseNames {
  const maxEntries = options.maxEntries ?? 4096;
  const maxInFlight = options.maxInFlight ?? 8;
  const lookup = options.lookup ?? getNameInfo;
  const cache = new Map<string, string | null>();
  const inFlight = new Set<string>();
  const remember = (address: string, name: string | null) => {
    cache.delete(address);
    cache.set(address, name);
    // Map keeps insertion order: the first key is the oldest.
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };
  return {
    nameOf(address) {
      if (wildcards.has(address)) return null;
      if (cache.has(address)) return cache.get(address);
      // Full: asked again on a later refresh, once look-ups have come back.
      if (inFlight.has(address) || inFlight.size >= maxInFlight) return undefined;
      inFlight.add(address);
      void lookup(address)
        .catch(() => null)
        .then((name) => {
          inFlight.delete(address);
          remember(address, name);
        });
      return undefined;
    },
  };
}
