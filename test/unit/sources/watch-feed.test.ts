import { describe, expect, it } from 'vitest';
import type { Connection, InetConnection } from '../../../src/protocol/connection.js';
import type { TcpCounters } from '../../../src/protocol/tcp-info.js';
import type { ConnectionSource } from '../../../src/sources/connections.js';
import { createWatchFeed, toWatchRows, type ByteCounters } from '../../../src/sources/watch-feed.js';
import { buildConnectionFilter } from '../../../src/protocol/connection-filter.js';

const tcp = (localPort: number, inode: number, overrides: Partial<InetConnection> = {}): InetConnection => ({
  proto: 'tcp',
  local: { address: '127.0.0.1', port: localPort },
  remote: { address: '127.0.0.1', port: 443 },
  state: 'ESTABLISHED',
  recvQ: 0,
  sendQ: 0,
  inode,
  uid: 0,
  pid: 42,
  program: 'curl',
  ...overrides,
});

/** Hands out one table per refresh; the last repeats. */
function fakeSource(tables: readonly (readonly Connection[])[], deniedProcesses = 0): ConnectionSource & { calls: number } {
  const source = {
    calls: 0,
    snapshot: () => ({ connections: tables[Math.min(source.calls++, tables.length - 1)]!, malformed: 0, deniedProcesses }),
  };
  return source;
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const filter = buildConnectionFilter({});

describe('toWatchRows', () => {
  it('shows ends as netstat does, with service names when given', () => {
    const rows = toWatchRows([tcp(40000, 1), tcp(22, 2, { proto: 'tcp6', local: { address: '::1', port: 22 }, remote: { address: '::', port: 0 }, state: 'LISTEN' })], null, (port) =>
      port === 22 ? 'ssh' : port === 443 ? 'https' : undefined,
    );
    expect(rows.map((r) => [r.key, r.local, r.remote])).toEqual([
      ['tcp 127.0.0.1:40000 127.0.0.1:https', '127.0.0.1:40000', '127.0.0.1:https'],
      ['tcp6 [::1]:ssh [::]:*', '[::1]:ssh', '[::]:*'],
    ]);
  });

  it('tells apart sockets that share both ends (SO_REUSEPORT) by inode', () => {
    const udp = (inode: number): InetConnection => tcp(5353, inode, { proto: 'udp', remote: { address: '0.0.0.0', port: 0 }, state: 'UNCONN' });
    const keys = toWatchRows([udp(7), udp(8)], null).map((r) => r.key);
    expect(new Set(keys).size).toBe(2);
  });

  it('shows a socket listed twice once (a busy /proc/net/tcp can repeat a line)', () => {
    const rows = toWatchRows([tcp(40000, 5), tcp(40001, 6), tcp(40000, 5), tcp(2, 0, { state: 'TIME_WAIT' }), tcp(2, 0, { state: 'TIME_WAIT' })], null);
    expect(rows.map((r) => r.key)).toEqual(['tcp 127.0.0.1:40000 127.0.0.1:443', 'tcp 127.0.0.1:40001 127.0.0.1:443', 'tcp 127.0.0.1:2 127.0.0.1:443']);
  });

  it('takes rates by inode, never for inode 0', () => {
    const rates = new Map([
      [5, { rx: 10, tx: 20 }],
      [0, { rx: 1, tx: 1 }],
    ]);
    const rows = toWatchRows([tcp(1, 5), tcp(2, 0, { state: 'TIME_WAIT' }), tcp(3, 6)], rates);
    expect(rows.map((r) => [r.rxRate, r.txRate])).toEqual([
      [10, 20],
      [null, null],
      [null, null],
    ]);
  });
});

describe('createWatchFeed', () => {
  it('gives TCP rates from the second refresh on, from tcp_info byte counters', async () => {
    const time = clock();
    const readings: ReadonlyMap<number, TcpCounters>[] = [
      new Map([[5, { bytesReceived: 0, bytesAcked: 1 }]]),
      new Map([[5, { bytesReceived: 4096, bytesAcked: 1025 }]]),
    ];
    let reads = 0;
    const feed = createWatchFeed({
      source: fakeSource([[tcp(40000, 5)]]),
      filter,
      tcpCounters: async () => readings[Math.min(reads++, readings.length - 1)]!,
      now: time.now,
    });
    const first = await feed.next();
    expect(first.rows[0]).toMatchObject({ rxRate: null, txRate: null });
    expect(first.ratesAvailable).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    time.advance(2000);
    const second = await feed.next();
    expect(second.rows[0]).toMatchObject({ rxRate: 2048, txRate: 512 });
  });

  it('does not wait for ss before the first refresh', async () => {
    let release: (value: ReadonlyMap<number, TcpCounters>) => void = () => {};
    const feed = createWatchFeed({
      source: fakeSource([[tcp(40000, 5)]]),
      filter,
      tcpCounters: () => new Promise((resolve) => (release = resolve)),
      now: clock().now,
    });
    const first = await feed.next();
    expect(first.rows).toHaveLength(1);
    release(new Map());
  });

  it('says rates are not available once ss turns out missing, and stops asking', async () => {
    let reads = 0;
    const feed = createWatchFeed({
      source: fakeSource([[tcp(40000, 5)]]),
      filter,
      tcpCounters: async () => {
        reads++;
        return null;
      },
      now: clock().now,
    });
    await feed.next();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await feed.next()).ratesAvailable).toBe(false);
    await feed.next();
    expect(reads).toBe(1);
  });

  it('reads only the connections the view asks rates for, and none when it asks for none', async () => {
    const filters: (string | null)[] = [];
    const feed = createWatchFeed({
      source: fakeSource([[tcp(40000, 5)]]),
      filter,
      tcpCounters: async (ssFilter) => {
        filters.push(ssFilter);
        return new Map();
      },
      now: clock().now,
    });
    await feed.next();
    await feed.next({ kind: 'ports', pairs: [{ localPort: 40000, remotePort: 443 }] });
    await feed.next({ kind: 'ports', pairs: [] });
    expect(filters).toEqual([null, '( sport = :40000 and dport = :443 )']);
  });

  it('treats a failing ss like a missing one instead of ending the view', async () => {
    const time = clock();
    let reads = 0;
    const feed = createWatchFeed({
      source: fakeSource([[tcp(40000, 5)]]),
      filter,
      tcpCounters: async () => {
        if (reads++ > 0) throw new Error('ss -tine exited with 1');
        return new Map();
      },
      now: time.now,
    });
    await feed.next();
    const second = await feed.next();
    expect(second.ratesAvailable).toBe(false);
    expect(second.rows).toHaveLength(1);
  });

  it('gives interface rates between refreshes, and counts sockets whose owner is hidden', async () => {
    const time = clock();
    const counters: ReadonlyMap<string, ByteCounters>[] = [
      new Map([['eth0', { rxBytes: 1000, txBytes: 1000 }]]),
      new Map([
        ['eth0', { rxBytes: 3000, txBytes: 1500 }],
        ['wg0', { rxBytes: 5, txBytes: 5 }],
      ]),
    ];
    let reads = 0;
    const feed = createWatchFeed({
      source: fakeSource([[tcp(1, 5, { pid: null, program: null }), tcp(2, 0, { pid: null, program: null, state: 'TIME_WAIT' }), tcp(3, 6)]], 3),
      filter,
      interfaceCounters: () => counters[Math.min(reads++, counters.length - 1)]!,
      now: time.now,
    });
    const first = await feed.next();
    expect(first.interfaces).toEqual([]);
    expect(first.hiddenOwners).toBe(1);
    expect(first.ratesAvailable).toBe(false);
    time.advance(500);
    expect((await feed.next()).interfaces).toEqual([{ name: 'eth0', rxRate: 4000, txRate: 1000 }]);
  });
});
