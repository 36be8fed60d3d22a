import { describe, expect, it } from 'vitest';
import { buildConnectionFilter } from '../../../src/protocol/connection-filter.js';
import { tcpStateNames } from '../../../src/protocol/connection.js';
import { splitNetlinkDump } from '../../../src/protocol/netlink.js';
import { parseInetDiag, parseUnixDiag, SockDiagError } from '../../../src/protocol/sock-diag.js';
import { inetDumpRequest, portPairsBytecode, unixDumpRequest } from '../../../src/protocol/sock-diag-request.js';
import { concat, done, inetDiagMsg, inetDump, nlError, nlmsg, rtattr, tcpInfo, unixDiagMsg } from '../../helpers/sock-diag-bytes.js';

const le = { littleEndian: true };
const loopback = [127, 0, 0, 1];
const v6loopback = [...Array(15).fill(0), 1];
const mapped = [...Array(10).fill(0), 0xff, 0xff, 10, 0, 0, 7];

/** One record written out by hand from struct inet_diag_msg, to pin the offsets the builder and parser share. */
const handWritten = Uint8Array.from(
  Buffer.from(
    [
      '58000000 1400 0200 01000000 00000000', // nlmsghdr: 88 bytes, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI
      '02 01 00 00', // AF_INET, ESTABLISHED, timer, retrans
      '1f90 c350', // sport 8080, dport 50000 (network order)
      'c0000201 00000000 00000000 00000000', // src 192.0.2.1
      'c6336407 00000000 00000000 00000000', // dst 198.51.100.7
      '00000000 00000000 00000000', // if, cookie
      '00000000 05000000 07000000 e8030000 39300000', // expires, rqueue 5, wqueue 7, uid 1000, inode 12345
      '14000000 0300 0200 00000000 00000000 00000000', // NLMSG_DONE
    ]
      .join('')
      .replace(/ /g, ''),
    'hex',
  ),
);

describe('sock_diag requests', () => {
  it('asks for one family and protocol, the states wanted, and tcp_info only when asked', () => {
    const request = inetDumpRequest({ family: 10, protocol: 6, states: 1 << 10, tcpInfo: true }, true);
    expect(Buffer.from(request).toString('hex')).toBe(
      '48000000' + '1400' + '0103' + '01000000' + '00000000' + '0a' + '06' + '02' + '00' + '00040000' + '00'.repeat(48),
    );
    expect(inetDumpRequest({ family: 2, protocol: 17, states: 0xffffffff }, true)[18]).toBe(0);
  });

  it('writes a port-pair filter the kernel audit accepts: every jump target on the chain of yes jumps', () => {
    const bytecode = portPairsBytecode([{ localPort: 8080, remotePort: 50000 }, { localPort: 22, remotePort: 40000 }], true)!;
    expect(Buffer.from(bytecode).toString('hex')).toBe(
      // S_EQ yes 8 no 20, port 8080; D_EQ yes 8 no 12, port 50000; JMP yes 4 no 20 (the end)
      '0b081400' + '0000901f' + '0c080c00' + '000050c3' + '01041400' +
        // last pair: S_EQ no 20 and D_EQ no 12 jump 4 past the end (reject); yes 8 lands on it (accept)
        '0b081400' + '00001600' + '0c080c00' + '0000409c',
    );
    expect(portPairsBytecode([], true)).toBeNull();
    expect(portPairsBytecode(Array.from({ length: 300 }, (_, i) => ({ localPort: i + 1, remotePort: 1 })), true)).toBeNull();
    const request = inetDumpRequest({ family: 2, protocol: 6, states: 2, bytecode }, true);
    expect(request.length).toBe(72 + 4 + bytecode.length);
    expect(Buffer.from(request.subarray(72, 76)).toString('hex')).toBe('28000100'); // rtattr: 40 bytes, INET_DIAG_REQ_BYTECODE
  });

  it('writes a unix_diag request with the show bits', () => {
    const request = unixDumpRequest({ states: 0xffffffff, show: 0x57 }, true);
    expect(Buffer.from(request).toString('hex')).toBe('28000000' + '1400' + '0103' + '01000000' + '00000000' + '01000000' + 'ffffffff' + '00000000' + '57000000' + '00'.repeat(8));
  });
});

