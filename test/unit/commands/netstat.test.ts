import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNetstat, type NetstatDependencies, type NetstatOptions } from '../../../src/commands/netstat.js';
import type { CommandContext } from '../../../src/commands/context.js';
import { UsageError } from '../../../src/errors.js';
import { plainPalette } from '../../../src/render/palette.js';
import { createProcConnectionSource } from '../../../src/sources/connections.js';
import { nodeProcFs } from '../../../src/sources/socket-owners.js';
import type { InterfaceInfo } from '../../../src/sources/interfaces.js';
import { fakeIo, type FakeIo } from '../../helpers/fake-io.js';

const procRoot = fileURLToPath(new URL('../../fixtures/proc', import.meta.url));

const loopback: InterfaceInfo = {
  name: 'lo',
  addresses: [{ address: '127.0.0.1', family: 4, prefix: 8 }, { address: '::1', family: 6, prefix: 128 }],
  mac: '00:00:00:00:00:00',
  mtu: 65536,
  up: true,
  operstate: 'unknown',
  counters: { rxBytes: 1234, txBytes: 1234, rxPackets: 10, txPackets: 10, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 },
};

async function netstat(options: NetstatOptions, { json = false, deny = [] as string[], names = new Map<string, string>() } = {}) {
  const io: FakeIo = fakeIo();
  const context: CommandContext = { io, json, quiet: false, palette: plainPalette, status: (line) => io.stderr.write(`${line}\n`) };
  const fs = {
    ...nodeProcFs,
    readdir: (path: string) => {
      if (deny.some((d) => path.endsWith(d))) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return nodeProcFs.readdir(path);
    },
  };
  const deps: NetstatDependencies = {
    source: createProcConnectionSource({ procRoot, fs, littleEndian: true }),
    interfaces: () => [loopback],
    reverseLookup: async (addresses) => new Map([...addresses].filter((a) => names.has(a)).map((a) => [a, names.get(a)!])),
  };
  await runNetstat(context, { state: [], port: [], ...options }, deps);
  return { stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('netstat (in-process, fixture /proc)', () => {
  it('prints netstat columns, service names without -n', async () => {
    const { stdout } = await netstat({ tcp: true, listening: true });
    expect(stdout).toBe(
      [
        'Proto  Recv-Q  Send-Q  Local Address     Foreign Address  State',
        'tcp         3       0  0.0.0.0:http      0.0.0.0:*        LISTEN',
        'tcp6        0       0  [::]:ssh          [::]:*           LISTEN',
        'tcp6        0       0  [fe80::1]:domain  [::]:*           LISTEN',
        '',
      ].join('\n'),
    );
  });

  it('-n keeps numbers; -p adds PID/Program', async () => {
    const { stdout } = await netstat({ tcp: true, numeric: true, programs: true, state: ['established'] });
    expect(stdout.split('\n')[0]).toMatch(/^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State\s+PID\/Program$/);
    expect(stdout).toMatch(/^tcp\s+32\s+16\s+127\.0\.0\.1:22\s+10\.1\.2\.3:50000\s+ESTABLISHED\s+4242\/sshd,5000\/nginx$/m);
    expect(stdout).toMatch(/^tcp6\s+0\s+0\s+\[::1\]:22\s+\[::1\]:54321\s+ESTABLISHED\s+4242\/sshd$/m);
    expect(stdout).toMatch(/^tcp6\s+7\s+5\s+\[::ffff:127\.0\.0\.1\]:8080\s+\[::ffff:10\.1\.2\.3\]:49152\s+ESTABLISHED\s+-$/m);
  });

  it('--resolve shows host names where they are known', async () => {
    const { stdout } = await netstat({ tcp: true, numeric: true, port: ['22'], resolve: true, state: ['established'] }, { names: new Map([['127.0.0.1', 'localhost']]) });
    expect(stdout).toMatch(/^tcp\s+32\s+16\s+localhost:22\s+10\.1\.2\.3:50000\s+ESTABLISHED$/m);
  });

  it('Unix sockets show their paths', async () => {
    const { stdout } = await netstat({ unix: true, listening: true, programs: true });
    expect(stdout).toMatch(/^unix\s+-\s+-\s+\/run\/dbus\/system_bus_socket\s+\*\s+LISTEN\s+4242\/sshd$/m);
    expect(stdout).toMatch(/^unix\s+-\s+-\s+@\/tmp\/\.X11-unix\/X0\s+\*\s+UNCONN\s+-$/m);
    expect(stdout).toMatch(/\/tmp\/dir with spaces\/s\.sock/);
  });

  it('--json has the SPEC shape', async () => {
    const { stdout } = await netstat({ all: true, tcp: true, unix: true, programs: true, port: ['ssh'] }, { json: true });
    const rows = JSON.parse(stdout);
    expect(rows[0]).toEqual({
      proto: 'tcp',
      local: { address: '127.0.0.1', port: 22 },
      remote: { address: '10.1.2.3', port: 50000 },
      state: 'ESTABLISHED',
      recvQ: 32,
      sendQ: 16,
      inode: 1001,
      uid: 1000,
      pid: 4242,
      program: 'sshd',
      // The fixture's nginx (PID 5000) holds the same socket: every owner is listed, as ss -p does.
      owners: [
        { pid: 4242, program: 'sshd' },
        { pid: 5000, program: 'nginx' },
      ],
    });
    expect(rows.map((r: { proto: string }) => r.proto)).toEqual(['tcp', 'tcp6', 'tcp6']);
    const unix = JSON.parse((await netstat({ unix: true, listening: true }, { json: true })).stdout);
    expect(unix[0]).toEqual({
      proto: 'unix', type: 'stream', path: '/run/dbus/system_bus_socket', state: 'LISTEN',
      recvQ: null, sendQ: null, inode: 5001, uid: null, pid: null, program: null,
    });
  });

  it('says once how many owners it could not see, only with -p', async () => {
    const denied = await netstat({ tcp: true, all: true, numeric: true, programs: true }, { deny: ['/5000/fd'] });
    // 18 TCP rows: 3 without an inode (SYN_RECV, TIME_WAIT, NEW_SYN_RECV), 2 held by 4242, 13 unknown.
    expect(denied.stderr).toBe('run as root to see the owners of 13 sockets\n');
    expect((await netstat({ tcp: true, all: true, numeric: true }, { deny: ['/5000/fd'] })).stderr).toBe('');
    expect((await netstat({ tcp: true, all: true, numeric: true, programs: true })).stderr).toBe('');
  });

  it('--interfaces: table and JSON', async () => {
    const { stdout } = await netstat({ interfaces: true });
    expect(stdout).toMatch(/^Interface\s+State\s+MTU\s+MAC\s+RX-Bytes\s+RX-Pkts\s+RX-Err\s+TX-Bytes\s+TX-Pkts\s+TX-Err\s+Addresses$/m);
    expect(stdout).toMatch(/^lo\s+unknown\s+65536\s+00:00:00:00:00:00\s+1234\s+10\s+0\s+1234\s+10\s+0\s+127\.0\.0\.1\/8$/m);
    expect(stdout).toMatch(/^\s+::1\/128$/m);
    expect(JSON.parse((await netstat({ interfaces: true }, { json: true })).stdout)).toEqual([loopback]);
  });

  it.each([
    [{ state: ['estab'] }, /unknown state 'estab'; valid states: established, .*time-wait/],
    [{ port: ['abc'] }, /unknown service 'abc'/],
    [{ port: ['70000'] }, /bad port '70000'/],
    [{ listening: true, all: true }, /-l .* and -a .* contradict/],
  ])('%j is a usage error', async (options, message) => {
    await expect(netstat(options as NetstatOptions)).rejects.toThrow(UsageError);
    await expect(netstat(options as NetstatOptions)).rejects.toThrow(message);
  });
});
