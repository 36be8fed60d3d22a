import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterRate, formatSsPortFilter, maxFilteredPairs, parseSsTcpInfo, tcpRates } from '../../../src/protocol/tcp-info.js';

const fixture = readFileSync(new URL('../../fixtures/ss-tine.txt', import.meta.url), 'utf8');

describe('parseSsTcpInfo', () => {
  it('reads bytes_received and bytes_acked per inode from ss -tine (detail lines indented)', () => {
    expect([...parseSsTcpInfo(fixture)]).toEqual([
      // the receiving end: ss leaves out bytes_acked when it is zero
      [29155, { bytesReceived: 1000, bytesAcked: 0 }],
      // the sending end: bytes_acked counts the SYN, one more than bytes_sent
      [29154, { bytesReceived: 0, bytesAcked: 1001 }],
      // counters beyond 2^32 (uid: comes before ino: for other users' sockets)
      [31337, { bytesReceived: 5, bytesAcked: 18446744073710 }],
      // a connection still opening has counted nothing: both zero, not absent
      [40001, { bytesReceived: 0, bytesAcked: 0 }],
      // the orphan with ino:0 (FIN-WAIT-1 after close) is left out: no process owns it
    ]);
  });

  it('reads the one-line form (ss -O) the same as the indented one', () => {
    const oneLine = fixture.replace(/\n\t/g, ' ');
    expect(parseSsTcpInfo(oneLine)).toEqual(parseSsTcpInfo(fixture));
  });

  it.each([
    ['empty output', ''],
    ['only the header', 'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n'],
    ['a socket line without ino: (ss run without -e)', 'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2\n\t bytes_received:5\n'],
    ['a detail line with no socket line before it', '\t ino:5 bytes_received:5\n'],
    ['ino: with letters', 'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2 ino:12ab bytes_received:5\n'],
    ['an inode too big to be exact', 'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2 ino:99999999999999999999\n'],
  ])('%s gives no counters', (_name, text) => {
    expect(parseSsTcpInfo(text).size).toBe(0);
  });

  it('does not take a field that merely ends like one (xbytes_received:)', () => {
    const text = 'ESTAB 0 0 127.0.0.1:1 127.0.0.1:2 ino:7 xbytes_received:99 bytes_received:3 bytes_acked:4x\n';
    expect(parseSsTcpInfo(text).get(7)).toEqual({ bytesReceived: 3, bytesAcked: 0 });
  });

  it('accepts CRLF line ends', () => {
    expect(parseSsTcpInfo(fixture.replace(/\n/g, '\r\n')).get(29155)).toEqual({ bytesReceived: 1000, bytesAcked: 0 });
  });
});

describe('rates', () => {
  it.each([
    [0, 1000, 1000, 1000],
    [1000, 1500, 500, 1000],
    [5, 5, 1000, 0],
    [10, 5, 1000, null], // went backwards: the inode was reused
    [0, 10, 0, null], // no time passed
  ])('%i → %i over %i ms is %s B/s', (before, after, ms, rate) => {
    expect(counterRate(before, after, ms)).toBe(rate);
  });

  it('gives rates for sockets seen twice only', () => {
    const before = new Map([[1, { bytesReceived: 0, bytesAcked: 1 }]]);
    const after = new Map([
      [1, { bytesReceived: 4096, bytesAcked: 2049 }],
      [2, { bytesReceived: 10, bytesAcked: 10 }],
    ]);
    expect([...tcpRates(before, after, 2000)]).toEqual([[1, { rx: 2048, tx: 1024 }]]);
  });
});

describe('formatSsPortFilter', () => {
  it('selects each connection by both ports, once', () => {
    expect(
      formatSsPortFilter([
        { localPort: 40001, remotePort: 443 },
        { localPort: 22, remotePort: 51000 },
        { localPort: 40001, remotePort: 443 },
      ]),
    ).toBe('( sport = :40001 and dport = :443 ) or ( sport = :22 and dport = :51000 )');
  });

  it('gives no filter (every socket) for nothing or too much', () => {
    expect(formatSsPortFilter([])).toBeNull();
    const many = Array.from({ length: maxFilteredPairs + 1 }, (_, i) => ({ localPort: 1000 + i, remotePort: 80 }));
    expect(formatSsPortFilter(many)).toBeNull();
    expect(formatSsPortFilter(many.slice(0, maxFilteredPairs))).toMatch(/^\( sport = :1000 and dport = :80 \)/);
  });
});
