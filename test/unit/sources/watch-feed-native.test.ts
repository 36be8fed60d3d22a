import { describe, expect, it } from 'vitest';
import type { InetConnection } from '../../../src/protocol/connection.js';
import { buildConnectionFilter } from '../../../src/protocol/connection-filter.js';
import type { TcpCounters } from '../../../src/protocol/tcp-info.js';
import type { ConnectionSnapshot, ConnectionSource, SnapshotOptions } from '../../../src/sources/connections.js';
import { createWatchFeed } from '../../../src/sources/watch-feed.js';

const row: InetConnection = {
  proto: 'tcp',
  local: { address: '127.0.0.1', port: 40000 },
  remote: { address: '127.0.0.1', port: 443 },
  state: 'ESTABLISHED',
  recvQ: 0,
  sendQ: 0,
  inode: 5,
  uid: 0,
  pid: 42,
  program: 'curl',
};

/** A sock_diag-like source: tcp_info counters come with the rows, when asked; `lose` drops them (a fallback to /proc). */
function dumpSource(readings: readonly ReadonlyMap<number, TcpCounters>[]) {
  const asked: SnapshotOptions[] = [];
  let reads = 0;
  const source: ConnectionSource & { asked: SnapshotOptions[]; lose: boolean } = {
    tcpInfo: true,
    asked,
    lose: false,
    snapshot(_filter, options): ConnectionSnapshot {
      asked.push(options);
      const base = { connections: [row], malformed: 0, deniedProcesses: 0 };
      if (!options.tcpInfo || source.lose) return base;
      return { ...base, tcpCounters: readings[Math.min(reads++, readings.length - 1)]! };
    },
  };
  return source;
}

describe('createWatchFeed on a source that reads tcp_info with the rows', () => {
  it('takes rates from the dump and never runs ss', async () => {
    let now = 1_000_000;
    const source = dumpSource([new Map([[5, { bytesReceived: 0, bytesAcked: 0 }]]), new Map([[5, { bytesReceived: 2048, bytesAcked: 4096 }]])]);
    let ssRuns = 0;
    const feed = createWatchFeed({
      source,
      filter: buildConnectionFilter({}),
      tcpCounters: async () => {
        ssRuns++;
        return new Map();
      },
      now: () => now,
    });
    // The first frame asks for no rates (scope: no rows yet), so no tcp_info either.
    const first = await feed.next({ kind: 'ports', pairs: [] });
    expect(source.asked[0]!.tcpInfo).toBe(false);
    expect(first.ratesAvailable).toBe(true);
    await feed.next();
    now += 1000;
    const third = await feed.next();
    expect(third.rows[0]).toMatchObject({ rxRate: 2048, txRate: 4096 });
    expect(source.asked.slice(1).every((options) => options.tcpInfo)).toBe(true);
    expect(ssRuns).toBe(0);
  });

  it('goes to ss once the source stops carrying counters (it fell back to /proc)', async () => {
    const source = dumpSource([new Map()]);
    let ssRuns = 0;
    const feed = createWatchFeed({
      source,
      filter: buildConnectionFilter({}),
      tcpCounters: async () => {
        ssRuns++;
        return new Map();
      },
      now: () => 0,
    });
    await feed.next();
    source.lose = true;
    await feed.next();
    expect(ssRuns).toBe(0);
    await feed.next();
    expect(ssRuns).toBe(1);
  });
});
