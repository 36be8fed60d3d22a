/** Builders of live-view rows and snapshots for tests: readable defaults, override what matters. */
import type { InetConnection, UnixConnection } from '../../src/protocol/connection.js';
import type { WatchRow } from '../../src/protocol/watch-rows.js';
import type { WatchSnapshot } from '../../src/protocol/watch-view.js';

export interface RowSpec extends Partial<Omit<InetConnection, 'local' | 'remote'>> {
  readonly localAddress?: string;
  readonly localPort?: number;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  readonly rxRate?: number | null;
  readonly txRate?: number | null;
}

const endpoint = (address: string, port: number) => `${address.includes(':') ? `[${address}]` : address}:${port === 0 ? '*' : port}`;

/** An established TCP connection from 127.0.0.1:40000 to :8080 held by 100/python3, unless told otherwise. */
export function watchRow(spec: RowSpec = {}): WatchRow {
  const { localAddress = '127.0.0.1', localPort = 40000, remoteAddress = '127.0.0.1', remotePort = 8080, rxRate = null, txRate = null, ...rest } = spec;
  const connection: InetConnection = {
    proto: 'tcp',
    local: { address: localAddress, port: localPort },
    remote: { address: remoteAddress, port: remotePort },
    state: 'ESTABLISHED',
    recvQ: 0,
    sendQ: 0,
    inode: 1000 + localPort,
    uid: 0,
    pid: 100,
    program: 'python3',
    ...rest,
  };
  return {
    key: `${connection.proto} ${localAddress} ${localPort} ${remoteAddress} ${remotePort}`,
    connection,
    local: endpoint(localAddress, localPort),
    remote: endpoint(remoteAddress, remotePort),
    rxRate,
    txRate,
  };
}

export function snapshot(rows: readonly WatchRow[], overrides: Partial<WatchSnapshot> = {}): WatchSnapshot {
  return {
    time: Date.UTC(2026, 10, 25, 20, 0, 0),
    rows,
    interfaces: [{ name: 'eth0', rxRate: 2048, txRate: 512 }],
    ratesAvailable: true,
    hiddenOwners: 0,
    ownersKnown: true,
    ...overrides,
  };
}

/** A listening Unix stream socket at `path`. */
export function unixRow(path: string, inode = 7000): WatchRow {
  const connection: UnixConnection = {
    proto: 'unix',
    type: 'stream',
    path,
    state: 'LISTEN',
    recvQ: null,
    sendQ: null,
    inode,
    uid: null,
    pid: 100,
    program: 'python3',
  };
  return { key: `unix ${inode}`, connection, local: path, remote: '*', rxRate: null, txRate: null };
}
