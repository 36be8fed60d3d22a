/** What `netstat` and `netstat --watch` share: the filter their flags ask for, service names, the note on hidden owners. */
import { UsageError } from '../errors.js';
import { parsePort } from '../protocol/address.js';
import { buildConnectionFilter, parseStateName, type ConnectionFilter } from '../protocol/connection-filter.js';
import type { ConnectionSnapshot } from '../sources/connections.js';
import { loadServices, lookupService } from '../sources/services.js';
import type { NetstatOptions } from './netstat.js';

/** -t -u -x -l -a --state --port as a filter; a contradiction or a bad state or port is a usage error. */
export function parseNetstatFilter(options: NetstatOptions): ConnectionFilter {
  if (options.listening && options.all) throw new UsageError('-l (listening only) and -a (all) contradict each other; give one');
  return buildConnectionFilter({
    ...options,
    states: (options.state ?? []).map(parseStateName),
    ports: (options.port ?? []).map((port) => parsePort(port, { lookup: lookupService })),
  });
}

/** Port → service name for the Address columns, or undefined with -n. */
export function serviceNamesFor(options: NetstatOptions): ((port: number, transport: 'tcp' | 'udp') => string | undefined) | undefined {
  if (options.numeric) return undefined;
  const services = loadServices().table;
  return (port, transport) => services.nameOf(port, transport);
}

/** `run as root to see the owners of N sockets` when -p could not read some processes, else undefined (SPEC: netstat). */
export function hiddenOwnersNote(snapshot: ConnectionSnapshot): string | undefined {
  if (snapshot.deniedProcesses === 0) return undefined;
  const hidden = snapshot.connections.filter((c) => c.pid === null && c.inode !== 0).length;
  return hidden > 0 ? `run as root to see the owners of ${hidden} socket${hidden === 1 ? '' : 's'}` : undefined;
}
