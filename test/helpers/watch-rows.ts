/** Builders of live-view rows and snapshots for tests: readable defaults, override what matters. */
import type { WatchRow } from '../../src/protocol/watch-rows.js';
import type { WatchSnapshot } from '../../src/protocol/watch-view.js';

export function watchRow(overrides: Partial<WatchRow> & { localPort?: number | null; remotePort?: number | null } = {}): WatchRow {
  const proto = overrides.proto ?? 'tcp';
  const localAddress = overrides.localAddress ?? '127.0.0.1';
  const localPort = overrides.localPort === undefined ? 40000 : overrides.localPort;
  const remoteAddress = overrides.remoteAddress ?? '127.0.0.1';
  const remotePort = overrides.remotePort === undefined ? 8080 : overrides.remotePort;
  const family = overrides.family ?? (proto.startsWith('udp') ? 'udp' : proto === 'unix' ? 'unix' : 'tcp');
  const state = overrides.state ?? 'ESTABLISHED';
  return {
    key: `${proto} ${localAddress} ${localPort} ${remoteAddress} ${remotePort}`,
    proto,
    family,
    listening: state === 'LISTEN' || state === 'UNCONN',
    local: `${localAddress}:${localPort ?? '*'}`,
    remote: `${remoteAddress}:${remotePort ?? '*'}`,
    localAddress,
    localPort,
    remoteAddress,
    remotePort,
    state,
    recvQ: 0,
    sendQ: 0,
    pid: 100,
    program: 'python3',
    rxRate: null,
    txRate: null,
    ...overrides,
  };
}

export function snapshot(rows: readonly WatchRow[], overrides: Partial<WatchSnapshot> = {}): WatchSnapshot {
  return {
    time: Date.UTC(2026, 10, 25, 20, 0, 0),
    rows,
    interfaces: [{ name: 'eth0', rxRate: 2048, txRate: 512 }],
    ratesAvailable: true,
    hiddenOwners: 0,
    ...overrides,
  };
}
