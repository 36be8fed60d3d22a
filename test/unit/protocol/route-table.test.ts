import { describe, expect, it } from 'vitest';
import { parseIPv4RouteTable, parseIPv6RouteTable } from '../../../src/protocol/route-table.js';

// /proc/net/route on a little-endian host: addresses are host-order hex (010200C0 is 192.0.2.1).
const ipv4 = [
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
  'eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0',
  'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t1400\t0\t0',
  'eth0\t050200C0\t00000000\t0205\t0\t0\t0\tFFFFFFFF\t0\t0\t0',
  'short line',
].join('\n');

// /proc/net/ipv6_route: dest len src len nexthop metric refcnt use flags iface.
const ipv6 = [
  'fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0',
  '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
].join('\n');

describe('parseIPv4RouteTable', () => {
  it('reads every route with netstat -rn\'s flags', () => {
    expect(parseIPv4RouteTable(ipv4, true)).toEqual([
      { family: 4, destination: '0.0.0.0', gateway: '192.0.2.1', genmask: '0.0.0.0', flags: 'UG', metric: 100, mss: 0, window: 0, irtt: 0, interface: 'eth0' },
      { family: 4, destination: '192.0.2.0', gateway: '0.0.0.0', genmask: '255.255.255.0', flags: 'U', metric: 0, mss: 1400, window: 0, irtt: 0, interface: 'eth0' },
      { family: 4, destination: '192.0.2.5', gateway: '0.0.0.0', genmask: '255.255.255.255', flags: '!H', metric: 0, mss: 0, window: 0, irtt: 0, interface: 'eth0' },
    ]);
  });
});

describe('parseIPv6RouteTable', () => {
  it('reads prefixes, next hops, signed metrics and flag letters as netstat -6 -rn shows them', () => {
    expect(parseIPv6RouteTable(ipv6).map((r) => [r.destination, r.nextHop, r.flags, r.metric, r.ref, r.interface])).toEqual([
      ['fd00::/64', '::', 'U', 256, 1, 'eth0'],
      ['::/0', 'fd00::1', 'UG', 1024, 2, 'eth0'],
      ['::1/128', '::', 'Un', 0, 4, 'lo'],
      ['::/0', '::', '!n', -1, 1, 'lo'],
    ]);
  });
});
