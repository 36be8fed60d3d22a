import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIPv6Bytes } from '../../../src/protocol/ipv6.js';
import { decodeProcAddress, parseProcNetInet, parseProcNetUnix } from '../../../src/protocol/proc-net.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/proc/net/${name}`, import.meta.url), 'utf8');
const le = { littleEndian: true };
const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

describe('decodeProcAddress', () => {
  it.each([
    ['0100007F', true, '127.0.0.1'],
    ['7F000001', false, '127.0.0.1'],
    ['00000000', true, '0.0.0.0'],
    ['0302010A', true, '10.1.2.3'],
    ['00000000000000000000000001000000', true, '::1'],
    ['00000000000000000000000000000001', false, '::1'],
    ['00000000000000000000000000000000', true, '::'],
    ['0000000000000000FFFF00000100007F', true, '::ffff:127.0.0.1'],
    ['000080FE000000000000000001000000', true, 'fe80::1'],
    ['B80D0120000000000000000001000000', true, '2001:db8::1'],
  ])('%s (little-endian %s) → %s', (hex, littleEndian, address) => {
    expect(decodeProcAddress(hex, littleEndian)).toBe(address);
  });
});

describe('formatIPv6Bytes (as inet_ntop)', () => {
  const bytes = (...groups: number[]) => groups.flatMap((g) => [g >> 8, g & 0xff]);
  it.each([
    [bytes(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), '2001:db8::1:0:0:1'], // RFC 5952 4.2.3: the first of equal runs
    [bytes(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1), '2001:db8:0:1:1:1:1:1'], // 4.2.2: one zero group stays
    [bytes(0, 0, 0, 0, 0, 0, 0x0102, 0x0304), '::1.2.3.4'],
    [bytes(0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001), '::ffff:10.0.0.1'],
    [bytes(0xfe80, 0, 0, 0, 0, 0, 0, 0), 'fe80::'],
    [bytes(1, 2, 3, 4, 5, 6, 7, 8), '1:2:3:4:5:6:7:8'],
  ])('%j → %s', (input, expected) => {
    expect(formatIPv6Bytes(input)).toBe(expected);
  });
});

describe('parseProcNetInet', () => {
  it('reads every TCP state code from /proc/net/tcp', () => {
    const { connections, malformed } = parseProcNetInet(fixture('tcp'), 'tcp', le);
    expect(malformed).toBe(0);
    expect(connections.map((c) => c.state)).toEqual([
      'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE',
      'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV', 'BOUND_INACTIVE',
    ]);
    expect(connections[0]).toEqual({
      proto: 'tcp',
      local: { address: '127.0.0.1', port: 22 },
      remote: { address: '10.1.2.3', port: 50000 },
      state: 'ESTABLISHED',
      recvQ: 0x20,
      sendQ: 0x10,
      inode: 1001,
      uid: 1000,
      pid: null,
      program: null,
    });
    expect(connections[9]).toMatchObject({ local: { address: '0.0.0.0', port: 80 }, remote: { address: '0.0.0.0', port: 0 }, recvQ: 3, uid: 33 });
    expect(connections[5]).toMatchObject({ state: 'TIME_WAIT', inode: 0 });
  });

  it('reads IPv6 and IPv4-mapped addresses from /proc/net/tcp6', () => {
    const { connections, malformed } = parseProcNetInet(fixture('tcp6'), 'tcp6', le);
    expect(malformed).toBe(0);
    expect(connections.map((c) => [c.local, c.remote])).toEqual([
      [{ address: '::', port: 22 }, { address: '::', port: 0 }],
      [{ address: '::1', port: 22 }, { address: '::1', port: 54321 }],
      [{ address: '::ffff:127.0.0.1', port: 8080 }, { address: '::ffff:10.1.2.3', port: 49152 }],
      [{ address: 'fe80::1', port: 53 }, { address: '::', port: 0 }],
      [{ address: '2001:db8::1', port: 443 }, { address: '2001:db8::2', port: 57344 }],
    ]);
    expect(connections.every((c) => c.proto === 'tcp6')).toBe(true);
  });

  it('calls an unconnected UDP socket UNCONN and a connected one ESTABLISHED', () => {
    const udp = parseProcNetInet(fixture('udp'), 'udp', le).connections;
    expect(udp.map((c) => [c.local.port, c.state, c.recvQ])).toEqual([
      [53, 'UNCONN', 0],
      [57345, 'ESTABLISHED', 256],
    ]);
    expect(parseProcNetInet(fixture('udp6'), 'udp6', le).connections).toMatchObject([{ proto: 'udp6', local: { address: '::', port: 547 }, state: 'UNCONN' }]);
  });

  it('reads a big-endian machine’s words in order', () => {
    const text = `${header}   0: 7F000001:0050 0A010203:C350 01 00000000:00000000 00:00000000 00000000  1000        0 99 1\n`;
    expect(parseProcNetInet(text, 'tcp', { littleEndian: false }).connections[0]).toMatchObject({
      local: { address: '127.0.0.1', port: 80 },
      remote: { address: '10.1.2.3', port: 50000 },
    });
  });

  it('reads more than 9,999 rows, where `sl` outgrows its column', () => {
    const text = `${header}12345: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1\n`;
    expect(parseProcNetInet(text, 'tcp', le)).toMatchObject({ connections: [{ inode: 7 }], malformed: 0 });
  });

  const good = '   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1';
  const goodOther = '   1: 0100007F:0051 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 8 1';
  const timeWait = (sl: number) => `${sl}: 0100007F:0050 0100007F:C350 06 00000000:00000000 03:00000BB8 00000000     0        0 0 3`;

  it('lists a socket once when the kernel repeats it across a page boundary', () => {
    const text = `${header}${good}\n${timeWait(1)}\n${goodOther}\n${good.replace('   0:', '   2:')}\n${timeWait(3)}\n`;
    expect(parseProcNetInet(text, 'tcp', le)).toMatchObject({ connections: [{ inode: 7 }, { state: 'TIME_WAIT' }, { inode: 8 }], malformed: 0 });
  });

  it.each([
    ['the kernel’s layout', good, { sendQ: 0, recvQ: 0, inode: 7, uid: 0 }],
    ['queues wider than %08X', good.replace('00000000:00000000', '0000000000000010:20'), { sendQ: 16, recvQ: 32, inode: 7 }],
    ['a \\r before the line end', `${good.replace(' 7 1', ' 7')}\r`, { inode: 7 }],
    ['lower-case hex', good.replace('0100007F:0050', '0100007f:005a'), { local: { address: '127.0.0.1', port: 90 } }],
    ['a 20-digit inode', good.replace(' 7 1', ' 12345678901234567890 1'), { inode: 12345678901234567890 }],
  ])('reads a line of %s', (_name, line, expected) => {
    expect(parseProcNetInet(`${header}${line}\n`, 'tcp', le)).toMatchObject({ connections: [expected], malformed: 0 });
  });

  it('keeps listeners that share an address (SO_REUSEPORT): their inodes differ', () => {
    const text = `${header}${good}\n${good.replace(' 7 1', ' 9 1')}\n`;
    expect(parseProcNetInet(text, 'tcp', le).connections.map((c) => c.inode)).toEqual([7, 9]);
  });
  it.each([
    ['a truncated line', '   0: 0100007F:0050 00000000:0000 0A'],
    ['no sl', '0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1'],
    ['an IPv6 address in the IPv4 table', '   0: 00000000000000000000000001000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 7'],
    ['a short address', '   0: 100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1'],
    ['a non-hex port', '   0: 0100007F:00G0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1'],
    ['an unknown state code', '   0: 0100007F:0050 00000000:0000 1F 00000000:00000000 00:00000000 00000000     0        0 7 1'],
    ['queues without a colon', '   0: 0100007F:0050 00000000:0000 0A 0000000000000000 00:00000000 00000000     0        0 7 1'],
    ['a non-numeric uid', '   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000   abc        0 7 1'],
    ['a non-numeric inode', '   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 x7 1'],
    ['garbage', '\u0000\u00ff binary'],
  ])('skips and counts %s, keeping the good lines around it', (_name, bad) => {
    const { connections, malformed } = parseProcNetInet(`${header}${good}\n${bad}\n${goodOther}\n`, 'tcp', le);
    expect(malformed).toBe(1);
    expect(connections).toHaveLength(2);
  });

  it('reads an empty table, a header alone, and a last line without a newline', () => {
    expect(parseProcNetInet('', 'tcp', le)).toEqual({ connections: [], malformed: 0 });
    expect(parseProcNetInet(header, 'tcp', le)).toEqual({ connections: [], malformed: 0 });
    expect(parseProcNetInet(`${header}${good}`, 'tcp', le).connections).toHaveLength(1);
  });
});

