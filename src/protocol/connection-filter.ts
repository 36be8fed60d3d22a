/** Choosing and ordering rows of the connection table (-t -u -x -l -a --state --port). Pure. */
import { UsageError } from '../errors.js';
import { socketStates, type Connection, type SocketState } from './connection.js';

export type SocketFamily = 'tcp' | 'udp' | 'unix';

export interface ConnectionFilter {
  readonly families: ReadonlySet<SocketFamily>;
  /** `only` for -l, `all` for -a or --state, `exclude` by default (as netstat). */
  readonly listening: 'only' | 'exclude' | 'all';
  /** --state, or null for any state. */
  readonly states: ReadonlySet<SocketState> | null;
  /** --port: either end on one of these ports; null for any. */
  readonly ports: ReadonlySet<number> | null;
}

export interface FilterFlags {
  readonly tcp?: boolean;
  readonly udp?: boolean;
  readonly unix?: boolean;
  readonly listening?: boolean;
  readonly all?: boolean;
  readonly states?: readonly SocketState[];
  readonly ports?: readonly number[];
}

/** The filter the flags describe: TCP and UDP when no family is named; --state implies -a. */
export function buildConnectionFilter(flags: FilterFlags): ConnectionFilter {
  const named = (['tcp', 'udp', 'unix'] as const).filter((family) => flags[family]);
  const states = flags.states?.length ? new Set(flags.states) : null;
  return {
    families: new Set<SocketFamily>(named.length ? named : ['tcp', 'udp']),
    listening: flags.listening ? 'only' : flags.all || states ? 'all' : 'exclude',
    states,
    ports: flags.ports?.length ? new Set(flags.ports) : null,
  };
}

export function familyOf(connection: Connection): SocketFamily {
  switch (connection.proto) {
    case 'tcp':
    case 'tcp6':
      return 'tcp';
    case 'udp':
    case 'udp6':
      return 'udp';
    case 'unix':
      return 'unix';
  }
}

/** Listening as ss -l and netstat -l count it: LISTEN, and unconnected UDP and Unix datagram sockets. */
export function isListening(connection: Connection): boolean {
  return connection.state === 'LISTEN' || connection.state === 'UNCONN';
}

export function matchesFilter(connection: Connection, filter: ConnectionFilter): boolean {
  const unix = connection.proto === 'unix';
  return matchesHead(filter, familyOf(connection), connection.state, unix ? null : connection.local.port, unix ? null : connection.remote.port);
}

/** -l, -a and --state: whether the filter keeps sockets in this state (so that a dump need not ask for the others). */
export function matchesState(filter: ConnectionFilter, state: SocketState): boolean {
  if (filter.listening !== 'all' && (state === 'LISTEN' || state === 'UNCONN') !== (filter.listening === 'only')) return false;
  return filter.states === null || filter.states.has(state);
}

/** The filter on what a row's head tells (family, state, ports; null ports for Unix), before the rest is decoded. */
export function matchesHead(filter: ConnectionFilter, family: SocketFamily, state: SocketState, localPort: number | null, remotePort: number | null): boolean {
  if (!filter.families.has(family) || !matchesState(filter, state)) return false;
  if (filter.ports) {
    if (localPort === null || remotePort === null) return false;
    if (!filter.ports.has(localPort) && !filter.ports.has(remotePort)) return false;
  }
  return true;
}

export function filterConnections<C extends Connection>(connections: readonly C[], filter: ConnectionFilter): C[] {
  return connections.filter((connection) => matchesFilter(connection, filter));
}

/** `time-wait`, `TIME_WAIT`, `fin-wait-1` → the state's name; compared without case, `-` or `_`. */
const stateKey = (text: string) => text.toUpperCase().replace(/[-_]/g, '');
const statesByKey = new Map(socketStates.map((state) => [stateKey(state), state]));

/** How a state is written on the command line: `time-wait`. */
export function stateFlagName(state: SocketState): string {
  return state.toLowerCase().replace(/_/g, '-');
}

export function parseStateName(text: string): SocketState {
  const state = statesByKey.get(stateKey(text.trim()));
  if (state) return state;
  throw new UsageError(`unknown state '${text}'; valid states: ${socketStates.map(stateFlagName).join(', ')}`);
}

export type SortKey = 'proto' | 'local' | 'remote' | 'state' | 'recvQ' | 'sendQ' | 'pid' | 'program';

function endpointText(connection: Connection, end: 'local' | 'remote'): string {
  if (connection.proto === 'unix') return end === 'local' ? (connection.path ?? '') : '';
  return connection[end].address;
}

function endpointPort(connection: Connection, end: 'local' | 'remote'): number {
  return connection.proto === 'unix' ? 0 : connection[end].port;
}

const byNumber = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);

/** One column's order (the live view sorts its own rows with it). */
export function compareConnections(a: Connection, b: Connection, key: SortKey): number {
  switch (key) {
    case 'proto':
      return a.proto.localeCompare(b.proto);
    case 'local':
    case 'remote':
      return endpointText(a, key).localeCompare(endpointText(b, key)) || endpointPort(a, key) - endpointPort(b, key);
    case 'state':
      return a.state.localeCompare(b.state);
    case 'recvQ':
    case 'sendQ':
    case 'pid':
      return byNumber(a[key], b[key]);
    case 'program':
      return (a.program ?? '').localeCompare(b.program ?? '');
  }
}

/** A stable sort on one column; ties keep the kernel's order. */
export function sortConnections<C extends Connection>(connections: readonly C[], key: SortKey, descending = false): C[] {
  const sign = descending ? -1 : 1;
  return [...connections].sort((a, b) => sign * compareConnections(a, b, key));
}

/** Counts per state and per protocol, for headers and summaries. */
export function countConnections(connections: readonly Connection[]): {
  readonly byState: ReadonlyMap<SocketState, number>;
  readonly byProto: ReadonlyMap<Connection['proto'], number>;
} {
  const byState = new Map<SocketState, number>();
  const byProto = new Map<Connection['proto'], number>();
  for (const c of connections) {
    byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
    byProto.set(c.proto, (byProto.get(c.proto) ?? 0) + 1);
  }
  return { byState, byProto };
}
