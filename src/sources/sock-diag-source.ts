/** The connection table from netlink sock_diag through the native addon; owners from /proc/PID/fd as for /proc. Reads only. */
import { endianness } from 'node:os';
import type { Connection, InetProto } from '../protocol/connection.js';
import { matchesState, type ConnectionFilter } from '../protocol/connection-filter.js';
import { decodeInetState } from '../protocol/proc-net.js';
import { parseInetDiag, parseUnixDiag, SockDiagError } from '../protocol/sock-diag.js';
import {
  AF_INET,
  AF_INET6,
  inetDumpRequest,
  IPPROTO_TCP,
  IPPROTO_UDP,
  UDIAG_SHOW_NAME,
  UDIAG_SHOW_PEER,
  UDIAG_SHOW_RQLEN,
  UDIAG_SHOW_UID,
  unixDumpRequest,
} from '../protocol/sock-diag-request.js';
import type { TcpCounters } from '../protocol/tcp-info.js';
import { createProcConnectionSource, type ConnectionSource, type ProcSourceOptions } from './connections.js';
import { loadNativeAddon, type NativeAddon } from './native-addon.js';
import { nodeProcFs, SocketOwnerIndex, withOwners } from './socket-owners.js';

const inetDumps: readonly { proto: InetProto; family: typeof AF_INET | typeof AF_INET6; protocol: typeof IPPROTO_TCP | typeof IPPROTO_UDP }[] = [
  { proto: 'tcp', family: AF_INET, protocol: IPPROTO_TCP },
  { proto: 'tcp6', family: AF_INET6, protocol: IPPROTO_TCP },
  { proto: 'udp', family: AF_INET, protocol: IPPROTO_UDP },
  { proto: 'udp6', family: AF_INET6, protocol: IPPROTO_UDP },
];

/** Bit 1 << code of every kernel state code (1..13) whose name the filter keeps: the kernel skips the rest. */
function wantedStates(filter: ConnectionFilter, name: (code: number) => ReturnType<typeof decodeInetState>): number {
  let bits = 0;
  for (let code = 1; code <= 13; code++) {
    const state = name(code);
    if (state !== undefined && matchesState(filter, state)) bits |= 1 << code;
  }
  return bits;
}

const unixStateNames: Readonly<Record<number, 'ESTABLISHED' | 'CONNECTING' | 'UNCONN' | 'LISTEN'>> = { 1: 'ESTABLISHED', 2: 'CONNECTING', 7: 'UNCONN', 10: 'LISTEN' };

export interface SockDiagTables {
  readonly connections: Connection[];
  readonly malformed: number;
  readonly tcpCounters: Map<number, TcpCounters> | undefined;
}

/**
 * One dump per table the filter needs (tcp, tcp6, udp, udp6, unix, in /proc's order), parsed. A
 * dump that fails (the kernel refused, the addon threw, the framing is wrong) throws SockDiagError.
 */
export function readSockDiagTables(addon: NativeAddon, filter: ConnectionFilter, tcpInfo: boolean, littleEndian = endianness() === 'LE'): SockDiagTables {
  const dump = (request: Uint8Array): Buffer => {
    try {
      return addon.sockDiag(request);
    } catch (error) {
      throw new SockDiagError((error as Error).message);
    }
  };
  const connections: Connection[] = [];
  let malformed = 0;
  let tcpCounters: Map<number, TcpCounters> | undefined;
  for (const { proto, family, protocol } of inetDumps) {
    if (!filter.families.has(protocol === IPPROTO_TCP ? 'tcp' : 'udp')) continue;
    const states = wantedStates(filter, (code) => decodeInetState(code, proto));
    if (states === 0) continue;
    const withInfo = tcpInfo && protocol === IPPROTO_TCP;
    const table = parseInetDiag(dump(inetDumpRequest({ family, protocol, states, tcpInfo: withInfo }, littleEndian)), proto, { littleEndian, filter, tcpInfo: withInfo });
    for (const row of table.connections) connections.push(row);
    malformed += table.malformed;
    if (withInfo) {
      tcpCounters ??= new Map();
      for (const [inode, counters] of table.counters) tcpCounters.set(inode, counters);
    }
  }
  if (filter.families.has('unix')) {
    const states = wantedStates(filter, (code) => unixStateNames[code]);
    const show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
    const table = parseUnixDiag(dump(unixDumpRequest({ states, show }, littleEndian)), { littleEndian, filter });
    for (const row of table.connections) connections.push(row);
    malformed += table.malformed;
  }
  return { connections, malformed, tcpCounters };
}

/**
 * sock_diag when the addon loads, else /proc. A dump that fails once (a seccomp filter, a kernel
 * without unix_diag, a malformed reply) moves this source to /proc for good, silently: the same
 * table, only slower.
 */
export function createConnectionSource(options: ProcSourceOptions & { readonly addon?: NativeAddon | null } = {}): ConnectionSource {
  const status = loadNativeAddon();
  const addon = options.addon !== undefined ? options.addon : status.kind === 'loaded' ? status.addon : null;
  let fallback: ConnectionSource | undefined;
  const proc = () => (fallback ??= createProcConnectionSource(options));
  if (addon === null) return proc();
  const owners = new SocketOwnerIndex(options.procRoot ?? '/proc', options.fs ?? nodeProcFs, options.ownerIndex);
  return {
    tcpInfo: true,
    snapshot(filter, snapshotOptions) {
      if (fallback) return fallback.snapshot(filter, snapshotOptions);
      let tables: SockDiagTables;
      try {
        tables = readSockDiagTables(addon, filter, snapshotOptions.tcpInfo === true);
      } catch (error) {
        if (!(error instanceof SockDiagError)) throw error;
        return proc().snapshot(filter, snapshotOptions);
      }
      const counters = tables.tcpCounters ? { tcpCounters: tables.tcpCounters } : {};
      if (!snapshotOptions.owners) return { connections: tables.connections, malformed: tables.malformed, deniedProcesses: 0, ...counters };
      return { ...withOwners(owners, tables.connections, snapshotOptions.wide === true), malformed: tables.malformed, ...counters };
    },
  };
}
