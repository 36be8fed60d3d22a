/** Which process holds each socket, from /proc/PID/fd links `socket:[INODE]`. Reads /proc; never writes. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Connection } from '../protocol/connection.js';

/** The three calls the scan makes, injectable so tests can refuse permission as a non-root user would. */
export interface ProcFs {
  readonly readdir: (path: string) => string[];
  readonly readlink: (path: string) => string;
  readonly readFile: (path: string) => string;
}

/**
 * Synchronous calls on purpose: one readlink per open file of every process, and the sync calls
 * measured several times faster than fs/promises for this (bench/RESULTS.md, netstat).
 */
export const nodeProcFs: ProcFs = {
  readdir: (path) => readdirSync(path),
  readlink: (path) => readlinkSync(path),
  readFile: (path) => readFileSync(path, 'utf8'),
};

export interface OwnerIndexOptions {
  /**
   * At most one full pass (every link read afresh) per this many updates; default 1, every time one
   * is needed. On a busy host new short-lived sockets whose owner is gone or unseen appear nearly
   * every second, and a live view would otherwise read every link of every process each refresh.
   * Their owners show as unknown until the next full pass.
   */
  readonly fullPassEvery?: number;
}

export interface OwnerScan {
  /** Processes whose fd directory this user may not read (other users' processes, without root). */
  readonly deniedProcesses: number;
}

const isPid = (name: string) => /^\d+$/.test(name);

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * inode → PID, kept between refreshes so that a live view rescans /proc only when a socket it has
 * not seen appears or a process it named has gone. Inodes nobody readable held at the last scan
 * (other network namespaces, other users) do not force a rescan every time.
 */
export class SocketOwnerIndex {
  /** Every process holding each socket, lowest PID first (a forked server's workers share its listener). */
  private readonly pidByInode = new Map<number, number[]>();
  private readonly programs = new Map<number, string | null>();
  private unowned = new Set<number>();
  /** What each fd of each process pointed to at the last scan: socket inode, or 0 for anything else. */
  private readonly fdsByPid = new Map<number, Map<string, number>>();
  private denied = 0;
  private scanned = false;

  /** The inodes the last scan was asked about: one gone since tells which process closed a socket. */
  private lastAsked: ReadonlySet<number> = new Set();
  /** Updates since the last pass that read every link afresh. */
  private sinceFullPass = 0;

  constructor(
    private readonly procRoot = '/proc',
    private readonly fs: ProcFs = nodeProcFs,
    private readonly options: OwnerIndexOptions = {},
  ) {}

  /** Brings the index up to date for these socket inodes (0, "no file", is ignored). */
  update(inodes: Iterable<number>): OwnerScan {
    const wanted = [...inodes];
    this.sinceFullPass++;
    if (this.isStale(wanted)) this.scan(wanted);
    return { deniedProcesses: this.denied };
  }

  pidOf(inode: number): number | null {
    return inode === 0 ? null : (this.pidByInode.get(inode)?.[0] ?? null);
  }

  /** Every PID holding the socket, lowest first; empty when none is known. */
  pidsOf(inode: number): readonly number[] {
    return inode === 0 ? [] : (this.pidByInode.get(inode) ?? []);
  }

  /** The process's name from /proc/PID/comm, or its whole command line from cmdline (`wide`). */
  programOf(pid: number, wide = false): string | null {
    const key = wide ? -pid : pid;
    if (this.programs.has(key)) return this.programs.get(key)!;
    let program: string | null;
    try {
      const text = this.fs.readFile(`${this.procRoot}/${pid}/${wide ? 'cmdline' : 'comm'}`);
      // cmdline separates arguments with NUL; comm ends in a newline.
      program = (wide ? text.replace(/\0+$/, '').replace(/\0/g, ' ') : text.replace(/\n$/, '')) || null;
      if (program === null && wide) return this.programOf(pid, false);
    } catch {
      program = null;
    }
    this.programs.set(key, program);
    return program;
  }

  private isStale(inodes: readonly number[]): boolean {
    if (!this.scanned) return true;
    for (const inode of inodes) {
      if (inode !== 0 && !this.pidByInode.has(inode) && !this.unowned.has(inode)) return true;
    }
    // A process that exited may have left its sockets to a child: look again.
    const pids = new Set([...this.pidByInode.values()].flat());
    const alive = new Set(this.fs.readdir(this.procRoot));
    for (const pid of pids) if (!alive.has(String(pid))) return true;
    return false;
  }

