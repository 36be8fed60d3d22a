/** `serve metrics`: a Prometheus exporter of the socket table. One scrape = one fresh read; nothing is cached between scrapes. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ConnectionSource } from '../sources/connections.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import { readCounters } from '../sources/net-statistics.js';
import { contentType, formatExposition, type MetricFamily } from '../protocol/prometheus.js';
import type { CounterGroups } from '../protocol/net-statistics.js';
import { protocolCounterFamilies, socketTableFamilies, type MetricsOptions, type SocketTableReading } from '../protocol/socket-metrics.js';

/** What a scrape reads: injected, so tests hand in fixed tables. */
export interface MetricsInputs {
  readonly readSocketTable: (options: { owners: boolean }) => SocketTableReading;
  readonly readProtocolCounters: () => CounterGroups;
  /** A monotonic clock in milliseconds, for the scrape's own duration. */
  readonly clock: () => number;
}

/** The socket table from a connection source: every TCP, UDP and Unix socket, listening or not, with tcp_info where it has it. */
export function socketTableFrom(source: ConnectionSource): MetricsInputs['readSocketTable'] {
  const filter = { families: new Set(['tcp', 'udp', 'unix'] as const), listening: 'all', states: null, ports: null } as const;
  return ({ owners }) => {
    const snapshot = source.snapshot(filter, { owners, tcpInfo: source.tcpInfo === true });
    const counters = snapshot.tcpCounters;
    if (!counters) return { connections: snapshot.connections };
    return {
      connections: snapshot.connections,
      tcpInfo: (connection) => {
        const info = counters.get(connection.inode);
        if (info?.rttMicroseconds === undefined || info.totalRetransmits === undefined) return undefined;
        return { rttSeconds: info.rttMicroseconds / 1e6, totalRetransmits: info.totalRetransmits };
      },
    };
  };
}

/** This host's tables. One connection source for the exporter's life keeps the owner index warm between scrapes. */
export function metricsInputs(): MetricsInputs {
  return { readSocketTable: socketTableFrom(createConnectionSource()), readProtocolCounters: () => readCounters(), clock: () => performance.now() };
}

/** The whole exposition document of one scrape. */
export function scrape(inputs: MetricsInputs, options: MetricsOptions): string {
  const started = inputs.clock();
  const families: MetricFamily[] = [
    ...socketTableFamilies(inputs.readSocketTable({ owners: options.processes }), options),
    ...protocolCounterFamilies(inputs.readProtocolCounters()),
  ];
  const seconds = (inputs.clock() - started) / 1000;
  families.push({ name: 'nettool_scrape_duration_seconds', help: 'How long this scrape took to read and format the tables.', type: 'gauge', samples: [{ value: seconds }] });
  return formatExposition(families);
}

const index = '<html><head><title>nettool metrics</title></head><body><h1>nettool metrics</h1><p><a href="/metrics">/metrics</a></p></body></html>\n';

function send(response: ServerResponse, status: number, type: string, body: string, head: boolean, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(head ? undefined : body);
}

/** GET /metrics (and HEAD); `/` links to it, as node_exporter's page does; anything else 404, other methods 405. */
export function createMetricsHandler(inputs: MetricsInputs, options: MetricsOptions): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'only GET and HEAD\n', false, { Allow: 'GET, HEAD' });
    const path = (request.url ?? '/').split('?')[0];
    const head = method === 'HEAD';
    if (path === '/') return send(response, 200, 'text/html; charset=utf-8', index, head);
    if (path !== '/metrics') return send(response, 404, 'text/plain; charset=utf-8', 'not found: the metrics are at /metrics\n', head);
    let body: string;
    try {
      body = scrape(inputs, options);
    } catch (error) {
      // A scrape that cannot read the tables is a failed scrape (Prometheus marks the target down), not a crash.
      return send(response, 500, 'text/plain; charset=utf-8', `scrape failed: ${(error as Error).message}\n`, head);
    }
    send(response, 200, contentType, body, head);
  };
}
