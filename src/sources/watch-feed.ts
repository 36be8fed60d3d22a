/** The live view's refreshes: connections, owners and TCP rates from sock_diag (or /proc and ss), interface rates from /sys. */
import { readdirSync } from 'node:fs';
import type { Connection } from '../protocol/connection.js';
import type { ConnectionFilter } from '../protocol/connection-filter.js';
import { counterRate, formatSsPortFilter, tcpRates, type Rates, type TcpCounters } from '../protocol/tcp-info.js';
import type { WatchRow } from '../protocol/watch-rows.js';
import type { InterfaceRate, RateScope, SnapshotFeed, WatchSnapshot } from '../protocol/watch-view.js';
import { ConnectionCells } from '../render/connections.js';
import { plainPalette } from '../render/palette.js';
import type { ConnectionSource } from './connections.js';
import { readCounters } from './interfaces.js';

export type ServiceName = (port: number, transport: 'tcp' | 'udp') => string | undefined;

export interface ByteCounters {
  readonly rxBytes: number;
  readonly txBytes: number;
}

export interface WatchFeedOptions {
  readonly source: ConnectionSource;
  readonly filter: ConnectionFilter;
  readonly wide?: boolean;
  /** Port → service name, or none for numbers (-n). */
  readonly serviceName?: ServiceName;
  /** tcp_info counters per inode (null: ss missing), of every TCP socket or those the ss filter picks; omitted, no rates are read. */
  readonly tcpCounters?: (filter: string | null) => Promise<ReadonlyMap<number, TcpCounters> | null>;
  readonly interfaceCounters?: () => ReadonlyMap<string, ByteCounters>;
  readonly now: () => number;
  /**
   * The first refresh leaves out owners: scanning every process's fds is the slowest part of a
   * refresh (hundreds of ms on a busy host), and the first frame should not wait for it.
   */
  readonly quickFirst?: boolean;
}

/** rx/tx byte counters of every interface in /sys/class/net that has carried any bytes (idle ifb/dummy ones are noise). */
export function readInterfaceByteCounters(sysRoot = '/sys/class/net'): Map<string, ByteCounters> {
  const counters = new Map<string, ByteCounters>();
  let names: string[];
  try {
    names = readdirSync(sysRoot);
  } catch {
    return counters;
  }
  for (const name of names) {
    const c = readCounters(name, sysRoot);
    if (c && c.rxBytes + c.txBytes > 0) counters.set(name, { rxBytes: c.rxBytes, txBytes: c.txBytes });
  }
  return counters;
}

/**
 * Rows keyed by protocol and ends, so a socket keeps its identity while its state changes. A socket
 * listed twice (the same inode, or the same ends without one) is shown once: /proc/net/tcp is read in
 * several read() calls, and a busy table can repeat a line across them.
 */
export function toWatchRows(
  connections: readonly Connection[],
  rates: ReadonlyMap<number, Rates> | null,
  serviceName?: ServiceName,
  cells = new ConnectionCells({ palette: plainPalette, owners: false, ...(serviceName ? { serviceName } : {}) }),
): WatchRow[] {
  const seen = new Set<string>();
  const inodes = new Set<number>();
  const rows: WatchRow[] = [];
  for (const connection of connections) {
    if (connection.inode !== 0) {
      if (inodes.has(connection.inode)) continue;
      inodes.add(connection.inode);
    }
    // The one-shot table's Local and Foreign Address cells (plain palette: no colour codes).
    const local = cells.text(connection, 3);
    const remote = cells.text(connection, 4);
    let key = connection.proto === 'unix' ? `unix ${connection.inode}` : `${connection.proto} ${local} ${remote}`;
    if (seen.has(key)) {
      if (connection.inode === 0) continue;
      // SO_REUSEPORT lets several sockets share both ends; the inode tells them apart.
      key = `${key} #${connection.inode}`;
    }
    seen.add(key);
    const rate = connection.inode !== 0 ? rates?.get(connection.inode) : undefined;
    rows.push({ key, connection, local, remote, rxRate: rate?.rx ?? null, txRate: rate?.tx ?? null });
  }
  return rows;
}

interface Reading<T> {
  readonly time: number;
  readonly value: T;
}

