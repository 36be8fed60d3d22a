import { describe, expect, it } from 'vitest';
import type { Connection, InetConnection, SocketState } from '../../../src/protocol/connection.js';
import type { MetricFamily } from '../../../src/protocol/prometheus.js';
import { counterMetricName, nearestRank, protocolCounterFamilies, snakeCase, socketTableFamilies, type SocketTableReading } from '../../../src/protocol/socket-metrics.js';

function tcp(localPort: number, state: SocketState, extra: Partial<InetConnection> = {}): InetConnection {
  return {
    proto: 'tcp',
    local: { address: '127.0.0.1', port: localPort },
    remote: { address: state === 'LISTEN' ? '0.0.0.0' : '127.0.0.1', port: state === 'LISTEN' ? 0 : 40000 },
    state,
    recvQ: 0,
    sendQ: 0,
    inode: 1,
    uid: 0,
    pid: null,
    program: null,
    ...extra,
  };
}

const unix = (type: 'stream' | 'dgram', program: string | null): Connection => ({
  proto: 'unix',
  type,
  path: null,
  state: 'UNCONN',
  recvQ: null,
  sendQ: null,
  inode: 9,
  uid: null,
  pid: program ? 1 : null,
  program,
});

const family = (families: MetricFamily[], name: string) => families.find((f) => f.name === name)!;
const value = (families: MetricFamily[], name: string, labels: Record<string, string> = {}, suffix?: string) =>
  family(families, name).samples.find((s) => s.suffix === suffix && JSON.stringify(s.labels ?? {}) === JSON.stringify(labels))?.value;

const connections: Connection[] = [
  tcp(8080, 'LISTEN', { recvQ: 3, sendQ: 128, backlog: 128, program: 'web', pid: 10 }),
  { ...tcp(8080, 'LISTEN', { recvQ: 1, sendQ: 128, backlog: 128, program: 'web', pid: 10 }), proto: 'tcp6', local: { address: '::', port: 8080 } },
  tcp(8080, 'ESTABLISHED', { inode: 101, program: 'web', pid: 10 }),
  tcp(8080, 'ESTABLISHED', { inode: 102, program: 'web', pid: 10 }),
  tcp(8080, 'ESTABLISHED', { inode: 103 }),
  tcp(8080, 'TIME_WAIT', { inode: 0 }),
  tcp(22, 'LISTEN', { sendQ: 4096, backlog: 4096 }),
  tcp(45000, 'ESTABLISHED', { inode: 200, program: 'curl', pid: 11 }),
  { ...tcp(53, 'UNCONN'), proto: 'udp' },
  { ...tcp(53, 'UNCONN'), proto: 'udp6', program: 'dns', pid: 12 },
  unix('stream', 'web'),
  unix('dgram', null),
];

const rtts: Record<number, number> = { 101: 0.001, 102: 0.003, 103: 0.002 };
const reading: SocketTableReading = {
  connections,
  tcpInfo: (c) => (rtts[c.inode] === undefined ? undefined : { rttSeconds: rtts[c.inode]!, totalRetransmits: c.inode - 100 }),
};

