/** `nettool netstat`: the connection table (or --interfaces) as text or JSON. */
import { InterruptedError, UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { buildConnectionFilter, parseStateName } from '../protocol/connection-filter.js';
import type { Connection } from '../protocol/connection.js';
import { parsePort } from '../protocol/address.js';
import type { reverseLookupAll } from '../net/reverse-lookup.js';
import { formatConnectionTable, formatInterfaceTable } from '../render/connections.js';
import { formatJson } from '../render/json.js';
import { createProcConnectionSource, type ConnectionSource } from '../sources/connections.js';
import { readInterfaces, type InterfaceInfo } from '../sources/interfaces.js';
import { loadServices, lookupService } from '../sources/services.js';
import type { CommandContext } from './context.js';

export interface NetstatOptions {
  readonly tcp?: boolean;
  readonly udp?: boolean;
  readonly unix?: boolean;
  readonly listening?: boolean;
  readonly all?: boolean;
  readonly numeric?: boolean;
  readonly programs?: boolean;
  readonly state?: readonly string[];
  readonly port?: readonly string[];
  readonly resolve?: boolean;
  readonly wide?: boolean;
  readonly interfaces?: boolean;
}

export interface NetstatDependencies {
  readonly source: ConnectionSource;
  readonly interfaces: () => readonly InterfaceInfo[];
  readonly reverseLookup: typeof reverseLookupAll;
}

const defaultDependencies = (): NetstatDependencies => ({
  source: createProcConnectionSource(),
  interfaces: readInterfaces,
  // node:dns loads only for --resolve.
  reverseLookup: async (addresses, options) => (await import('../net/reverse-lookup.js')).reverseLookupAll(addresses, options),
});

/** --resolve waits at most this long for all names together. */
const resolveTimeoutMs = 2000;

export async function runNetstat(context: CommandContext, options: NetstatOptions, deps = defaultDependencies()): Promise<void> {
  const { io } = context;
  if (options.interfaces) {
    const interfaces = deps.interfaces();
    await writeWithBackpressure(io.stdout, context.json ? formatJson(interfaces) : formatInterfaceTable(interfaces, context.palette));
    return;
  }
  if (options.listening && options.all) throw new UsageError('-l (listening only) and -a (all) contradict each other; give one');
  const filter = buildConnectionFilter({
    ...options,
    states: (options.state ?? []).map(parseStateName),
    ports: (options.port ?? []).map((port) => parsePort(port, { lookup: lookupService })),
  });
  const owners = options.programs === true;
  const snapshot = deps.source.snapshot(filter, { owners, wide: options.wide === true });
  // The snapshot is synchronous: a Ctrl-C during it is seen here, before anything is printed.
  if (io.signal.aborted) throw new InterruptedError();
  if (snapshot.malformed > 0) context.status(`skipped ${snapshot.malformed} malformed lines of /proc/net`);
  if (owners && snapshot.deniedProcesses > 0) {
    const hidden = snapshot.connections.filter((c) => c.pid === null && c.inode !== 0).length;
    if (hidden > 0) context.status(`run as root to see the owners of ${hidden} socket${hidden === 1 ? '' : 's'}`);
  }
  if (context.json) {
    await writeWithBackpressure(io.stdout, formatJson(snapshot.connections));
    return;
  }
  const names = options.resolve ? await resolveHosts(snapshot.connections, context, deps.reverseLookup) : undefined;
  const services = options.numeric ? undefined : loadServices().table;
  const text = formatConnectionTable(snapshot.connections, {
    palette: context.palette,
    owners,
    serviceName: services && ((port, transport) => services.nameOf(port, transport)),
    hostName: names && ((address) => names.get(address)),
  });
  await writeWithBackpressure(io.stdout, text);
}

async function resolveHosts(
  connections: readonly Connection[],
  context: CommandContext,
  reverseLookup: NetstatDependencies['reverseLookup'],
): Promise<Map<string, string>> {
  const wildcard = new Set(['0.0.0.0', '::']);
  const addresses = connections.flatMap((c) => (c.proto === 'unix' ? [] : [c.local.address, c.remote.address]));
  const names = await reverseLookup(addresses.filter((a) => !wildcard.has(a)), { timeoutMs: resolveTimeoutMs, signal: context.io.signal });
  if (context.io.signal.aborted) throw new InterruptedError();
  return names;
}