function interfaceRates(before: Reading<ReadonlyMap<string, ByteCounters>> | null, after: Reading<ReadonlyMap<string, ByteCounters>>): InterfaceRate[] {
  const rates: InterfaceRate[] = [];
  if (!before) return rates;
  const elapsed = after.time - before.time;
  for (const [name, now] of after.value) {
    const then = before.value.get(name);
    if (!then) continue;
    const rxRate = counterRate(then.rxBytes, now.rxBytes, elapsed);
    const txRate = counterRate(then.txBytes, now.txBytes, elapsed);
    if (rxRate !== null && txRate !== null) rates.push({ name, rxRate, txRate });
  }
  return rates;
}

/**
 * Each `next()` reads everything once. ss runs while /proc is read; its first reading is only the
 * baseline for rates, so the first refresh does not wait for it and the first frame comes sooner.
 */
export function createWatchFeed(options: WatchFeedOptions): SnapshotFeed {
  let tcpBefore: Reading<ReadonlyMap<number, TcpCounters>> | null = null;
  let interfacesBefore: Reading<ReadonlyMap<string, ByteCounters>> | null = null;
  let ratesAvailable = options.tcpCounters !== undefined || options.source.tcpInfo === true;
  let first = true;
  // Host texts and service names are looked up once and kept; renewed now and then so that the
  // addresses of a long session do not pile up.
  const newCells = () => new ConnectionCells({ palette: plainPalette, owners: false, ...(options.serviceName ? { serviceName: options.serviceName } : {}) });
  let cells = newCells();
  let refreshes = 0;

  /** Rates between this reading and the one before (none on the first). */
  const ratesSince = (time: number, value: ReadonlyMap<number, TcpCounters>): ReadonlyMap<number, Rates> | null => {
    const previous = tcpBefore;
    tcpBefore = { time, value };
    return previous ? tcpRates(previous.value, value, time - previous.time) : null;
  };

  /** Rates since the previous reading; null on the first reading, or when ss is missing or fails (then n/a from now on). */
  const readTcpRates = async (scope: RateScope): Promise<ReadonlyMap<number, Rates> | null> => {
    const time = options.now();
    let value: ReadonlyMap<number, TcpCounters> | null;
    try {
      if (scope.kind === 'ports' && scope.pairs.length === 0) return null;
      value = await options.tcpCounters!(scope.kind === 'all' ? null : formatSsPortFilter(scope.pairs));
    } catch {
      // An ss that fails once (killed, too slow, unexpected output) is not worth ending the view for.
      value = null;
    }
    if (value === null) {
      ratesAvailable = false;
      return null;
    }
    return ratesSince(time, value);
  };

  // A source that reads tcp_info with the rows (sock_diag) needs no ss: its counters come in the same dump.
  let inDump = options.source.tcpInfo === true;
  return {
    async next(scope: RateScope = { kind: 'all' }): Promise<WatchSnapshot> {
      const wanted = !(scope.kind === 'ports' && scope.pairs.length === 0);
      const tcpInfo = inDump && wanted;
      const pendingRates = ratesAvailable && !inDump ? readTcpRates(scope) : null;
      const owners = !(first && options.quickFirst);
      const snapshot = options.source.snapshot(options.filter, { owners, wide: options.wide === true, tcpInfo });
      const { connections, deniedProcesses } = snapshot;
      const time = options.now();
      const interfacesNow = { time, value: options.interfaceCounters?.() ?? new Map<string, ByteCounters>() };
      const interfaces = interfaceRates(interfacesBefore, interfacesNow);
      interfacesBefore = interfacesNow;
      let rates: ReadonlyMap<number, Rates> | null = null;
      if (tcpInfo && snapshot.tcpCounters) rates = ratesSince(time, snapshot.tcpCounters);
      // The source fell back to /proc: ss from the next refresh on.
      else if (tcpInfo) inDump = false;
      if (pendingRates && first) pendingRates.catch(() => null);
      else if (pendingRates) rates = await pendingRates;
      first = false;
      const hiddenOwners = deniedProcesses > 0 ? connections.filter((c) => c.pid === null && c.inode !== 0).length : 0;
      if (++refreshes % 600 === 0) cells = newCells();
      return { time, rows: toWatchRows(connections, rates, options.serviceName, cells), interfaces, ratesAvailable, hiddenOwners, ownersKnown: owners };
    },
  };
}
