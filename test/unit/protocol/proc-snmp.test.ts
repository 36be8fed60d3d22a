import { describe, expect, it } from 'vitest';
import { parseProcSnmp, parseProcSnmp6, snakeCase } from '../../../src/protocol/proc-snmp.js';

const snmp = [
  'Ip: Forwarding DefaultTTL InReceives',
  'Ip: 2 64 25379',
  'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens RetransSegs',
  'Tcp: 1 200 120000 -1 31 7',
  'Udp: InDatagrams NoPorts',
  'Udp: 5 1',
  '',
].join('\n');

describe('parseProcSnmp', () => {
  it('pairs each header line with its value line, by group', () => {
    const counters = parseProcSnmp(snmp);
    expect(counters.get('Tcp')?.get('RetransSegs')).toBe(7);
    expect(counters.get('Tcp')?.get('MaxConn')).toBe(-1);
    expect(counters.get('Udp')?.get('NoPorts')).toBe(1);
    expect(counters.get('Ip')?.get('Forwarding')).toBe(2);
  });

  it('adds /proc/net/netstat groups to the same map', () => {
    const counters = parseProcSnmp('TcpExt: SyncookiesSent ListenOverflows ListenDrops\nTcpExt: 0 12 13\n', parseProcSnmp(snmp));
    expect(counters.get('TcpExt')?.get('ListenOverflows')).toBe(12);
    expect(counters.get('Tcp')?.get('ActiveOpens')).toBe(31);
  });

  it.each([
    ['a value line shorter than its header', 'Tcp: A B C\nTcp: 1 2\nUdp: X\nUdp: 9\n'],
    ['a header with no value line', 'Tcp: A B C\nUdp: X\nUdp: 9\n'],
  ])('skips %s without shifting the groups after it', (_name, text) => {
    const counters = parseProcSnmp(text);
    expect(counters.has('Tcp')).toBe(false);
    expect(counters.get('Udp')?.get('X')).toBe(9);
  });

  it('skips a value that is not a number', () => {
    expect(parseProcSnmp('Tcp: A B\nTcp: 1 x\n').get('Tcp')).toEqual(new Map([['A', 1]]));
  });
});

describe('parseProcSnmp6', () => {
  it('groups name-value lines by their protocol prefix', () => {
    const counters = parseProcSnmp6('Ip6InReceives                   	12\nUdp6InDatagrams  4\nUdp6RcvbufErrors 2\nUdpLite6InDatagrams 0\nbogus\n');
    expect(counters.get('Udp6')).toEqual(new Map([['InDatagrams', 4], ['RcvbufErrors', 2]]));
    expect(counters.get('UdpLite6')?.get('InDatagrams')).toBe(0);
    expect(counters.get('Ip6')?.get('InReceives')).toBe(12);
  });
});

describe('snakeCase', () => {
  it.each([
    ['RetransSegs', 'retrans_segs'],
    ['TCPSynRetrans', 'tcp_syn_retrans'],
    ['InCsumErrors', 'in_csum_errors'],
    ['TcpExt', 'tcp_ext'],
    ['Udp6', 'udp6'],
    ['ListenOverflows', 'listen_overflows'],
  ])('%s → %s', (name, snake) => expect(snakeCase(name)).toBe(snake));
});