  /**
   * Reads every process's fd links, lowest PID first, until each wanted inode has its owner: the
   * readlink per open file is what -p costs (bench/netstat.mjs), so the scan stops as soon as it can.
   * A live view rescans often, so the first pass trusts what each fd pointed to at the last scan and
   * reads only fds it has not seen, and reads afresh only the processes that closed a socket since
   * (issue 5: rescan only what changed); a socket still unowned after that (an fd number reused for a
   * new socket elsewhere) costs a second pass that reads every link afresh (see fullPassEvery).
   */
  private scan(inodes: Iterable<number>): void {
    const present = [...inodes].filter((inode) => inode !== 0);
    // Sockets nobody readable held at the last scan (another pid namespace, say) are not looked for
    // again: one of them would otherwise force a full second pass on every rescan.
    const wanted = new Set(present.filter((inode) => !this.unowned.has(inode)));
    const stillUnowned = present.filter((inode) => this.unowned.has(inode));
    // A process that closed a socket may have reused its fd number for a new one: read it afresh.
    const presentSet = new Set(present);
    const churned = new Set<number>();
    for (const inode of this.lastAsked) {
      if (presentSet.has(inode)) continue;
      for (const pid of this.pidByInode.get(inode) ?? []) churned.add(pid);
    }
    this.lastAsked = presentSet;
    const self = String(process.pid);
    const pids = this.fs
      .readdir(this.procRoot)
      .filter((name) => isPid(name) && name !== self)
      .map(Number)
      .sort((a, b) => a - b);
    let full = !this.scanned;
    let missing = this.scanPass(pids, wanted, full ? null : churned);
    if (missing > 0 && !full && this.sinceFullPass >= (this.options.fullPassEvery ?? 1)) {
      full = true;
      missing = this.scanPass(pids, wanted, null);
    }
    if (full) this.sinceFullPass = 0;
    const alive = new Set(pids);
    for (const pid of this.fdsByPid.keys()) if (!alive.has(pid)) this.fdsByPid.delete(pid);
    // Only a full pass may call a socket unowned; one it skipped is looked for again next time.
    const unfound = full ? [...wanted].filter((inode) => !this.pidByInode.has(inode)) : [];
    this.unowned = new Set([...stillUnowned, ...unfound]);
    this.scanned = true;
  }

  /**
   * One pass over the processes; returns how many wanted inodes are still without an owner. With
   * `fresh` null every link is read; else cached links are trusted except for the processes in it.
   */
  private scanPass(pids: readonly number[], wanted: ReadonlySet<number>, fresh: ReadonlySet<number> | null): number {
    this.pidByInode.clear();
    this.programs.clear();
    this.denied = 0;
    let missing = wanted.size;
    // Every process is read, even once each wanted socket has an owner: another may share it (ss -p lists all).
    for (const pid of pids) {
      const fdDir = `${this.procRoot}/${pid}/fd`;
      let fds: string[];
      try {
        fds = this.fs.readdir(fdDir);
      } catch (error) {
        // ENOENT: the process exited while we looked; not a permission problem.
        if (errorCode(error) === 'EACCES' || errorCode(error) === 'EPERM') this.denied++;
        continue;
      }
      const known = fresh === null || fresh.has(pid) ? undefined : this.fdsByPid.get(pid);
      const now = new Map<string, number>();
      for (const fd of fds) {
        let inode = known?.get(fd);
        if (inode === undefined) {
          let target: string;
          try {
            target = this.fs.readlink(`${fdDir}/${fd}`);
          } catch {
            continue; // closed since readdir
          }
          // `socket:[12345]`; anything else is remembered as 0, so that it is not read again.
          inode = target.startsWith('socket:[') ? Number(target.slice(8, -1)) : 0;
        }
        now.set(fd, inode);
        if (inode === 0) continue;
        const holders = this.pidByInode.get(inode);
        if (holders === undefined) {
          this.pidByInode.set(inode, [pid]);
          if (wanted.has(inode)) missing--;
        } else if (holders[holders.length - 1] !== pid) holders.push(pid); // one entry per process, however many fds
      }
      this.fdsByPid.set(pid, now);
    }
    return missing;
  }
}

/** The rows with their owners filled in from the index, brought up to date for their inodes first. */
export function withOwners<C extends Connection>(index: SocketOwnerIndex, rows: readonly C[], wide: boolean): { connections: C[]; deniedProcesses: number } {
  const { deniedProcesses } = index.update(rows.map((c) => c.inode));
  const connections = rows.map((c): C => {
    const pids = index.pidsOf(c.inode);
    if (pids.length === 0) return c;
    const pid = pids[0]!;
    const program = index.programOf(pid, wide);
    if (pids.length === 1) return { ...c, pid, program };
    return { ...c, pid, program, owners: pids.map((other) => ({ pid: other, program: index.programOf(other, wide) })) };
  });
  return { connections, deniedProcesses };
}
