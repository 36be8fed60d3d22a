import { describe, expect, it } from 'vitest';
import { parseRpcUrl } from '../../../src/commands/rpc.js';
import { UsageError } from '../../../src/errors.js';

describe('parseRpcUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/RPC2', 'http://127.0.0.1:8080/RPC2'],
    ['https://user:p%40ss@localhost/RPC2', 'https://user:p%40ss@localhost/RPC2'],
    ['127.0.0.1:8080/RPC2', 'http://127.0.0.1:8080/RPC2'],
    ['localhost', 'http://localhost/'],
    ['http://[::1]:8080/', 'http://[::1]:8080/'],
    ['HTTP://127.0.0.1/', 'http://127.0.0.1/'],
  ])('%s', (text, href) => {
    expect(parseRpcUrl(text).href).toBe(href);
  });

  it('a bad escape in the credentials is a usage error that does not print the password', () => {
    expect(() => parseRpcUrl('http://user:s3cret%zz@127.0.0.1/')).toThrow(UsageError);
    expect(() => parseRpcUrl('http://user:s3cret%zz@127.0.0.1/')).toThrow(/^bad URL for 127\.0\.0\.1: malformed percent-encoding/);
    expect(() => parseRpcUrl('http://user:s3cret%zz@127.0.0.1/')).not.toThrow(/s3cret/);
  });

  it.each(['ftp://127.0.0.1/', 'file:///etc/passwd', 'http://', 'http://[::1/', 'http://a b/', 'http://127.0.0.1:99999/', 'http://a%zz:b@127.0.0.1/', 'http://a:%E0%A4%A@127.0.0.1/'])('%j is a usage error', (text) => {
    expect(() => parseRpcUrl(text)).toThrow(UsageError);
  });
});