describe('inet_diag records', () => {
  it('reads a hand-written record', () => {
    expect(parseInetDiag(handWritten, 'tcp', le).connections).toEqual([
      {
        proto: 'tcp',
        local: { address: '192.0.2.1', port: 8080 },
        remote: { address: '198.51.100.7', port: 50000 },
        state: 'ESTABLISHED',
        recvQ: 5,
        sendQ: 7,
        inode: 12345,
        uid: 1000,
        pid: null,
        program: null,
      },
    ]);
  });

  it('reads IPv6 and IPv4-mapped addresses', () => {
    const dump = inetDump(
      { state: 10, sport: 443, dport: 0, src: Array(16).fill(0), dst: Array(16).fill(0), inode: 1, wqueue: 4096 },
      { state: 1, sport: 8080, dport: 40000, src: v6loopback, dst: v6loopback, inode: 2 },
      { state: 1, sport: 8080, dport: 40001, src: mapped, dst: mapped, inode: 3 },
    );
    const rows = parseInetDiag(dump, 'tcp6', le).connections;
    expect(rows.map((r) => [r.local.address, r.local.port, r.remote.address, r.remote.port, r.state])).toEqual([
      ['::', 443, '::', 0, 'LISTEN'],
      ['::1', 8080, '::1', 40000, 'ESTABLISHED'],
      ['::ffff:10.0.0.7', 8080, '::ffff:10.0.0.7', 40001, 'ESTABLISHED'],
    ]);
    // A listening socket: the accept queue in Recv-Q, the backlog in Send-Q.
    expect(rows[0]).toMatchObject({ recvQ: 0, sendQ: 4096 });
  });

  it('names every TCP state, and UDP TCP_CLOSE as UNCONN', () => {
    const records = tcpStateNames.map((_, i) => ({ state: i + 1, sport: 1000 + i, dport: 1, src: loopback, dst: loopback, inode: i + 1 }));
    expect(parseInetDiag(inetDump(...records), 'tcp', le).connections.map((r) => r.state)).toEqual([...tcpStateNames]);
    const udp = parseInetDiag(inetDump({ state: 7, sport: 53, dport: 0, src: loopback, dst: [0, 0, 0, 0] }), 'udp', le);
    expect(udp.connections[0]!.state).toBe('UNCONN');
  });

  it('counts a state the kernel has no name for as malformed', () => {
    const table = parseInetDiag(inetDump({ state: 99, sport: 1, dport: 1, src: loopback, dst: loopback }), 'tcp', le);
    expect(table).toMatchObject({ connections: [], malformed: 1 });
  });

  it('reads tcp_info byte counters, RTT and retransmits when INET_DIAG_INFO is there, and none when it is not', () => {
    const dump = inetDump(
      { state: 1, sport: 1, dport: 2, src: loopback, dst: loopback, inode: 7, tcpInfo: tcpInfo(1000n, 2n ** 40n, 232, { rtt: 1250, totalRetrans: 3 }) },
      { state: 1, sport: 3, dport: 4, src: loopback, dst: loopback, inode: 8 },
    );
    const table = parseInetDiag(dump, 'tcp', { ...le, tcpInfo: true });
    expect(table.connections).toHaveLength(2);
    expect(parseInetDiag(dump, 'tcp', le).counters.size).toBe(0); // not asked for: attributes not read
    expect([...table.counters]).toEqual([[7, { bytesAcked: 1000, bytesReceived: 2 ** 40, rttMicroseconds: 1250, totalRetransmits: 3 }]]);
  });

  it('takes a tcp_info from before the byte counters (shorter) as no counters, not an error', () => {
    const dump = inetDump({ state: 1, sport: 1, dport: 2, src: loopback, dst: loopback, inode: 7, tcpInfo: tcpInfo(0n, 0n, 104) });
    expect(parseInetDiag(dump, 'tcp', { ...le, tcpInfo: true })).toMatchObject({ malformed: 0, counters: new Map() });
  });

  it('decodes only the rows the filter keeps', () => {
    const dump = inetDump(
      { state: 10, sport: 22, dport: 0, src: loopback, dst: [0, 0, 0, 0], inode: 1 },
      { state: 1, sport: 22, dport: 5000, src: loopback, dst: loopback, inode: 2 },
      { state: 1, sport: 80, dport: 5001, src: loopback, dst: loopback, inode: 3 },
    );
    const filter = buildConnectionFilter({ ports: [22] });
    expect(parseInetDiag(dump, 'tcp', { ...le, filter }).connections.map((r) => r.inode)).toEqual([2]);
  });
});

