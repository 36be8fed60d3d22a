/** The socket table and protocol counters as Prometheus metric families (`serve metrics`). Pure: rows in, families out. */
import { tcpStateNames, transportOf, type Connection, type InetConnection, type UnixSocketType } from './connection.js';
import type { MetricFamily, Sample } from './prometheus.js';
import type { CounterGroups } from './net-statistics.js';

/** What tcp_info says of one connection, where the socket table carries it (netlink sock_diag). */
export interface TcpInfoSample {
  /** tcpi_rtt: the smoothed round-trip time. */
  readonly rttSeconds: number;
  /** tcpi_total_retrans: segments retransmitted over the connection's life. */
  readonly totalRetransmits: number;
}

export interface SocketTableReading {
  /** LISTEN rows carry their `backlog` where the source knows it (sock_diag; /proc does not). */
  readonly connections: readonly Connection[];
  /** tcp_info of a connection, or undefined where the source has none (the /proc fallback has none at all). */
  readonly tcpInfo?: (connection: InetConnection) => TcpInfoSample | undefined;
}

export interface MetricsOptions {
  /** --ports: the listening ports to report; absent means every listening TCP port. */
  readonly ports?: ReadonlySet<number>;
  /** --processes: sockets per program. */
  readonly processes: boolean;
}