describe('parseProcNetUnix', () => {
  it('lists a socket once when the kernel repeats it across a page boundary', () => {
    const line = (inode: number) => `0000000000000000: 00000002 00000000 00010000 0001 01 ${inode} /run/a.sock`;
    const text = `Num       RefCount Protocol Flags    Type St Inode Path\n${line(5001)}\n${line(5002)}\n${line(5001)}\n`;
    expect(parseProcNetUnix(text)).toMatchObject({ connections: [{ inode: 5001 }, { inode: 5002 }], malformed: 0 });
  });

  it('reads listening, connected, abstract, unnamed, spaced and odd-state sockets', () => {
    const { connections, malformed } = parseProcNetUnix(fixture('unix'));
    expect(malformed).toBe(0);
    expect(connections.map((c) => [c.type, c.state, c.path, c.inode])).toEqual([
      ['stream', 'LISTEN', '/run/dbus/system_bus_socket', 5001],
      ['stream', 'ESTABLISHED', '/run/dbus/system_bus_socket', 5002],
      ['stream', 'ESTABLISHED', null, 5003],
      ['dgram', 'UNCONN', '@/tmp/.X11-unix/X0', 5004],
      ['seqpacket', 'LISTEN', '/tmp/dir with spaces/s.sock', 5005],
      ['stream', 'CONNECTING', null, 5006],
      ['dgram', 'DISCONNECTING', null, 5007],
    ]);
    expect(connections[0]).toEqual({
      proto: 'unix',
      type: 'stream',
      path: '/run/dbus/system_bus_socket',
      state: 'LISTEN',
      recvQ: null,
      sendQ: null,
      inode: 5001,
      uid: null,
      pid: null,
      program: null,
    });
  });

  it.each([
    ['a truncated line', '0000000000000000: 00000002 00000000 00010000 0001'],
    ['an unknown socket type', '0000000000000000: 00000002 00000000 00000000 0003 01  6001'],
    ['an unknown state', '0000000000000000: 00000002 00000000 00000000 0001 09  6001'],
    ['no inode', '0000000000000000: 00000002 00000000 00000000 0001 01 '],
  ])('skips and counts %s', (_name, bad) => {
    const good = '0000000000000000: 00000002 00000000 00000000 0001 03  6000';
    const { connections, malformed } = parseProcNetUnix(`Num       RefCount Protocol Flags    Type St Inode Path\n${good}\n${bad}\n`);
    expect(malformed).toBe(1);
    expect(connections.map((c) => c.inode)).toEqual([6000]);
  });
});
