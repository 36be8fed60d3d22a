/** Which process holds each socket, from /proc/PID/fd links `socket:[INODE]`. Reads /proc; never writes. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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
  private readonly pidByInode = new Map<number, number>();
  private readonly programs = new Map<number, string | null>();
  private unowned = new Set<number>();
  private denied = 0;
  private scanned = false;

  constructor(
    private readonly procRoot = '/proc',
    private readonly fs: ProcFs = nodeProcFs,
  ) {}

  /** Brings the index up to date for these socket inodes (0, "no file", is ignored). */
  update(inodes: Iterable<number>): OwnerScan {
    const wanted = [...inodes];
    if (this.isStale(wanted)) this.scan(wanted);
    return { deniedProcesses: this.denied };
  }

  pidOf(inode: number): number | null {
    return inode === 0 ? null : (this.pidByInode.get(inode) ?? null);
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
    const pids = new Set(this.pidByInode.values());
    const alive = new Set(this.fs.readdir(this.procRoot));
    for (const pid of pids) if (!alive.has(String(pid))) return true;
    return false;
  }

  /**
   * Reads every process's fd links, lowest PID first, until each wanted inode has its owner: the
   * readlink per open file is what -p costs (bench/netstat.mjs), so the scan stops as soon as it can.
   */
  private scan(inodes: readonly number[]): void {
    this.pidByInode.clear();
    this.programs.clear();
    this.denied = 0;
    const wanted = new Set(inodes.filter((inode) => inode !== 0));
    let missing = wanted.size;
    const self = String(process.pid);
    const pids = this.fs
      .readdir(this.procRoot)
      .filter((name) => isPid(name) && name !== self)
      .map(Number)
      .sort((a, b) => a - b);
    for (const pid of pids) {
      if (missing === 0) break;
      const fdDir = `${this.procRoot}/${pid}/fd`;
      let fds: string[];
      try {
        fds = this.fs.readdir(fdDir);
      } catch (error) {
        // ENOENT: the process exited while we looked; not a permission problem.
        if (errorCode(error) === 'EACCES' || errorCode(error) === 'EPERM') this.denied++;
        continue;
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = this.fs.readlink(`${fdDir}/${fd}`);
        } catch {
          continue; // closed since readdir
        }
        // `socket:[12345]`; of several holders (after a fork) the lowest PID, usually the parent, is named.
        if (target.startsWith('socket:[')) {
          const inode = Number(target.slice(8, -1));
          if (this.pidByInode.has(inode)) continue;
          this.pidByInode.set(inode, pid);
          if (wanted.has(inode)) missing--;
        }
      }
    }
    this.unowned = new Set([...wanted].filter((inode) => !this.pidByInode.has(inode)));
    this.scanned = true;
  }
}
