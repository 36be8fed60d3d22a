/** Interface index → name from /sys/class/net, for Linux cooked v2 packets, which carry only the index. Read once, re-read for an index not seen. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function createInterfaceNames(sysRoot = '/sys/class/net'): (index: number) => string | undefined {
  let names = new Map<number, string>();
  let lastRead = Number.NEGATIVE_INFINITY;
  const read = () => {
    const found = new Map<number, string>();
    let entries: string[] = [];
    try {
      entries = readdirSync(sysRoot);
    } catch {
      // No /sys (a container without it): indexes show as `ifN`.
    }
    for (const name of entries) {
      try {
        found.set(Number(readFileSync(join(sysRoot, name, 'ifindex'), 'utf8').trim()), name);
      } catch {
        // Gone between readdir and read.
      }
    }
    names = found;
  };
  return (index) => {
    const name = names.get(index);
    if (name !== undefined) return name;
    // An interface may have appeared since; look again, but not for every packet of an unknown one.
    const now = performance.now();
    if (now - lastRead < 1000) return undefined;
    lastRead = now;
    read();
    return names.get(index);
  };
}
