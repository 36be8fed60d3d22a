import { describe, expect, it } from 'vitest';
import { SocketOwnerIndex, type ProcFs } from '../../../src/sources/socket-owners.js';

/** An in-memory /proc: pid → fd → link target; counts the readlinks, what a scan costs. */
function memoryProc(processes: Record<number, Record<string, string>>): ProcFs & { readlinks: () => number } {
  let readlinks = 0;
  return {
    readlinks: () => readlinks,
    readdir: (path) => {
      if (path === '/proc') return Object.keys(processes);
      const pid = Number(path.split('/')[2]);
      if (!processes[pid]) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return Object.keys(processes[pid]);
    },
    readlink: (path) => {
      readlinks++;
      const [, , pid, , fd] = path.split('/');
      const target = processes[Number(pid)]?.[fd!];
      if (target === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return target;
    },
    readFile: () => 'prog\n',
  };
}

describe('SocketOwnerIndex rescans (issue 5: only what changed)', () => {
  it('reads only the links of new fds when a new socket appears', () => {
    const processes: Record<number, Record<string, string>> = {
      10: { '0': '/dev/null', '3': 'socket:[100]', '4': 'socket:[101]' },
      20: { '0': '/dev/null', '5': 'socket:[200]' },
    };
    const proc = memoryProc(processes);
    const index = new SocketOwnerIndex('/proc', proc);
    index.update([100, 101, 200]);
    expect(proc.readlinks()).toBe(5);
    processes[20]!['6'] = 'socket:[201]';
    index.update([100, 101, 200, 201]);
    expect(proc.readlinks()).toBe(6);
    expect(index.pidOf(201)).toBe(20);
    expect(index.pidOf(100)).toBe(10);
  });

  it('reads afresh only the process that closed a socket, whose fd number may now hold a new one', () => {
    const processes: Record<number, Record<string, string>> = { 10: { '3': 'socket:[100]' }, 20: { '5': 'socket:[200]' } };
    const proc = memoryProc(processes);
    const index = new SocketOwnerIndex('/proc', proc);
    index.update([100, 200]);
    processes[10]!['3'] = 'socket:[300]'; // closed 100, accepted 300 on the same fd
    index.update([200, 300]);
    expect(index.pidOf(300)).toBe(10);
    expect(index.pidOf(200)).toBe(20);
    expect(proc.readlinks()).toBe(2 + 1);
  });

  it('reads every link again when a new socket is found nowhere else, at most once per fullPassEvery updates', () => {
    const processes: Record<number, Record<string, string>> = { 10: { '3': 'socket:[100]' }, 20: { '5': 'socket:[200]', '6': 'socket:[201]' } };
    const proc = memoryProc(processes);
    const index = new SocketOwnerIndex('/proc', proc, { fullPassEvery: 3 });
    index.update([100, 200, 201]);
    expect(proc.readlinks()).toBe(3);
    processes[20]!['6'] = 'socket:[202]'; // 201 was closed elsewhere (its holder forked), 202 took the fd
    index.update([100, 200, 201, 202]); // a full pass is not due yet: 202 stays unknown for now
    expect(index.pidOf(202)).toBeNull();
    expect(proc.readlinks()).toBe(3);
    index.update([100, 200, 201, 202]);
    index.update([100, 200, 201, 202]); // the third update since the first scan: a full pass
    expect(proc.readlinks()).toBe(6);
    expect(index.pidOf(202)).toBe(20);
  });

  it('names a new process that holds a new socket', () => {
    const processes: Record<number, Record<string, string>> = { 10: { '3': 'socket:[100]' } };
    const proc = memoryProc(processes);
    const index = new SocketOwnerIndex('/proc', proc);
    index.update([100]);
    processes[30] = { '3': 'socket:[300]', '4': 'pipe:[9]' };
    index.update([100, 300]);
    expect(index.pidOf(300)).toBe(30);
    expect(proc.readlinks()).toBe(1 + 2);
  });
});
