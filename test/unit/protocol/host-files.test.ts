import { describe, expect, it } from 'vitest';
import { parseResolvConf } from '../../../src/protocol/resolv-conf.js';
import { decodeIPv6Hex, decodeProcIPv4, parseIPv4Routes, parseIPv6Routes } from '../../../src/protocol/routes.js';

describe('parseResolvConf', () => {
  it('reads nameservers, the last search line, and options; ignores comments', () => {
    const text = `# generated\nnameserver 127.0.0.53\nnameserver ::1 # local\n; old\ndomain a.example\nsearch b.example c.example\noptions edns0 trust-ad\nnameserver\n`;
    expect(parseResolvConf(text)).toEqual({ nameservers: ['127.0.0.53', '::1'], search: ['b.example', 'c.example'], options: ['edns0', 'trust-ad'] });
  });
  it('is empty for an empty file', () => {
    expect(parseResolvConf('')).toEqual({ nameservers: [], search: [], options: [] });
  });
});

describe('routes', () => {
  it('decodes /proc host-order IPv4', () => {
    expect(decodeProcIPv4('0101A8C0')).toBe('192.168.1.1');
    expect(decodeProcIPv4('C0A80101', false)).toBe('192.168.1.1');
  });
  it.each([
    ['00000000000000000000000000000001', '::1'],
    ['fe800000000000000000000000000001', 'fe80::1'],
    ['20010db8000000010000000000000000', '2001:db8:0:1::'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['00000000000000000000000000000000', '::'],
  ])('compresses %s to %s', (hex, text) => {
    expect(decodeIPv6Hex(hex)).toBe(text);
  });
  it('finds IPv4 default routes, lowest metric first, with or without a gateway', () => {
    const text = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0',
      'eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\t0\t0\t0',
      'eth0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0',
      'wg0\t00000000\t00000000\t0001\t0\t0\t900\t00000000\t0\t0\t0',
      'garbage',
    ].join('\n');
    expect(parseIPv4Routes(text)).toEqual([
      { family: 4, interface: 'eth0', gateway: '10.0.0.1', metric: 100 },
      { family: 4, interface: 'wlan0', gateway: '192.168.1.1', metric: 600 },
      { family: 4, interface: 'wg0', gateway: null, metric: 900 },
    ]);
  });
  it('finds IPv6 default routes, skipping reject routes', () => {
    const text = [
      '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00450003     eth0',
      '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo',
      'fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0',
    ].join('\n');
    expect(parseIPv6Routes(text)).toEqual([{ family: 6, interface: 'eth0', gateway: 'fe80::1', metric: 1024 }]);
    // A default route straight out of a tunnel has no next hop: shown, with no gateway; lo's reject route is not.
    const tunnel = '00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 00000400 00000001 00000000 00000001     wg0';
    expect(parseIPv6Routes(`${text}\n${tunnel}`)).toEqual([
      { family: 6, interface: 'eth0', gateway: 'fe80::1', metric: 1024 },
      { family: 6, interface: 'wg0', gateway: null, metric: 1024 },
    ]);
  });
});