describe('bad dumps', () => {
  const record = () => nlmsg(20, inetDiagMsg({ state: 1, sport: 1, dport: 2, src: loopback, dst: loopback, inode: 1 }));

  it('an NLMSG_ERROR reply is an error naming the errno', () => {
    expect(() => parseInetDiag(nlError(22), 'tcp', le)).toThrow(new SockDiagError('the kernel refused the sock_diag request (EINVAL)'));
    expect(splitNetlinkDump(concat(record(), nlError(105)), true)).toEqual({ kind: 'error', errno: 105 });
  });

  it('a dump cut short (no NLMSG_DONE) is malformed, not a shorter table', () => {
    expect(() => parseInetDiag(record(), 'tcp', le)).toThrow(/no NLMSG_DONE/);
    const whole = concat(record(), record(), done());
    for (const cut of [1, 20, 88, 100, whole.length - 1]) expect(() => parseInetDiag(whole.subarray(0, cut), 'tcp', le)).toThrow(SockDiagError);
  });

  it('a header that claims less than itself or more than there is is malformed', () => {
    const short = record();
    new DataView(short.buffer).setUint32(0, 8, true);
    expect(() => parseInetDiag(concat(short, done()), 'tcp', le)).toThrow(/claims 8 bytes/);
    const long = record();
    new DataView(long.buffer).setUint32(0, 10_000, true);
    expect(() => parseInetDiag(concat(long, done()), 'tcp', le)).toThrow(/claims 10000 bytes/);
  });

  it('a record shorter than struct inet_diag_msg is skipped and counted', () => {
    const table = parseInetDiag(concat(nlmsg(20, new Uint8Array(40)), record(), done()), 'tcp', le);
    expect(table.connections).toHaveLength(1);
    expect(table.malformed).toBe(1);
  });

  it('an attribute whose length runs past its record is counted, the row kept', () => {
    const body = concat(inetDiagMsg({ state: 1, sport: 1, dport: 2, src: loopback, dst: loopback, inode: 9 }), rtattr(2, new Uint8Array(8)));
    new DataView(body.buffer).setUint16(72, 200, true);
    const table = parseInetDiag(concat(nlmsg(20, body), done()), 'tcp', { ...le, tcpInfo: true });
    expect(table).toMatchObject({ malformed: 1, counters: new Map() });
    expect(table.connections).toHaveLength(1);
  });

  it('reads a dump that does not start on a 4-byte boundary in memory', () => {
    const shifted = new Uint8Array(handWritten.length + 1).subarray(1);
    shifted.set(handWritten);
    expect(parseInetDiag(shifted, 'tcp', le).connections).toEqual(parseInetDiag(handWritten, 'tcp', le).connections);
  });

  it('an empty dump (NLMSG_DONE alone) is an empty table', () => {
    expect(parseInetDiag(done(), 'udp6', le)).toMatchObject({ connections: [], malformed: 0 });
  });
});

describe('unix_diag records', () => {
  const path = (text: string, abstract = false) => concat(abstract ? new Uint8Array([0]) : new Uint8Array(0), new TextEncoder().encode(text));

  it('reads name, peer, queues and uid', () => {
    const dump = concat(
      nlmsg(20, unixDiagMsg({ type: 1, state: 10, inode: 100, name: path('/run/x.sock'), peer: 0, rqlen: [3, 128], uid: 0 })),
      nlmsg(20, unixDiagMsg({ type: 1, state: 1, inode: 101, peer: 102, rqlen: [0, 0], uid: 1000 })),
      nlmsg(20, unixDiagMsg({ type: 2, state: 7, inode: 103, name: path('bus', true), rqlen: [0, 0] })),
      nlmsg(20, unixDiagMsg({ type: 5, state: 1, inode: 104 })),
      done(),
    );
    expect(parseUnixDiag(dump, le).connections).toEqual([
      { proto: 'unix', type: 'stream', path: '/run/x.sock', state: 'LISTEN', recvQ: 3, sendQ: 128, inode: 100, uid: 0, peer: 0, pid: null, program: null },
      { proto: 'unix', type: 'stream', path: null, state: 'ESTABLISHED', recvQ: 0, sendQ: 0, inode: 101, uid: 1000, peer: 102, pid: null, program: null },
      { proto: 'unix', type: 'dgram', path: '@bus', state: 'UNCONN', recvQ: 0, sendQ: 0, inode: 103, uid: null, peer: 0, pid: null, program: null },
      { proto: 'unix', type: 'seqpacket', path: null, state: 'ESTABLISHED', recvQ: null, sendQ: null, inode: 104, uid: null, peer: 0, pid: null, program: null },
    ]);
  });

  it('skips and counts a record with an unknown type, a short head or a broken attribute', () => {
    const broken = unixDiagMsg({ type: 1, state: 1, inode: 5, peer: 6 });
    new DataView(broken.buffer).setUint16(16, 99, true);
    const dump = concat(
      nlmsg(20, unixDiagMsg({ type: 9, state: 1, inode: 1 })),
      nlmsg(20, new Uint8Array(8)),
      nlmsg(20, broken),
      nlmsg(20, unixDiagMsg({ type: 1, state: 1, inode: 2 })),
      done(),
    );
    expect(parseUnixDiag(dump, le)).toMatchObject({ malformed: 3, connections: [{ inode: 2 }] });
  });

  it('keeps only listening sockets under -l', () => {
    const dump = concat(nlmsg(20, unixDiagMsg({ type: 1, state: 10, inode: 1 })), nlmsg(20, unixDiagMsg({ type: 1, state: 1, inode: 2 })), done());
    const filter = buildConnectionFilter({ unix: true, listening: true });
    expect(parseUnixDiag(dump, { ...le, filter }).connections.map((c) => c.inode)).toEqual([1]);
  });
});
