import { describe, expect, it } from 'vitest';
import { formatRdata } from '../../../src/protocol/dns-rdata.js';
import { chunk, formatDnssecTime, quoteString } from '../../../src/protocol/dns-text.js';
import { formatIPv6 } from '../../../src/protocol/ipv6.js';
import { formatSvcb } from '../../../src/protocol/svcb.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('presentation of each record type (as dig prints it)', () => {
  it.each([
    ['A', '192.0.2.1', '192.0.2.1'],
    ['AAAA', '2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['AAAA', '::ffff:102:304', '::ffff:1.2.3.4'],
    ['NS', 'ns1.example.com', 'ns1.example.com.'],
    ['CNAME', 'example.com', 'example.com.'],
    ['PTR', 'a.test', 'a.test.'],
    ['DNAME', '.', '.'],
    ['MX', { preference: 10, exchange: 'mail.example.com' }, '10 mail.example.com.'],
    ['MX', { preference: 0, exchange: '.' }, '0 .'],
    ['TXT', [Buffer.from('v=spf1 -all'), Buffer.from('second')], '"v=spf1 -all" "second"'],
    ['TXT', [Buffer.from('a"b\\c\x01d'), Buffer.from([0xff, 0x3b])], '"a\\"b\\\\c\\001d" "\\255;"'],
    ['TXT', [Buffer.alloc(0)], '""'],
    [
      'SOA',
      { mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 2024010101, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 },
      'ns1.example.test. hostmaster.example.test. 2024010101 7200 3600 1209600 300',
    ],
    ['SRV', { priority: 10, weight: 20, port: 5060, target: 'sip.a.test' }, '10 20 5060 sip.a.test.'],
    ['CAA', { flags: 0, tag: 'issue', value: 'letsencrypt.org' }, '0 issue "letsencrypt.org"'],
    ['CAA', { flags: 128, tag: 'iodef', value: 'mailto:sec@example.test' }, '128 iodef "mailto:sec@example.test"'],
    [
      'NAPTR',
      { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example.test' },
      '100 10 "S" "SIP+D2U" "" _sip._udp.example.test.',
    ],
    [
      'DS',
      { keyTag: 2371, algorithm: 13, digestType: 2, digest: hex('32996839A6D808AFE3EB4A795A0E6A7A39A76FC52FF228B22B76F6D63826F2B9') },
      '2371 13 2 32996839A6D808AFE3EB4A795A0E6A7A39A76FC52FF228B22B76F6D6 3826F2B9',
    ],
    [
      'DNSKEY',
      { flags: 257, algorithm: 13, key: Buffer.from('mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==', 'base64') },
      '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+ KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
    ],
    [
      'RRSIG',
      {
        typeCovered: 'A', algorithm: 13, labels: 2, originalTTL: 300, expiration: 1700000000, inception: 1699900000, keyTag: 34505,
        signersName: 'example.test', signature: Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCD'),
      },
      'A 13 2 300 20231114221320 20231113182640 34505 example.test. YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2Nzg5YWJjZGVm Z2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2Nzg5QUJDRA==',
    ],
    ['NSEC', { nextDomain: 'b.example.test', rrtypes: ['A', 'RRSIG', 'NSEC'] }, 'b.example.test. A RRSIG NSEC'],
    [
      'NSEC3',
      { algorithm: 1, flags: 0, iterations: 0, salt: Buffer.alloc(0), nextDomain: hex('0102030405'), rrtypes: ['A'] },
      '1 0 0 - 04106105 A',
    ],
    [
      'NSEC3',
      { algorithm: 1, flags: 1, iterations: 10, salt: hex('aabb'), nextDomain: Buffer.from(Array.from({ length: 20 }, (_, i) => i + 1)), rrtypes: ['A', 'RRSIG'] },
      '1 1 10 AABB 041061050O3GG28A1C60Q3GF208H44OK A RRSIG',
    ],
    ['TLSA', { usage: 3, selector: 1, matchingType: 1, certificate: hex('abcdef') }, '3 1 1 ABCDEF'],
    ['SSHFP', { algorithm: 4, hash: 2, fingerprint: 'AB12' }, '4 2 AB12'],
    ['HINFO', { cpu: 'x86', os: 'Linux' }, '"x86" "Linux"'],
    ['UNKNOWN_65280', hex('0a000001'), '\\# 4 0A000001'],
    ['NULL', Buffer.alloc(0), '\\# 0'],
    [
      'UNKNOWN_65',
      hex('0001 00 0000000400010004 00010006026833026832 00020000 0003000201bb 00040008c0000201c0000202 000500060045fe0d0041 0006001020010db8000000000000000000000001'),
      '1 . mandatory=alpn,ipv4hint alpn="h3,h2" no-default-alpn port=443 ipv4hint=192.0.2.1,192.0.2.2 ech=AEX+DQBB ipv6hint=2001:db8::1',
    ],
    ['UNKNOWN_64', hex('0000 03737663076578616d706c6500'), '0 svc.example.'],
  ])('%s %j → %s', (type, data, expected) => {
    expect(formatRdata(type, data)).toBe(expected);
  });

  it('CDS and CDNSKEY (raw from dns-packet) are shown as DS and DNSKEY are, as dig does', () => {
    expect(formatRdata('CDS', hex('0943 0d 02 00010203'))).toBe('2371 13 2 00010203');
    expect(formatRdata('CDNSKEY', hex('0101 03 0d 000102'))).toBe('257 3 13 AAEC');
    expect(() => formatRdata('CDS', hex('09'))).toThrow();
  });

  it('an SSHFP SHA-256 fingerprint (64 hex digits) is broken after 56, as dig +short prints it', () => {
    const fingerprint = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
    expect(formatRdata('SSHFP', { algorithm: 1, hash: 2, fingerprint })).toBe('1 2 000102030405060708090A0B0C0D0E0F101112131415161718191A1B 1C1D1E1F');
  });

  it('a type dns-packet decoded into an object nobody formats is an error, not a guess', () => {
    expect(() => formatRdata('UNKNOWN_99', { some: 'object' })).toThrow(/no presentation/);
  });
});

