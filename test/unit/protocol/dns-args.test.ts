import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseDnsWords, parseServer, reverseName } from '../../../src/protocol/dns-args.js';

describe('parseDnsWords (names, TYPEs and @servers in any order)', () => {
  it.each([
    [['example.com'], { names: ['example.com'], types: [], servers: [] }],
    [['MX', '@127.0.0.1:5353', 'example.com', 'aaaa'], { names: ['example.com'], types: [15, 28], servers: [{ host: '127.0.0.1', port: 5353 }] }],
    [['a.test', 'b.test.', 'TXT', 'TXT', 'IN'], { names: ['a.test', 'b.test'], types: [16], servers: [] }],
    [['@[::1]:53', '@::1', '@127.0.0.1', 'x.test'], {
      names: ['x.test'], types: [], servers: [{ host: '::1', port: 53 }, { host: '::1', port: undefined }, { host: '127.0.0.1', port: undefined }],
    }],
    [['.', 'NS', 'https', 'svcb', 'TYPE65280'], { names: ['.'], types: [2, 65, 64, 65280], servers: [] }],
    [['_sip._tcp.a.test', 'SRV', '*.wild.test'], { names: ['_sip._tcp.a.test', '*.wild.test'], types: [33], servers: [] }],
    // Names that are not host names, as dig takes them: RFC 2317 delegation, hyphens at label ends.
    [['0/26.2.0.192.in-addr.arpa', 'PTR', 'a-.x.-b.test'], { names: ['0/26.2.0.192.in-addr.arpa', 'a-.x.-b.test'], types: [12], servers: [] }],
    [['bücher.example', 'münchen.test.'], { names: ['xn--bcher-kva.example', 'xn--mnchen-3ya.test'], types: [], servers: [] }],
    [['@dns.example'], { names: [], types: [], servers: [{ host: 'dns.example', port: undefined }] }],
  ])('%j', (words, expected) => {
    expect(parseDnsWords(words)).toEqual(expected);
  });

  it.each([
    [['example.com', 'MXX'], /unknown record type 'MXX'/],
    [['example.com', 'TYPE70000'], /unknown record type 'TYPE70000'/],
    [['a..b'], /bad name 'a\.\.b'/],
    [[`${'x'.repeat(64)}.test`], /bad name/],
    // Every label is fine here; the whole is too long, and the message must say that, not blame the labels.
    [[`${'abcdefghi.'.repeat(26)}test`], /bad name '.*': 264 characters, and a name has at most 253$/],
    [['-a.test'], /bad name/],
    [['a b.test'], /bad name/],
    [['c\\.d.test'], /bad name .*no backslash escapes/],
    [['@'], /bad server '@'/],
    [['@1.2.3.4.5'], /bad server '@1\.2\.3\.4\.5': not an IPv4 address/],
    [['@127.0.0.1:99999'], /bad port '99999'/],
    [['@127.0.0.1:'], /bad server '@127.0.0.1:'/],
    [['@[::1'], /bad server '@\[::1'/],
    [['@::1:5353'], /^bad server '@::1:5353': ambiguous; write @\[::1\]:5353 for port 5353, or @\[::1:5353\] for the address alone$/],
    [['@bad_host!'], /bad server/],
  ])('%j is a usage error', (words, message) => {
    expect(() => parseDnsWords(words)).toThrow(UsageError);
    expect(() => parseDnsWords(words)).toThrow(message);
  });

  it('parses a server alone', () => {
    expect(parseServer('@127.0.0.1:853')).toEqual({ host: '127.0.0.1', port: 853 });
  });
});

describe('reverseName (-x)', () => {
  it.each([
    ['192.0.2.1', '1.2.0.192.in-addr.arpa'],
    ['10.0.0.255', '255.0.0.10.in-addr.arpa'],
    ['2001:db8::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['[::1]', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
    ['::ffff:192.0.2.1', '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
  ])('%s → %s', (address, expected) => {
    expect(reverseName(address)).toBe(expected);
  });

  it.each(['example.com', '1.2.3', '300.1.1.1', '2001:db8:::1', ''])('%j is a usage error', (address) => {
    expect(() => reverseName(address)).toThrow(UsageError);
  });
});
