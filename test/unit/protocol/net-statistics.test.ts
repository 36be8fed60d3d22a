import { describe, expect, it } from 'vitest';
import { describeCounter, flattenCounters, parseCounterPairs, parseSnmp6 } from '../../../src/protocol/net-statistics.js';

// /proc/net/snmp as net/ipv4/proc.c writes it: a line of names, then a line of values, per group.
const snmp = [
  'Ip: Forwarding DefaultTTL InReceives',
  'Ip: 2 64 8828959',
  'Tcp: RtoAlgorithm MaxConn RetransSegs OutRsts',
  'Tcp: 1 -1 3029 4100665',
  'Udp: InDatagrams RcvbufErrors',
  'Udp: 1856 0',
  'Bad: One Two',
  'Bad: 1', // lengths differ: skipped
  '',
].join('\n');

describe('parseCounterPairs', () => {
  it('reads each group in order, negative values too, and skips a pair whose lengths differ', () => {
    const groups = parseCounterPairs(snmp);
    expect([...groups.keys()]).toEqual(['Ip', 'Tcp', 'Udp']);
    expect(Object.fromEntries(groups.get('Tcp')!)).toEqual({ RtoAlgorithm: 1, MaxConn: -1, RetransSegs: 3029, OutRsts: 4100665 });
  });

  it('flattens to Group.Name keys, as --json prints them', () => {
    expect(flattenCounters(parseCounterPairs(snmp))).toEqual({
      'Ip.Forwarding': 2,
      'Ip.DefaultTTL': 64,
      'Ip.InReceives': 8828959,
      'Tcp.RtoAlgorithm': 1,
      'Tcp.MaxConn': -1,
      'Tcp.RetransSegs': 3029,
      'Tcp.OutRsts': 4100665,
      'Udp.InDatagrams': 1856,
      'Udp.RcvbufErrors': 0,
    });
  });

  it('ignores text that is not the kernel\'s shape', () => {
    expect(parseCounterPairs('garbage\nmore garbage\nIp: a b\nIp: 1 x\n').size).toBe(0);
  });
});

describe('parseSnmp6', () => {
  it('groups name-value lines by their prefix', () => {
    const groups = parseSnmp6('Ip6InReceives                   \t347\nUdp6RcvbufErrors\t2\nIcmp6OutMsgs 5\nnonsense\n');
    expect(Object.fromEntries([...groups].map(([g, c]) => [g, Object.fromEntries(c)]))).toEqual({
      Ip6: { InReceives: 347 },
      Udp6: { RcvbufErrors: 2 },
      Icmp6: { OutMsgs: 5 },
    });
  });
});

describe('describeCounter', () => {
  it.each([
    ['Tcp.RetransSegs', 3029, '3029 segments retransmitted'],
    ['TcpExt.ListenOverflows', 40, '40 times the listen queue of a socket overflowed'],
    ['TcpExt.TCPTimeouts', 23, 'TCPTimeouts: 23'],
  ])('%s %i → %s, as netstat -s words it', (key, value, text) => {
    expect(describeCounter(key, value)).toBe(text);
  });
});