describe('SVCB parameters (RFC 9460)', () => {
  it.each([
    ['an alpn id with a comma is escaped twice (Appendix A.1)', hex('0001 00 0001 0004 03 612c62'), '1 . alpn="a\\\\,b"'],
    ['an unknown key is keyNNNNN with a quoted value', hex('0001 00 fde8 0002 6869'), '1 . key65000="hi"'],
    ['an unknown key with no value stands alone', hex('0001 00 fde8 0000'), '1 . key65000'],
    ['dohpath is quoted', hex('0001 00 0007 0005 2f646e73 3f'), '1 . dohpath="/dns?"'],
    ['a target name with an escaped dot', hex('0001 03 612e62 00'), '1 a\\.b.'],
  ])('%s', (_what, rdata, expected) => {
    expect(formatSvcb(rdata)).toBe(expected);
  });

  it.each([
    ['empty', hex('')],
    ['target runs past the end', hex('0001 05 6162')],
    ['compressed target', hex('0001 c00c')],
    ['param header cut short', hex('0001 00 0003 00')],
    ['param value runs past the end', hex('0001 00 0003 0004 01bb')],
    ['port of 3 bytes', hex('0001 00 0003 0003 01bb00')],
    ['ipv4hint not a multiple of 4', hex('0001 00 0004 0003 c00002')],
    ['ipv6hint not a multiple of 16', hex('0001 00 0006 0004 20010db8')],
    ['no-default-alpn with a value', hex('0001 00 0002 0001 00')],
    ['alpn with a zero-length id', hex('0001 00 0001 0001 00')],
    ['mandatory of odd length', hex('0001 00 0000 0001 00')],
  ])('malformed: %s', (_what, rdata) => {
    expect(() => formatSvcb(rdata)).toThrow();
  });
});

describe('text pieces', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:1:0:1:1:1:1', '2001:db8:1:0:1:1:1:1'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['fe80::', 'fe80::'],
    ['not-an-address', 'not-an-address'],
  ])('IPv6 %s → %s', (input, expected) => {
    expect(formatIPv6(input)).toBe(expected);
  });

  it('quotes UTF-8 as its bytes in \\DDD', () => {
    expect(quoteString('é')).toBe('"\\195\\169"');
  });

  it('chunks by 56 and formats DNSSEC times in UTC', () => {
    expect(chunk('x'.repeat(60))).toBe(`${'x'.repeat(56)} xxxx`);
    expect(formatDnssecTime(0)).toBe('19700101000000');
  });
});