describe('socketTableFamilies', () => {
  const families = socketTableFamilies(reading, { processes: true });

  it('counts TCP sockets by state, every state present', () => {
    expect(value(families, 'nettool_tcp_connections', { state: 'ESTABLISHED' })).toBe(4);
    expect(value(families, 'nettool_tcp_connections', { state: 'LISTEN' })).toBe(3);
    expect(value(families, 'nettool_tcp_connections', { state: 'TIME_WAIT' })).toBe(1);
    expect(value(families, 'nettool_tcp_connections', { state: 'SYN_SENT' })).toBe(0);
  });

  it('counts connections per listening port by state; a client port is no listener', () => {
    expect(value(families, 'nettool_listener_connections', { port: '8080', state: 'ESTABLISHED' })).toBe(3);
    expect(value(families, 'nettool_listener_connections', { port: '8080', state: 'TIME_WAIT' })).toBe(1);
    expect(value(families, 'nettool_listener_connections', { port: '22', state: 'ESTABLISHED' })).toBe(0);
    expect(family(families, 'nettool_listener_connections').samples.some((s) => s.labels?.port === '45000')).toBe(false);
  });

  it('adds up the accept queues and backlogs of every LISTEN socket on a port', () => {
    expect(value(families, 'nettool_listener_accept_queue', { port: '8080' })).toBe(4);
    expect(value(families, 'nettool_listener_backlog', { port: '8080' })).toBe(256);
    expect(value(families, 'nettool_listener_backlog', { port: '22' })).toBe(4096);
  });

  it('summarises RTT and retransmits over the established connections with tcp_info', () => {
    expect(value(families, 'nettool_listener_rtt_seconds', { port: '8080', quantile: '0.5' })).toBe(0.002);
    expect(value(families, 'nettool_listener_rtt_seconds', { port: '8080', quantile: '0.99' })).toBe(0.003);
    expect(value(families, 'nettool_listener_rtt_seconds', { port: '8080' }, '_count')).toBe(3);
    expect(value(families, 'nettool_listener_rtt_seconds', { port: '8080' }, '_sum')).toBeCloseTo(0.006);
    expect(value(families, 'nettool_listener_rtt_seconds', { port: '22', quantile: '0.5' })).toBeNaN();
    expect(value(families, 'nettool_listener_retransmits', { port: '8080' })).toBe(1 + 2 + 3);
  });

  it('counts UDP sockets and Unix sockets by type', () => {
    expect(value(families, 'nettool_udp_sockets')).toBe(2);
    expect(value(families, 'nettool_unix_sockets', { type: 'stream' })).toBe(1);
    expect(value(families, 'nettool_unix_sockets', { type: 'dgram' })).toBe(1);
    expect(value(families, 'nettool_unix_sockets', { type: 'seqpacket' })).toBe(0);
  });

  it('counts sockets per program and protocol, leaving out sockets with no visible owner', () => {
    expect(family(families, 'nettool_process_sockets').samples).toEqual([
      { labels: { program: 'curl', proto: 'tcp' }, value: 1 },
      { labels: { program: 'dns', proto: 'udp' }, value: 1 },
      { labels: { program: 'web', proto: 'tcp' }, value: 4 },
      { labels: { program: 'web', proto: 'unix' }, value: 1 },
    ]);
  });

  it('with --ports, reports only those ports, and a named port nothing listens on as down', () => {
    const limited = socketTableFamilies(reading, { processes: false, ports: new Set([22, 9999]) });
    expect(family(limited, 'nettool_listener_up').samples).toEqual([
      { labels: { port: '22' }, value: 1 },
      { labels: { port: '9999' }, value: 0 },
    ]);
    expect(limited.some((f) => f.name === 'nettool_process_sockets')).toBe(false);
  });

  it('leaves out what the source cannot know: backlog (/proc), tcp_info aggregates', () => {
    // /proc's LISTEN rows: a Send-Q of 0 and no backlog.
    const fromProc = connections.map((c) => (c.proto !== 'unix' && c.state === 'LISTEN' ? { ...c, sendQ: 0, backlog: undefined } : c));
    const proc = socketTableFamilies({ connections: fromProc }, { processes: false });
    expect(family(proc, 'nettool_listener_backlog').samples).toEqual([]);
    expect(family(proc, 'nettool_listener_rtt_seconds').samples).toEqual([]);
    expect(family(proc, 'nettool_listener_retransmits').samples).toEqual([]);
    expect(value(proc, 'nettool_listener_accept_queue', { port: '8080' })).toBe(4);
  });
});

describe('nearestRank', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2],
    [[1, 2, 3, 4], 0.9, 4],
    [[5], 0.99, 5],
  ])('%j at %s is %s', (sorted, q, expected) => expect(nearestRank(sorted, q)).toBe(expected));
  it('is NaN for no values', () => expect(nearestRank([], 0.5)).toBeNaN());
});

describe('protocolCounterFamilies', () => {
  it('names the chosen counters in snake case with _total, CurrEstab as a gauge, and skips what the kernel lacks', () => {
    const counters = new Map([
      ['Tcp', new Map([['RetransSegs', 7], ['CurrEstab', 3], ['RtoMin', 200]])],
      ['TcpExt', new Map([['ListenOverflows', 2]])],
    ]);
    const families = protocolCounterFamilies(counters);
    expect(families.map((f) => [f.name, f.type, f.samples[0]!.value])).toEqual([
      ['nettool_netstat_tcp_retrans_segs_total', 'counter', 7],
      ['nettool_netstat_tcp_ext_listen_overflows_total', 'counter', 2],
      ['nettool_netstat_tcp_curr_estab', 'gauge', 3],
    ]);
    expect(counterMetricName('Udp6', 'RcvbufErrors')).toBe('nettool_netstat_udp6_rcvbuf_errors_total');
  });
});

describe('snakeCase', () => {
  it.each([
    ['RetransSegs', 'retrans_segs'],
    ['TCPSynRetrans', 'tcp_syn_retrans'],
    ['InCsumErrors', 'in_csum_errors'],
    ['TcpExt', 'tcp_ext'],
    ['Udp6', 'udp6'],
    ['ListenOverflows', 'listen_overflows'],
  ])('%s → %s', (name, snake) => expect(snakeCase(name)).toBe(snake));
});
