import { describe, expect, it } from 'vitest';
import { unmapAddress } from '../../../src/protocol/address.js';
import { addressToBigint, cidrContains, isAllowed, parseCidr } from '../../../src/protocol/cidr.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 96 + 8],
    ['127.0.0.1', 128],
    ['0.0.0.0/0', 96],
    ['::1', 128],
    ['2001:db8::/32', 32],
    ['::/0', 0],
    ['::ffff:192.0.2.0/120', 120],
  ])('%s has a 128-bit prefix of %i', (text, prefix) => {
    expect(parseCidr(text).prefix).toBe(prefix);
  });

  it.each([
    ['10.0.0.1/8', /host bits are set after \/8 \(did you mean 10\.0\.0\.0\/8\?\)/],
    ['2001:db8::1/32', /did you mean 2001:db8::\/32\?/],
    ['10.0.0.0/33', /prefix length must be 0 to 32/],
    ['::/129', /prefix length must be 0 to 128/],
    ['10.0.0.0/', /prefix length/],
    ['10.0.0.0/-1', /prefix length/],
    ['10.0.0.0/8/8', /more than one/],
    ['example.com/24', /not an IPv4 or IPv6 address/],
    ['300.1.1.1', /not an IPv4 or IPv6 address/],
    ['', /not an IPv4 or IPv6 address/],
  ])('rejects %j', (text, message) => {
    expect(() => parseCidr(text)).toThrow(message);
  });
});

describe('cidrContains', () => {
  it.each([
    ['127.0.0.0/8', '127.0.0.1', true],
    ['127.0.0.0/8', '128.0.0.1', false],
    // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6.
    ['127.0.0.0/8', '::ffff:127.0.0.1', true],
    ['::ffff:127.0.0.0/104', '127.9.9.9', true],
    ['10.1.2.0/24', '10.1.2.255', true],
    ['10.1.2.0/24', '10.1.3.0', false],
    ['0.0.0.0/0', '203.0.113.5', true],
    ['0.0.0.0/0', '::1', false],
    ['::1', '::1', true],
    ['::1', '0:0:0:0:0:0:0:1', true],
    ['::1', '127.0.0.1', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['fe80::/10', 'fe80::1%eth0', true],
    ['::/0', '127.0.0.1', true],
    ['127.0.0.0/8', 'not-an-address', false],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(cidrContains(parseCidr(cidr), address)).toBe(expected);
  });

  it('an empty allow-list allows everyone; otherwise any block may match', () => {
    expect(isAllowed([], '192.0.2.1')).toBe(true);
    const list = [parseCidr('10.0.0.0/8'), parseCidr('::1')];
    expect(isAllowed(list, '::1')).toBe(true);
    expect(isAllowed(list, '::ffff:10.3.4.5')).toBe(true);
    expect(isAllowed(list, '127.0.0.1')).toBe(false);
  });
});

describe('addresses', () => {
  it('IPv4 and its mapped form are the same number; embedded dotted quads parse', () => {
    expect(addressToBigint('1.2.3.4')).toBe(addressToBigint('::ffff:1.2.3.4'));
    expect(addressToBigint('::ffff:1.2.3.4')).toBe(addressToBigint('::ffff:102:304'));
    expect(addressToBigint('::1.2.3.4')).toBe(0x01020304n);
    expect(addressToBigint('1:2:3:4:5:6:1.2.3.4')).toBe(addressToBigint('1:2:3:4:5:6:102:304'));
    expect(addressToBigint('ffff::')).toBe(0xffffn << 112n);
    expect(addressToBigint('nope')).toBeUndefined();
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['::1', '::1'],
    ['127.0.0.1', '127.0.0.1'],
  ])('unmapAddress(%s) = %s', (input, output) => {
    expect(unmapAddress(input)).toBe(output);
  });
});
