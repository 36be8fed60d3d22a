/** What `netstat` and `netstat --watch` share: the filter their flags ask for, service names, the note on hidden owners. */
import { UsageError } from '../errors.js';
import { parsePort } from '../protocol/address.js';
import { buildConnectionFilter, parseStateName, type ConnectionFilter } from '../protocol/connection-filter.js';
import { mentionsState, parseSsFilter } from '../protocol/ss-filter.js';
import type { ConnectionSnapshot } from '../sources/connections.js';
import { loadServices, lookupService } from '../sources/services.js';
import type { NetstatOptions } from './netstat.js';

/**
 * -t -u -x -l -a -4 -6 --state --port and ss's filter expression as a filter; a contradiction or a
 * bad state, port or expression is a usage error. An expression that names a state asks about
 * listening sockets too, as --state does (`state listening` must find them without -l).
 */
export function parseNetstatFilter(options: NetstatOptions): ConnectionFilter {
  if (options.listening && options.all) throw new UsageError('-l (listening only) and -a (all) contradict each other; give one');
  if (options['4'] && options['6']) throw new UsageError('-4 and -6 together show nothing; give one, or neither for both');
  const expression = parseSsFilter(options.filter ?? [], lookupService);
  const filter = buildConnectionFilter({
    ...options,
    all: options.all === true || (mentionsState(expression) && !options.listening),
    states: (options.state ?? []).map(parseStateName),
    ports: (options.port ?? []).map((port) => parsePort(port, { lookup: lookupService })),
  });
  const ipFamily = options['4'] ? 4 : options['6'] ? 6 : undefined;
  return { ...filter, expression, ...(ipFamily && { ipFamily }) };
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

/** Waits `ms`, or less if the signal fires: the loops end promptly on Ctrl-C and SIGTERM. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
