import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConnectionFilter } from '../../../src/protocol/connection-filter.js';
import { createProcConnectionSource } from '../../../src/sources/connections.js';
import { nodeProcFs, SocketOwnerIndex, type ProcFs } from '../../../src/sources/socket-owners.js';
import { NettoolError } from '../../../src/errors.js';

const procRoot = fileURLToPath(new URL('../../fixtures/proc', import.meta.url));

/** The real calls, counted, with chosen fd directories refused as /proc refuses a non-root user. */
function countingFs(deny: readonly string[] = []): ProcFs & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    readdir: (path) => {
      calls.push(`readdir ${path.slice(procRoot.length)}`);
      if (deny.some((d) => path.endsWith(d))) throw Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
      return nodeProcFs.readdir(path);
    },
    readlink: (path) => {
      calls.push(`readlink ${path.slice(procRoot.length)}`);
      return nodeProcFs.readlink(path);
    },
    readFile: (path) => nodeProcFs.readFile(path),
  };
}

describe('createProcConnectionSource (fixture /proc)', () => {
  it('reads the tables the filter asks for, in kernel order', () => {
    const source = createProcConnectionSource({ procRoot, littleEndian: true });
    const { connections, malformed, deniedProcesses } = source.snapshot(buildConnectionFilter({ all: true }), { owners: false });
    expect(malformed).toBe(0);
    expect(deniedProcesses).toBe(0);
    expect(connections.map((c) => c.proto)).toEqual([...Array(13).fill('tcp'), ...Array(5).fill('tcp6'), 'udp', 'udp', 'udp6']);
    expect(connections.every((c) => c.pid === null && c.program === null)).toBe(true);
  });

  it('names owners with -p: PID from /proc/PID/fd, program from comm, or cmdline when wide', () => {
    const source = createProcConnectionSource({ procRoot, littleEndian: true });
    const filter = buildConnectionFilter({ tcp: true, unix: true, all: true });
    const owned = (wide: boolean) =>
      source
        .snapshot(filter, { owners: true, wide })
        .connections.filter((c) => c.pid !== null)
        .map((c) => [c.inode, c.pid, c.program]);
    expect(owned(false)).toEqual([
      [1001, 4242, 'sshd'], // held by 4242 and 5000: the lower PID is named
      [1010, 5000, 'nginx'],
      [2002, 4242, 'sshd'],
      [5001, 4242, 'sshd'],
    ]);
    expect(owned(true)).toContainEqual([1010, 5000, 'nginx -g daemon off;']);
    expect(owned(true)).toContainEqual([1001, 4242, 'sshd: /usr/sbin/sshd -D']);
  });

  it('counts the processes it may not look into', () => {
    const source = createProcConnectionSource({ procRoot, littleEndian: true, fs: countingFs(['/5000/fd']) });
    const snapshot = source.snapshot(buildConnectionFilter({ tcp: true, all: true }), { owners: true });
    expect(snapshot.deniedProcesses).toBe(1);
    expect(snapshot.connections.find((c) => c.inode === 1010)?.pid).toBeNull();
  });

  it('does not read a TCP table the kernel counts as empty, and reads it when a count says otherwise', () => {
    const withSockstat = (tw: number, inuse6: number) => {
      const reads: string[] = [];
      const files: Record<string, string> = {
        '/net/sockstat': `sockets: used 3\nTCP: inuse 13 orphan 0 tw ${tw} alloc 13 mem 0\nUDP: inuse 2 mem 0\n`,
        '/net/sockstat6': `TCP6: inuse ${inuse6}\nUDP6: inuse 1\n`,
      };
      const fs: ProcFs = {
        ...nodeProcFs,
        readFile: (path) => {
          const name = path.slice(procRoot.length);
          reads.push(name);
          return files[name] ?? nodeProcFs.readFile(path);
        },
      };
      const source = createProcConnectionSource({ procRoot, littleEndian: true, fs });
      const protos = source.snapshot(buildConnectionFilter({ tcp: true, all: true }), { owners: false }).connections.map((c) => c.proto);
      return { reads, protos: [...new Set(protos)] };
    };
    expect(withSockstat(0, 0)).toEqual({ reads: ['/net/sockstat', '/net/sockstat6', '/net/tcp'], protos: ['tcp'] });
    // A TIME_WAIT socket of either family is only in `tw`; an IPv6 one in use only in TCP6's inuse.
    expect(withSockstat(1, 0)).toEqual({ reads: ['/net/sockstat', '/net/sockstat6', '/net/tcp', '/net/tcp6'], protos: ['tcp', 'tcp6'] });
    expect(withSockstat(0, 5).protos).toEqual(['tcp', 'tcp6']);
  });

  it('says that netstat needs /proc where there is none', () => {
    const source = createProcConnectionSource({ procRoot: '/nonexistent-proc' });
    expect(() => source.snapshot(buildConnectionFilter({}), { owners: false })).toThrow(NettoolError);
    expect(() => source.snapshot(buildConnectionFilter({}), { owners: false })).toThrow(/netstat needs \/proc \(Linux\)/);
  });
});

describe('SocketOwnerIndex between refreshes', () => {
  it('rescans only when a socket it has not seen appears', () => {
    const fs = countingFs();
    const index = new SocketOwnerIndex(procRoot, fs);
    index.update([1001, 1010]);
    const firstScan = fs.calls.filter((c) => c.startsWith('readlink')).length;
    expect(firstScan).toBe(7);
    index.update([1001, 1010]);
    expect(fs.calls.filter((c) => c.startsWith('readlink')).length).toBe(firstScan);
    index.update([1001, 999_999]); // unknown: look again, once
    const rescan = fs.calls.filter((c) => c.startsWith('readlink')).length;
    // The trusting pass re-reads only pid 5000, which closed 1010 since (its 2 links); 999_999 is
    // still missing, so a full pass reads all 7 links afresh.
    expect(rescan).toBe(firstScan + 2 + firstScan);
    index.update([1001, 999_999]); // still nobody's (another namespace): no rescan every refresh
    expect(fs.calls.filter((c) => c.startsWith('readlink')).length).toBe(rescan);
    expect(index.pidOf(1001)).toBe(4242);
    expect(index.pidOf(999_999)).toBeNull();
    expect(index.pidOf(0)).toBeNull();
  });
});
