import { describe, expect, it } from 'vitest';
import type { InetConnection, InetProto } from '../../../src/protocol/connection.js';
import { findListener, isThisHost } from '../../../src/protocol/listener-match.js';

const listener = (proto: InetProto, address: string, port: number, pid: number | null): InetConnection => ({
  proto,
  local: { address, port },
  remote: { address: proto.endsWith('6') ? '::' : '0.0.0.0', port: 0 },
  state: 'LISTEN',
  recvQ: 0,
  sendQ: 0,
  inode: 1,
  uid: 0,
  pid,
  program: pid === null ? null : `p${pid}`,
});

describe('isThisHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.5.6.7', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', true],
    ['::', true],
    ['192.0.2.7', true],
    ['2001:db8::7', true],
    ['192.0.2.8', false],
    ['2001:db8::8', false],
    ['not an address', false],
  ])('%s → %s', (address, local) => {
    expect(isThisHost(address, ['192.0.2.7', '2001:db8::7'])).toBe(local);
  });
});

describe('findListener', () => {
  const table = [
    listener('tcp', '0.0.0.0', 80, 10),
    listener('tcp', '127.0.0.1', 80, 11),
    listener('tcp6', '::', 443, 12),
    listener('tcp6', '::1', 8080, 13),
    listener('tcp', '192.0.2.7', 25, 14),
  ];

  it.each([
    ['127.0.0.1', 80, 11, 'the socket bound to that address before the wildcard'],
    ['192.0.2.7', 80, 10, 'the IPv4 wildcard'],
    ['127.0.0.1', 443, 12, 'a dual-stack :: for an IPv4 address'],
    ['::1', 443, 12, ':: for IPv6'],
    ['::1', 8080, 13, 'the IPv6 address itself'],
    ['127.0.0.1', 8080, undefined, 'not ::1 for 127.0.0.1'],
    ['::1', 80, undefined, 'not 0.0.0.0 for ::1'],
    ['127.0.0.1', 25, undefined, 'not another address'],
    ['127.0.0.1', 22, undefined, 'nothing on the port'],
  ])('%s port %i → pid %s (%s)', (address, port, pid, _why) => {
    expect(findListener(table, address, port)?.pid).toBe(pid);
  });

  it('prefers, among equal listeners (SO_REUSEPORT), one whose owner is known', () => {
    const reused = [listener('tcp', '0.0.0.0', 9000, null), listener('tcp', '0.0.0.0', 9000, 42)];
    expect(findListener(reused, '127.0.0.1', 9000)?.pid).toBe(42);
  });
});
