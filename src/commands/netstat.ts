/** `nettool netstat`: the connection table (or --interfaces) as text or JSON. */
import { InterruptedError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import type { Connection } from '../protocol/connection.js';
import type { reverseLookupAll } from '../net/reverse-lookup.js';
import { formatConnectionTable, formatInterfaceTable } from '../render/connections.js';
import { formatJson } from '../render/json.js';
import type { ConnectionSource } from '../sources/connections.js';
import { readInterfaces, type InterfaceInfo } from '../sources/interfaces.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import type { CommandContext } from './context.js';
import { hiddenOwnersNote, parseNetstatFilter, serviceNamesFor } from './netstat-shared.js';

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
  source: createConnectionSource(),
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
  const filter = parseNetstatFilter(options);
  const owners = options.programs === true;
  const snapshot = deps.source.snapshot(filter, { owners, wide: options.wide === true });
  // The snapshot is synchronous: a Ctrl-C during it is seen here, before anything is printed.
  if (io.signal.aborted) throw new InterruptedError();
  if (snapshot.malformed > 0) context.status(`skipped ${snapshot.malformed} malformed socket records`);
  const note = owners ? hiddenOwnersNote(snapshot) : undefined;
  if (note) context.status(note);
  if (context.json) {
    await writeWithBackpressure(io.stdout, formatJson(snapshot.connections));
    return;
  }
  const names = options.resolve ? await resolveHosts(snapshot.connections, context, deps.reverseLookup) : undefined;
  const text = formatConnectionTable(snapshot.connections, {
    palette: context.palette,
    owners,
    serviceName: serviceNamesFor(options),
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
