import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { counterNames, protocolCounterFamilies, socketTableFamilies } from '../../../src/protocol/socket-metrics.js';
import { createMetricsHandler, type MetricsInputs } from '../../../src/servers/metrics.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

let reads = 0;
const inputs = (fail = false): MetricsInputs => {
  let clock = 0;
  return {
    readSocketTable: () => {
      reads++;
      if (fail) throw new Error('cannot read /proc/net/tcp');
      return { connections: [] };
    },
    readProtocolCounters: () => new Map([['Tcp', new Map([['RetransSegs', 5]])]]),
    clock: () => (clock += 4),
  };
};

async function serve(handler: ReturnType<typeof createMetricsHandler>): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createMetricsHandler', () => {
  it('answers GET /metrics with a fresh read per scrape in the exposition format', async () => {
    const base = await serve(createMetricsHandler(inputs(), { processes: false }));
    reads = 0;
    const first = await fetch(`${base}/metrics`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await first.text();
    expect(body).toContain('nettool_netstat_tcp_retrans_segs_total 5\n');
    expect(body).toContain('nettool_scrape_duration_seconds 0.004\n');
    await fetch(`${base}/metrics`);
    expect(reads).toBe(2);
  });

  it.each([
    ['GET', '/', 200],
    ['GET', '/metrics?x=1', 200],
    ['HEAD', '/metrics', 200],
    ['GET', '/other', 404],
    ['POST', '/metrics', 405],
  ])('%s %s → %s', async (method, path, status) => {
    const base = await serve(createMetricsHandler(inputs(), { processes: false }));
    const response = await fetch(`${base}${path}`, { method });
    expect(response.status).toBe(status);
    if (status === 405) expect(response.headers.get('allow')).toBe('GET, HEAD');
    if (method === 'HEAD') expect(await response.text()).toBe('');
  });

  it('answers a scrape that cannot read the tables with 500 and the reason', async () => {
    const base = await serve(createMetricsHandler(inputs(true), { processes: false }));
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('scrape failed: cannot read /proc/net/tcp\n');
  });
});

describe('docs/grafana-nettool.json', () => {
  it('asks only for metrics the exporter writes', () => {
    const dashboard = JSON.parse(readFileSync(new URL('../../../docs/grafana-nettool.json', import.meta.url), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    // Every counter the exporter knows, each given a value, so that each family is written.
    const counters = new Map(Object.entries(counterNames).map(([group, names]) => [group, new Map(names.map((name) => [name, 1]))]));
    counters.get('Tcp')!.set('CurrEstab', 1);
    const reading = { connections: [], tcpInfo: () => undefined };
    const written = new Set([...socketTableFamilies(reading, { processes: true }), ...protocolCounterFamilies(counters)].map((f) => f.name));
    const asked = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => target.expr.match(/nettool_[a-z0-9_]+/g) ?? []));
    expect(asked.length).toBeGreaterThan(8);
    for (const name of asked) expect(written, name).toContain(name);
  });
});
