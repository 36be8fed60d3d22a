import { describe, expect, it } from 'vitest';
import { emptyTcpTables, parseSockstat } from '../../../src/protocol/sockstat.js';

describe('parseSockstat and emptyTcpTables', () => {
  const sockstat = (tcp: string) => `sockets: used 5\nTCP: ${tcp}\nUDP: inuse 0 mem 2\nFRAG: inuse 0 memory 0\n`;
  it('reads the counters of each line', () => {
    const counters = parseSockstat(sockstat('inuse 3 orphan 0 tw 1 alloc 5 mem 0'));
    expect(counters.get('TCP')).toEqual(new Map([['inuse', 3], ['orphan', 0], ['tw', 1], ['alloc', 5], ['mem', 0]]));
    expect(counters.get('FRAG')?.get('memory')).toBe(0);
    expect(parseSockstat('garbage\nTCP: inuse x tw\n').get('TCP')).toEqual(new Map());
  });

  it.each([
    ['nothing in use, no TIME_WAIT', 'inuse 0 orphan 0 tw 0 alloc 9 mem 0', 'TCP6: inuse 0', ['tcp', 'tcp6']],
    ['IPv4 sockets only', 'inuse 10001 orphan 0 tw 0 alloc 9 mem 0', 'TCP6: inuse 0', ['tcp6']],
    ['IPv6 sockets only', 'inuse 0 orphan 0 tw 0 alloc 9 mem 0', 'TCP6: inuse 2', ['tcp']],
    // TIME_WAIT sockets of both families count in tw, and in neither inuse.
    ['a TIME_WAIT socket', 'inuse 0 orphan 0 tw 1 alloc 9 mem 0', 'TCP6: inuse 0', []],
    ['no tw counter', 'inuse 0 orphan 0 alloc 9 mem 0', 'TCP6: inuse 0', []],
    ['no TCP6 line', 'inuse 0 orphan 0 tw 0 alloc 9 mem 0', 'UDP6: inuse 0', ['tcp']],
    ['an unreadable count', 'inuse ? orphan 0 tw 0 alloc 9 mem 0', 'TCP6: inuse -1', []],
  ])('%s', (_name, tcp, v6, expected) => {
    expect([...emptyTcpTables(sockstat(tcp), `${v6}\nUDP6: inuse 0\n`)]).toEqual(expected);
  });
});
