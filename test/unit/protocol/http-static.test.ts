import { describe, expect, it } from 'vitest';
import { contentTypeFor, formatEtag, isNotModified, parseRange, parseRequestPath } from '../../../src/protocol/http-static.js';

describe('parseRequestPath', () => {
  it.each([
    ['/', [], true],
    ['/a.txt', ['a.txt'], false],
    ['/docs/', ['docs'], true],
    ['/a//b/./c', ['a', 'b', 'c'], false],
    ['/with%20space.txt?x=1#frag', ['with space.txt'], false],
    ['/%3Cx%3E', ['<x>'], false],
    ['/caf%C3%A9', ['café'], false],
    ['/..foo/bar..', ['..foo', 'bar..'], false],
    // RFC 9112 §3.2.2: the absolute form, as a proxy sends it, is accepted.
    ['http://example.com/a.txt', ['a.txt'], false],
    ['HTTP://example.com:8000/docs/?q', ['docs'], true],
    ['http://example.com', [], true],
    ['https://[::1]:8443/a', ['a'], false],
  ])('%s → %j', (target, segments, trailingSlash) => {
    expect(parseRequestPath(target)).toEqual({ ok: true, segments, trailingSlash });
  });

  it.each([
    ['/../etc/passwd', 403, /'\.\.'/],
    ['/a/../../etc/passwd', 403, /'\.\.'/],
    ['/%2e%2e/etc/passwd', 403, /'\.\.'/],
    ['/%2E%2E/etc/passwd', 403, /'\.\.'/],
    ['/.%2e/etc/passwd', 403, /'\.\.'/],
    ['/a%2f..%2f..%2fetc', 403, /encoded separator/],
    ['/..%2fetc', 403, /encoded separator/],
    ['/..%5c..%5cwindows', 403, /encoded separator/],
    ['/a%00.txt', 403, /NUL/],
    ['/%zz', 400, /percent-encoding/],
    ['/%C3', 400, /percent-encoding/],
    ['a.txt', 400, /start with \//],
    ['http://example.com?x', 400, /no path/],
    ['http://example.com/../etc/passwd', 403, /'\.\.'/],
    ['ftp://example.com/a', 400, /start with \//],
  ])('refuses %s with %i', (target, status, reason) => {
    const result = parseRequestPath(target);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(status);
      expect(result.reason).toMatch(reason);
    }
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, 100, { kind: 'none' }],
    ['bytes=0-9', 100, { kind: 'range', start: 0, end: 9 }],
    ['bytes=90-', 100, { kind: 'range', start: 90, end: 99 }],
    ['bytes=90-1000', 100, { kind: 'range', start: 90, end: 99 }],
    ['bytes=-10', 100, { kind: 'range', start: 90, end: 99 }],
    ['bytes=-1000', 100, { kind: 'range', start: 0, end: 99 }],
    ['bytes=99-99', 100, { kind: 'range', start: 99, end: 99 }],
    [' Bytes = 1 - 2 ', 100, { kind: 'range', start: 1, end: 2 }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=100-200', 100, { kind: 'unsatisfiable' }],
    ['bytes=-0', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=-5', 0, { kind: 'unsatisfiable' }],
    // Ignored (a full 200): several ranges, bad syntax, other units, last < first.
    ['bytes=0-1,5-6', 100, { kind: 'none' }],
    ['bytes=5-1', 100, { kind: 'none' }],
    ['bytes=-', 100, { kind: 'none' }],
    ['bytes=a-b', 100, { kind: 'none' }],
    ['items=0-1', 100, { kind: 'none' }],
  ])('%j of %i bytes → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('validators', () => {
  const mtimeMs = Date.UTC(2026, 10, 25, 18, 35, 14, 500);
  const etag = formatEtag(1234, mtimeMs);

  it('the ETag is strong and changes with size or time', () => {
    expect(etag).toMatch(/^"4d2-[0-9a-f]+"$/);
    expect(formatEtag(1235, mtimeMs)).not.toBe(etag);
    expect(formatEtag(1234, mtimeMs + 1)).not.toBe(etag);
  });

  it.each([
    [{}, false],
    [{ ifNoneMatch: etag }, true],
    // If-None-Match compares weakly (RFC 9110 §13.1.2): W/ on either side still matches.
    [{ ifNoneMatch: `W/${etag}` }, true],
    [{ ifNoneMatch: `"other", ${etag}` }, true],
    [{ ifNoneMatch: '*' }, true],
    [{ ifNoneMatch: '"other"' }, false],
    // If-None-Match wins: a stale tag means modified even if the date says otherwise.
    [{ ifNoneMatch: '"other"', ifModifiedSince: 'Wed, 25 Nov 2026 18:35:14 GMT' }, false],
    [{ ifModifiedSince: 'Wed, 25 Nov 2026 18:35:14 GMT' }, true],
    [{ ifModifiedSince: 'Wed, 25 Nov 2026 18:35:13 GMT' }, false],
    [{ ifModifiedSince: 'Thu, 26 Nov 2026 00:00:00 GMT' }, true],
    [{ ifModifiedSince: 'not a date' }, false],
  ])('%j → not modified: %s', (headers, expected) => {
    expect(isNotModified(headers, etag, mtimeMs)).toBe(expected);
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['A.TXT', 'text/plain; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['data.json', 'application/json'],
    ['archive.tar.gz', 'application/gzip'],
    ['Makefile', 'application/octet-stream'],
    ['.bashrc', 'application/octet-stream'],
    ['x.unknownext', 'application/octet-stream'],
  ])('%s is %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});