/** The states an accepted connection passes through: a series each per listener, present even at 0 so graphs do not gap. */
const acceptedStates = ['ESTABLISHED', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING'] as const;
const rttQuantiles = [0.5, 0.9, 0.99] as const;
const unixTypes: readonly UnixSocketType[] = ['stream', 'dgram', 'seqpacket'];

const gauge = (name: string, help: string, samples: readonly Sample[]): MetricFamily => ({ name, help, type: 'gauge', samples });

/** Nearest-rank quantile of sorted values (the value at or above q of them), as a one-scrape population summary. */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

interface Listener {
  up: boolean;
  acceptQueue: number;
  /** Undefined when a LISTEN socket on the port came without its backlog. */
  backlog: number | undefined;
  states: Map<string, number>;
  rtts: number[];
  retransmits: number;
}

function listenersOf(reading: SocketTableReading, options: MetricsOptions): Map<number, Listener> {
  const tcp = reading.connections.filter((c): c is InetConnection => c.proto === 'tcp' || c.proto === 'tcp6');
  const listeners = new Map<number, Listener>();
  const listenerOf = (port: number) => {
    let listener = listeners.get(port);
    if (!listener) listeners.set(port, (listener = { up: false, acceptQueue: 0, backlog: 0, states: new Map(), rtts: [], retransmits: 0 }));
    return listener;
  };
  for (const port of options.ports ?? []) listenerOf(port);
  // The same port may be held by several LISTEN sockets (IPv4 and IPv6, SO_REUSEPORT): their queues add up.
  for (const c of tcp) {
    if (c.state !== 'LISTEN' || (options.ports && !options.ports.has(c.local.port))) continue;
    const listener = listenerOf(c.local.port);
    listener.up = true;
    listener.acceptQueue += c.recvQ;
    listener.backlog = listener.backlog === undefined || c.backlog === undefined ? undefined : listener.backlog + c.backlog;
  }
  for (const c of tcp) {
    if (c.state === 'LISTEN') continue;
    const listener = listeners.get(c.local.port);
    if (!listener) continue;
    listener.states.set(c.state, (listener.states.get(c.state) ?? 0) + 1);
    const info = c.state === 'ESTABLISHED' ? reading.tcpInfo?.(c) : undefined;
    if (info) {
      listener.rtts.push(info.rttSeconds);
      listener.retransmits += info.totalRetransmits;
    }
  }
  return listeners;
}

function listenerFamilies(reading: SocketTableReading, options: MetricsOptions): MetricFamily[] {
  const listeners = [...listenersOf(reading, options)].sort(([a], [b]) => a - b);
  const byPort = (pick: (listener: Listener) => number | undefined) =>
    listeners.flatMap(([port, listener]) => {
      const value = pick(listener);
      return value === undefined ? [] : [{ labels: { port: String(port) }, value }];
    });
  const rtt: Sample[] = [];
  for (const [port, listener] of listeners) {
    const sorted = listener.rtts.sort((a, b) => a - b);
    const labels = { port: String(port) };
    for (const q of rttQuantiles) rtt.push({ labels: { ...labels, quantile: String(q) }, value: nearestRank(sorted, q) });
    rtt.push({ suffix: '_sum', labels, value: sorted.reduce((sum, value) => sum + value, 0) }, { suffix: '_count', labels, value: sorted.length });
  }
  const withInfo = reading.tcpInfo !== undefined;
  return [
    gauge('nettool_listener_up', 'Whether a TCP socket listens on the port (1) or not (0).', byPort((l) => (l.up ? 1 : 0))),
    gauge(
      'nettool_listener_connections',
      'TCP connections whose local port is a listening port, by state.',
      listeners.flatMap(([port, listener]) => acceptedStates.map((state) => ({ labels: { port: String(port), state }, value: listener.states.get(state) ?? 0 }))),
    ),
    gauge('nettool_listener_accept_queue', 'Connections waiting to be accepted on the port (Recv-Q of its LISTEN sockets).', byPort((l) => l.acceptQueue)),
    gauge(
      'nettool_listener_backlog',
      'The accept queue limit of the port (Send-Q of its LISTEN sockets); a queue at its backlog drops SYNs.',
      byPort((l) => (l.up ? l.backlog : undefined)),
    ),
    {
      name: 'nettool_listener_rtt_seconds',
      help: 'Smoothed RTT of the established connections on the port, across the connections present at this scrape (not cumulative).',
      type: 'summary',
      samples: withInfo ? rtt : [],
    },
    gauge(
      'nettool_listener_retransmits',
      'Segments retransmitted by the established connections present on the port, over their lives (tcpi_total_retrans).',
      withInfo ? byPort((l) => l.retransmits) : [],
    ),
  ];
}

function processFamily(connections: readonly Connection[]): MetricFamily {
  const counts = new Map<string, number>();
  for (const c of connections) {
    if (c.program === null) continue;
    const proto = c.proto === 'unix' ? 'unix' : transportOf(c.proto);
    const key = `${c.program}\0${proto}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const samples = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => {
    const [program, proto] = key.split('\0') as [string, string];
    return { labels: { program, proto }, value };
  });
  return gauge('nettool_process_sockets', 'Sockets held open by each program (by name, not pid), by protocol; sockets with no visible owner are left out.', samples);
}

/** The counters on-call engineers look for first, with node_exporter's node_netstat_* meaning; the rest stay out to bound the series. */
export const counterNames: Readonly<Record<string, readonly string[]>> = {
  Tcp: ['ActiveOpens', 'PassiveOpens', 'AttemptFails', 'EstabResets', 'InSegs', 'OutSegs', 'RetransSegs', 'InErrs', 'OutRsts'],
  TcpExt: ['ListenOverflows', 'ListenDrops', 'SyncookiesSent', 'SyncookiesRecv', 'SyncookiesFailed', 'TCPSynRetrans', 'TCPTimeouts', 'TCPAbortOnTimeout', 'TCPRcvQDrop', 'TCPBacklogDrop'],
  Udp: ['InDatagrams', 'OutDatagrams', 'NoPorts', 'InErrors', 'RcvbufErrors', 'SndbufErrors'],
  Udp6: ['InDatagrams', 'OutDatagrams', 'NoPorts', 'InErrors', 'RcvbufErrors', 'SndbufErrors'],
};

/** `RetransSegs` → `retrans_segs`, `TCPSynRetrans` → `tcp_syn_retrans`, `InCsumErrors` → `in_csum_errors`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `Tcp`/`RetransSegs` → `nettool_netstat_tcp_retrans_segs_total` (promtool wants snake case and `_total` on counters). */
export function counterMetricName(group: string, name: string): string {
  return `nettool_netstat_${snakeCase(group)}_${snakeCase(name)}_total`;
}

export function protocolCounterFamilies(counters: CounterGroups): MetricFamily[] {
  const families: MetricFamily[] = [];
  for (const [group, names] of Object.entries(counterNames)) {
    const values = counters.get(group);
    if (!values) continue;
    for (const name of names) {
      const value = values.get(name);
      if (value === undefined) continue;
      families.push({ name: counterMetricName(group, name), help: `${group} ${name} from /proc/net (node_exporter's node_netstat_${group}_${name}).`, type: 'counter', samples: [{ value }] });
    }
  }
  const established = counters.get('Tcp')?.get('CurrEstab');
  if (established !== undefined) families.push(gauge('nettool_netstat_tcp_curr_estab', 'TCP connections in ESTABLISHED or CLOSE_WAIT now (Tcp CurrEstab).', [{ value: established }]));
  return families;
}

/** Every socket-table family of one scrape, in a fixed order. */
export function socketTableFamilies(reading: SocketTableReading, options: MetricsOptions): MetricFamily[] {
  const tcpStates = new Map<string, number>(tcpStateNames.map((state) => [state, 0]));
  let udp = 0;
  const unix = new Map<UnixSocketType, number>(unixTypes.map((type) => [type, 0]));
  for (const c of reading.connections) {
    if (c.proto === 'unix') unix.set(c.type, (unix.get(c.type) ?? 0) + 1);
    else if (transportOf(c.proto) === 'udp') udp++;
    else tcpStates.set(c.state, (tcpStates.get(c.state) ?? 0) + 1);
  }
  return [
    gauge('nettool_tcp_connections', 'TCP sockets (IPv4 and IPv6) by state.', [...tcpStates].map(([state, value]) => ({ labels: { state }, value }))),
    ...listenerFamilies(reading, options),
    gauge('nettool_udp_sockets', 'UDP sockets (IPv4 and IPv6), bound or connected.', [{ value: udp }]),
    gauge('nettool_unix_sockets', 'Unix domain sockets by type.', [...unix].map(([type, value]) => ({ labels: { type }, value }))),
    ...(options.processes ? [processFamily(reading.connections)] : []),
  ];
}
