/** The connection table from /proc/net and the sockets' owners from /proc/PID/fd. Reads only. */
import { endianness } from 'node:os';
import { NettoolError } from '../errors.js';
import type { Connection, InetProto } from '../protocol/connection.js';
import { filterConnections, type ConnectionFilter } from '../protocol/connection-filter.js';
import { parseProcNetInet, parseProcNetUnix, type ParsedTable } from '../protocol/proc-net.js';
import { emptyTcpTables } from '../protocol/sockstat.js';
import type { TcpCounters } from '../protocol/tcp-info.js';
import { nodeProcFs, SocketOwnerIndex, withOwners, type OwnerIndexOptions, type ProcFs } from './socket-owners.js';

export interface SnapshotOptions {
  /** -p: find each socket's PID and program. */
  readonly owners: boolean;
  /** --wide: the whole command line instead of the short name. */
  readonly wide?: boolean;
  /** The live view's rates: tcp_info counters of the TCP rows, where the source can read them with the rows. */
  readonly tcpInfo?: boolean;
}

export interface ConnectionSnapshot {
  /** The rows the filter keeps, in the kernel's order: tcp, tcp6, udp, udp6, unix. */
  readonly connections: readonly Connection[];
  /** Lines of the /proc files that could not be parsed. */
  readonly malformed: number;
  /** Processes whose sockets could not be examined (not root); 0 when owners were not asked for. */
  readonly deniedProcesses: number;
  /** tcp_info byte counters by inode, read in the same netlink dump when `tcpInfo` was asked for; absent from /proc. */
  readonly tcpCounters?: ReadonlyMap<number, TcpCounters>;
}

/** What netstat and its live view read; a fixture directory stands in for /proc in tests. */
export interface ConnectionSource {
  snapshot(filter: ConnectionFilter, options: SnapshotOptions): ConnectionSnapshot;
  /** The snapshots carry tcp_info counters when asked (sock_diag); /proc never does. */
  readonly tcpInfo?: boolean;
}

export interface ProcSourceOptions {
  readonly procRoot?: string;
  readonly fs?: ProcFs;
  readonly littleEndian?: boolean;
  /** How the owner index rescans; a live view spaces out its full passes (issue 5). */
  readonly ownerIndex?: OwnerIndexOptions;
}

const inetFiles: readonly InetProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** Reads /proc/net/* and /proc/PID/fd; the owner index lives as long as the source does. */
export function createProcConnectionSource(options: ProcSourceOptions = {}): ConnectionSource {
  const procRoot = options.procRoot ?? '/proc';
  const fs = options.fs ?? nodeProcFs;
  const littleEndian = options.littleEndian ?? endianness() === 'LE';
  const owners = new SocketOwnerIndex(procRoot, fs, options.ownerIndex);

  /** A missing file is an empty table (no IPv6 in this kernel); a missing /proc/net is not Linux. */
  const read = (name: string): string | null => {
    try {
      return fs.readFile(`${procRoot}/net/${name}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new NettoolError(`cannot read ${procRoot}/net/${name}: ${(error as Error).message}`);
    }
  };

  /** Tables the kernel's socket counters say are empty, not worth a walk of its hash table; none if unreadable. */
  const knownEmptyTcpTables = (): Set<InetProto> => {
    try {
      return emptyTcpTables(fs.readFile(`${procRoot}/net/sockstat`), fs.readFile(`${procRoot}/net/sockstat6`));
    } catch {
      return new Set();
    }
  };

  return {
    snapshot(filter, snapshotOptions) {
      const tables: ParsedTable<Connection>[] = [];
      let found = 0;
      const empty = filter.families.has('tcp') ? knownEmptyTcpTables() : new Set<InetProto>();
      for (const proto of inetFiles) {
        if (!filter.families.has(proto.startsWith('tcp') ? 'tcp' : 'udp')) continue;
        if (empty.has(proto)) {
          found++;
          continue;
        }
        const text = read(proto);
        if (text === null) continue;
        found++;
        tables.push(parseProcNetInet(text, proto, { littleEndian }));
      }
      if (filter.families.has('unix')) {
        const text = read('unix');
        if (text !== null) {
          found++;
          tables.push(parseProcNetUnix(text));
        }
      }
      if (found === 0) {
        throw new NettoolError(`netstat needs /proc (Linux): no socket tables under ${procRoot}/net`);
      }
      const kept = tables.flatMap((table) => filterConnections(table.connections, filter));
      const malformed = tables.reduce((sum, table) => sum + table.malformed, 0);
      if (!snapshotOptions.owners) return { connections: kept, malformed, deniedProcesses: 0 };
      return { ...withOwners(owners, kept, snapshotOptions.wide === true), malformed };
    },
  };
}
