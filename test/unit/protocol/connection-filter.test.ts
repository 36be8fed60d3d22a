import { describe, expect, it } from 'vitest';
import type { Connection, InetConnection, SocketState, UnixConnection } from '../../../src/protocol/connection.js';
import {
  buildConnectionFilter,
  countConnections,
  filterConnections,
  parseStateName,
  sortConnections,
  stateFlagName,
} from '../../../src/protocol/connection-filter.js';
import { UsageError } from '../../../src/errors.js';

const inet = (proto: InetConnection['proto'], state: SocketState, localPort: number, remotePort: number, pid: number | null = null): InetConnection => ({
  proto,
  local: { address: '127.0.0.1', port: localPort },
  remote: { address: remotePort ? '127.0.0.1' : '0.0.0.0', port: remotePort },
  state,
  recvQ: 0,
  sendQ: 0,
  inode: localPort,
  uid: 0,
  pid,
  program: pid === null ? null : `p${pid}`,
});
const unix = (state: SocketState, path: string | null): UnixConnection => ({
  proto: 'unix', type: 'stream', path, state, recvQ: null, sendQ: null, inode: 9, uid: null, pid: null, program: null,
});

const table: Connection[] = [
  inet('tcp', 'LISTEN', 22, 0),
  inet('tcp', 'ESTABLISHED', 22, 50000, 7),
  inet('tcp6', 'TIME_WAIT', 44000, 443),
  inet('udp', 'UNCONN', 53, 0),
  inet('udp', 'ESTABLISHED', 40000, 53, 3),
  unix('LISTEN', '/run/a.sock'),
  unix('ESTABLISHED', null),
];

const pick = (flags: Parameters<typeof buildConnectionFilter>[0]) =>
  filterConnections(table, buildConnectionFilter(flags)).map((c) => `${c.proto} ${c.state} ${c.proto === 'unix' ? c.path : c.local.port}`);

describe('filterConnections', () => {
  it.each([
    ['the default: TCP and UDP, not listening', {}, ['tcp ESTABLISHED 22', 'tcp6 TIME_WAIT 44000', 'udp ESTABLISHED 40000']],
    ['-l: listening, and unconnected UDP as ss -l counts it', { listening: true }, ['tcp LISTEN 22', 'udp UNCONN 53']],
    ['-t -a', { tcp: true, all: true }, ['tcp LISTEN 22', 'tcp ESTABLISHED 22', 'tcp6 TIME_WAIT 44000']],
    ['-u', { udp: true }, ['udp ESTABLISHED 40000']],
    ['-x -a', { unix: true, all: true }, ['unix LISTEN /run/a.sock', 'unix ESTABLISHED null']],
    ['-x -l', { unix: true, listening: true }, ['unix LISTEN /run/a.sock']],
    ['--state listen implies all', { states: ['LISTEN'] as SocketState[] }, ['tcp LISTEN 22']],
    ['--state with -l still needs listening', { listening: true, states: ['ESTABLISHED'] as SocketState[] }, []],
    ['--port on either end', { all: true, ports: [53] }, ['udp UNCONN 53', 'udp ESTABLISHED 40000']],
    ['two --port', { ports: [443, 22] }, ['tcp ESTABLISHED 22', 'tcp6 TIME_WAIT 44000']],
    ['--port leaves out Unix sockets', { unix: true, all: true, ports: [22] }, []],
  ])('%s', (_name, flags, expected) => {
    expect(pick(flags)).toEqual(expected);
  });
});

describe('parseStateName', () => {
  it.each([
    ['established', 'ESTABLISHED'],
    ['time-wait', 'TIME_WAIT'],
    ['TIME_WAIT', 'TIME_WAIT'],
    ['fin-wait-1', 'FIN_WAIT1'],
    ['Close-Wait', 'CLOSE_WAIT'],
    ['unconn', 'UNCONN'],
    [' listen ', 'LISTEN'],
  ])('%j → %s', (text, state) => {
    expect(parseStateName(text)).toBe(state);
  });

  it('names every valid state when it refuses one', () => {
    expect(() => parseStateName('estab')).toThrow(UsageError);
    expect(() => parseStateName('estab')).toThrow(/unknown state 'estab'; valid states: established, syn-sent, .*time-wait.*, listen, .*unconn/);
  });

  it('round-trips each state through its flag name', () => {
    for (const state of ['ESTABLISHED', 'FIN_WAIT2', 'NEW_SYN_RECV', 'DISCONNECTING'] as const) {
      expect(parseStateName(stateFlagName(state))).toBe(state);
    }
  });
});

describe('sortConnections and countConnections', () => {
  it('sorts by a column, stable and reversible', () => {
    expect(sortConnections(table, 'pid').map((c) => c.pid)).toEqual([null, null, null, null, null, 3, 7]);
    expect(sortConnections(table, 'pid', true).map((c) => c.pid).slice(0, 2)).toEqual([7, 3]);
    expect(sortConnections(table, 'local').map((c) => (c.proto === 'unix' ? c.path : c.local.port))).toEqual([
      null, '/run/a.sock', 22, 22, 53, 40000, 44000,
    ]);
    expect(sortConnections(table, 'state')[0]!.state).toBe('ESTABLISHED');
  });

  it('counts per state and per protocol', () => {
    const { byState, byProto } = countConnections(table);
    expect(byState.get('ESTABLISHED')).toBe(3);
    expect(byState.get('LISTEN')).toBe(2);
    expect(byProto.get('udp')).toBe(2);
    expect(byProto.get('unix')).toBe(2);
  });
});
