import { describe, expect, it } from 'vitest';
import { formatEndpoint, formatHostPort, isSeveralPorts, parseEndpoint, parseHost, parsePort, requireAddressLiteral, splitHostPort } from '../../../src/protocol/address.js';
import { UsageError } from '../../../src/errors.js';

const lookup = (name: string) => ({ http: 80, smtp: 25, https: 443 })[name];

describe('parsePort', () => {
  it.each([
    ['1', 1],
    ['80', 80],
    ['65535', 65535],
    [' 443 ', 443],
    ['http', 80],
    ['SMTP', 25],
  ])('accepts %j as %i', (text, port) => {
    expect(parsePort(text, { lookup })).toBe(port);
  });

  it.each(['0', '65536', '99999', '-1', 'abc', '', '8o', '1.5', 'nosuchservice'])('rejects %j with a usage error', (text) => {
    expect(() => parsePort(text, { lookup })).toThrow(UsageError);
  });

  it('accepts 0 only where a free port is meant', () => {
    expect(parsePort('0', { allowZero: true })).toBe(0);
  });

  it('a malformed port where 0 is allowed says 0 is allowed', () => {
    expect(() => parsePort('1.5', { allowZero: true })).toThrow(/from 0 to 65535/);
  });
});

describe('parseHost', () => {
  it.each([
    ['example.com', 'example.com', 0],
    ['localhost', 'localhost', 0],
    ['example.com.', 'example.com.', 0],
    ['_sip._tcp.example.com', '_sip._tcp.example.com', 0],
    ['127.0.0.1', '127.0.0.1', 4],
    ['::1', '::1', 6],
    ['[::1]', '::1', 6],
    ['fe80::1%eth0', 'fe80::1%eth0', 6],
  ])('accepts %j', (text, host, family) => {
    expect(parseHost(text)).toEqual({ host, family });
  });

  it.each([
    ['', /empty/],
    ['[::1', /unbalanced/],
    ['::1]', /unbalanced/],
    ['[example.com]', /only an IPv6/],
    ['256.1.1.1', /not an IPv4/],
    ['1.2.3', /not an IPv4/],
    ['-bad.example', /host name/],
    ['bad..example', /host name/],
    ['sp ace', /host name/],
    [`${'a'.repeat(64)}.com`, /host name/],
  ])('rejects %j', (text, message) => {
    expect(() => parseHost(text)).toThrow(message);
  });
});

describe('splitHostPort', () => {
  it.each([
    ['example.com', { host: 'example.com' }],
    ['example.com:80', { host: 'example.com', port: '80' }],
    ['127.0.0.1:http', { host: '127.0.0.1', port: 'http' }],
    ['[::1]:8080', { host: '[::1]', port: '8080' }],
    ['[::1]', { host: '[::1]' }],
    ['::1', { host: '::1' }],
    ['2001:db8::1', { host: '2001:db8::1' }],
  ])('splits %j', (text, expected) => {
    expect(splitHostPort(text)).toEqual(expected);
  });

  it.each([
    ['[::1]8080', /expected \[IPv6\]:port/],
    ['[::1]:', /expected \[IPv6\]:port/],
    ['host:', /port after ':' is empty/],
    ['::1:http', /in brackets.*\[::1\]:http/],
    ['2001:db8::1:99999', /in brackets/],
    ['a:b:c', /not an IPv6/],
  ])('rejects %j', (text, message) => {
    expect(() => splitHostPort(text)).toThrow(message);
  });
});

describe('parseEndpoint', () => {
  it('takes a Unix socket path', () => {
    expect(parseEndpoint('unix:/run/x.sock')).toEqual({ kind: 'unix', path: '/run/x.sock' });
  });
  it('takes host and a separate port', () => {
    expect(parseEndpoint('example.com', { port: 'http', lookup })).toEqual({ kind: 'inet', host: 'example.com', port: 80, family: 0 });
  });
  it('takes [v6]:port', () => {
    expect(parseEndpoint('[::1]:23')).toEqual({ kind: 'inet', host: '::1', port: 23, family: 6 });
  });
  it('takes a bare IPv6 address ending in digits when the port is given apart', () => {
    expect(parseEndpoint('::1:80', { port: '23' })).toEqual({ kind: 'inet', host: '::1:80', port: 23, family: 6 });
    expect(parseEndpoint('fe80::1', { defaultPort: 23 })).toEqual({ kind: 'inet', host: 'fe80::1', port: 23, family: 6 });
  });
  it('falls back to the default port', () => {
    expect(parseEndpoint('10.0.0.1', { defaultPort: 23 })).toEqual({ kind: 'inet', host: '10.0.0.1', port: 23, family: 4 });
  });
  it.each([
    ['unix:', {}, /needs a socket path/],
    ['unix:/x', { port: '80' }, /takes no port/],
    [`unix:/tmp/${'a'.repeat(103)}`, {}, /108 bytes, over the 107/],
    ['h:80', { port: '81' }, /port given twice/],
    ['h', {}, /missing port/],
    ['h:0', {}, /bad port/],
    ['::1:80', {}, /ambiguous address '::1:80': write \[::1\]:80/],
    ['2001:db8::1:8080', { defaultPort: 23 }, /write \[2001:db8::1\]:8080/],
  ])('rejects %j %j', (text, options, message) => {
    expect(() => parseEndpoint(text, options)).toThrow(message);
  });
});

describe('formatHostPort', () => {
  it('brackets IPv6 only', () => {
    expect(formatHostPort('::1', 80)).toBe('[::1]:80');
    expect(formatHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
  });
});

describe('formatEndpoint', () => {
  it('shows what parseEndpoint read: host:port, [v6]:port, or the socket path', () => {
    expect(formatEndpoint(parseEndpoint('example.com:80'))).toBe('example.com:80');
    expect(formatEndpoint(parseEndpoint('::1', { port: '25' }))).toBe('[::1]:25');
    expect(formatEndpoint(parseEndpoint('unix:/run/x.sock'))).toBe('/run/x.sock');
  });
});

describe('several ports where one is taken (nc -z habits)', () => {
  it.each([
    ['8000-8100', true],
    ['22,80,443', true],
    ['ssh,http', true],
    [' 1-2 ', true],
    ['8000', false],
    ['http', false],
    ['x11-ssh-offset', false],
  ])('%j → %s', (text, several) => {
    expect(isSeveralPorts(text)).toBe(several);
  });

  it('parsePort names the scan command for them', () => {
    expect(() => parsePort('22,80', { lookup })).toThrow("'22,80' is several ports and this takes one; to probe a range or list, use 'nettool scan HOST 22,80'");
  });
});

describe('requireAddressLiteral (-n)', () => {
  it.each(['127.0.0.1', '::1', '[::1]'])('takes %s', (host) => expect(() => requireAddressLiteral(host)).not.toThrow());
  it.each(['localhost', 'example.test'])('refuses %s', (host) => expect(() => requireAddressLiteral(host)).toThrow(UsageError));
});
