/** `nettool netstat`: the connection table (or --interfaces) as text or JSON. */
import { InterruptedError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import type { Connection, InetConnection } from '../protocol/connection.js';
import { timerKey } from '../protocol/socket-timers.js';
import { readSocketTimers } from '../sources/socket-timers.js';
import type { reverseLookupAll } from '../net/reverse-lookup.js';
import { formatConnectionTable, formatInterfaceTable } from '../render/connections.js';
import { formatJson, formatJsonLine } from '../render/json.js';
import { formatExtendedTable, formatUnixTable, splitByFamily } from '../render/socket-tables.js';
import type { ConnectionFilter } from '../protocol/connection-filter.js';
import type { ConnectionSource } from '../sources/connections.js';
import { readInterfaces, type InterfaceInfo } from '../sources/interfaces.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import type { CommandContext } from './context.js';
import { hiddenOwnersNote, parseNetstatFilter, pause, serviceNamesFor } from './netstat-shared.js';

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
  /** ss's filter expression: the words after the options. */
  readonly filter?: readonly string[];
  /** -4 / -6: IPv4 or IPv6 sockets only. */
  readonly '4'?: boolean;
  readonly '6'?: boolean;
  /** -s: protocol counters instead of sockets. */
  readonly statistics?: boolean;
  /** -r: the routing tables instead of sockets. */
  readonly route?: boolean;
  /** -e: the User and Inode columns. */
  readonly extend?: boolean;
  /** -o: the Timer column (netstat -o, ss -o). */
  readonly timers?: boolean;
  /** -c: the table again every second until interrupted. */
  readonly continuous?: boolean;
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

/** -c: netstat's habit of printing the table again every second. */
const continuousIntervalMs = 1000;

export async function runNetstat(context: CommandContext, options: NetstatOptions, deps = defaultDependencies()): Promise<void> {
  const filter = options.interfaces ? undefined : parseNetstatFilter(options);
  await printOnce(context, options, filter, deps);
  // Until Ctrl-C, which ends -c as it ends --watch: exit 0.
  while (options.continuous && !context.io.signal.aborted) {
    await pause(continuousIntervalMs, context.io.signal);
    if (context.io.signal.aborted) break;
    await printOnce(context, options, filter, deps);
  }
}

async function printOnce(context: CommandContext, options: NetstatOptions, filter: ConnectionFilter | undefined, deps: NetstatDependencies): Promise<void> {
  const { io } = context;
  if (!filter) {
    const interfaces = deps.interfaces();
    await writeWithBackpressure(io.stdout, context.json ? (options.continuous ? formatJsonLine(interfaces) : formatJson(interfaces)) : formatInterfaceTable(interfaces, context.palette));
    return;
  }
  const owners = options.programs === true;
  const snapshot = deps.source.snapshot(filter, { owners, wide: options.wide === true });
  // The snapshot is synchronous: a Ctrl-C during it is seen here, before anything is printed.
  if (io.signal.aborted) throw new InterruptedError();
  if (snapshot.malformed > 0) context.status(`skipped ${snapshot.malformed} malformed socket records`);
  const note = owners ? hiddenOwnersNote(snapshot) : undefined;
  if (note) context.status(note);
  const timers = options.timers ? readSocketTimers(['tcp', 'tcp6', 'udp', 'udp6']) : undefined;
  const timerOf = timers && ((c: InetConnection) => timers.get(timerKey(c)));
  if (context.json) {
    const rows = timerOf ? snapshot.connections.map((c) => (c.proto === 'unix' ? c : { ...c, timer: timerOf(c) ?? null })) : snapshot.connections;
    // -c makes a stream: one JSON Lines record per round, as --watch writes them.
    await writeWithBackpressure(io.stdout, options.continuous ? formatJsonLine(rows) : formatJson(rows));
    return;
  }
  const names = options.resolve ? await resolveHosts(snapshot.connections, context, deps.reverseLookup) : undefined;
  const tableOptions = {
    palette: context.palette,
    owners,
    serviceName: serviceNamesFor(options),
    hostName: names && ((address: string) => names.get(address)),
  };
  const { inet, unix } = splitByFamily(snapshot.connections);
  const tables: string[] = [];
  // The inet table whenever TCP or UDP was asked for (its header says so even when empty); Unix sockets in their own.
  if (filter.families.has('tcp') || filter.families.has('udp')) {
    const extra = { extend: options.extend === true, ...(timerOf && { timer: timerOf }) };
    tables.push(extra.extend || extra.timer ? formatExtendedTable(inet, tableOptions, extra) : formatConnectionTable(inet, tableOptions));
  }
  if (filter.families.has('unix')) tables.push(formatUnixTable(unix, tableOptions));
  await writeWithBackpressure(io.stdout, tables.join('\n'));
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
