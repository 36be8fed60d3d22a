import { describe, expect, it } from 'vitest';
import type { ServeEvent } from '../../../src/protocol/serve-events.js';
import { formatBytes, formatDuration, formatLogTime, formatServeEvent, formatServeEventJson } from '../../../src/render/serve-log.js';

const logTime = Date.UTC(2026, 11, 4, 17, 5, 9);
import { escapeHtml, formatDirectoryListing } from '../../../src/render/http-listing.js';

describe('serve log lines', () => {
  it.each<[ServeEvent, string]>([
    [{ type: 'listening', service: 'time', transport: 'tcp', address: '0.0.0.0:8000' }, 'Serving time on 0.0.0.0:8000 (TCP)'],
    [{ type: 'connection', id: 1, client: '127.0.0.1:53422' }, 'Received connection from 127.0.0.1:53422'],
    [{ type: 'refused', client: '[::1]:5000', reason: 'not in --allow' }, 'Refused [::1]:5000: not in --allow'],
    [
      { type: 'closed', id: 1, client: '127.0.0.1:53422', bytesIn: 2048, bytesOut: 10, durationMs: 1500, reason: 'idle for 1 s' },
      'Closed 127.0.0.1:53422 after 1.5 s: 2.0 KiB in, 10 B out (idle for 1 s)',
    ],
    [{ type: 'datagram', client: '127.0.0.1:9', bytesIn: 0, bytesOut: 4 }, 'Received datagram from 127.0.0.1:9: 0 B in, 4 B out'],
    [{ type: 'rate-limited', client: '127.0.0.1:9', limit: 20 }, 'Dropping datagrams from 127.0.0.1:9: over --udp-rate 20/s'],
    [
      { type: 'request', client: '127.0.0.1:9', method: 'GET', path: '/', version: '1.1', status: 200, bytes: 512, durationMs: 3 },
      `127.0.0.1:9 - - [${formatLogTime(logTime)}] "GET / HTTP/1.1" 200 512 3 ms`,
    ],
    [
      { type: 'summary', service: 'echo', connections: 3, refused: 1, datagrams: 0, dropped: 0, bytesIn: 3 * 1048576, bytesOut: 3 * 1048576, durationMs: 61_000 },
      'Stopped echo after 1 min 01 s: 3 connections (1 refused); 3.0 MiB in, 3.0 MiB out',
    ],
    [
      { type: 'summary', service: 'time', connections: 0, refused: 0, datagrams: 1, dropped: 5, bytesIn: 0, bytesOut: 4, durationMs: 500 },
      'Stopped time after 500 ms: 0 connections, 1 datagram answered, 5 dropped by --udp-rate; 0 B in, 4 B out',
    ],
  ])('%j', (event, line) => {
    expect(formatServeEvent(event, logTime)).toBe(line);
  });

  it("stamps the time as Python's http.server does: dd/Mon/yyyy hh:mm:ss, local time", () => {
    const local = new Date(2026, 11, 4, 7, 5, 9).getTime();
    expect(formatLogTime(local)).toBe('04/Dec/2026 07:05:09');
  });

  it('JSON Lines carry the event name, its fields and the time', () => {
    const line = formatServeEventJson({ type: 'connection', id: 7, client: '127.0.0.1:1' }, Date.UTC(2026, 10, 25, 18, 35, 14));
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ time: '2026-11-25T18:35:14.000Z', event: 'connection', id: 7, client: '127.0.0.1:1' });
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [5 * 1024 ** 4, '5.0 TiB'],
  ])('formatBytes(%i) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it.each([
    [12, '12 ms'],
    [12_345, '12.3 s'],
    [3_723_000, '1 h 02 min'],
  ])('formatDuration(%i) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('directory listing', () => {
  it('escapes names for HTML and percent-encodes links', () => {
    const html = formatDirectoryListing('/<dir>/', [
      { name: '<script>alert(1)</script>', directory: false, size: 3, mtimeMs: 0 },
      { name: 'a "b" & c', directory: true, size: 0, mtimeMs: 0 },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<title>Index of /&#60;dir&#62;/</title>');
    expect(html).toContain('<a href="%3Cscript%3Ealert(1)%3C%2Fscript%3E">&#60;script&#62;alert(1)&#60;/script&#62;</a>');
    // Directories first, with a trailing slash; a parent link below the root.
    expect(html.indexOf('a &#34;b&#34; &#38; c/')).toBeLessThan(html.indexOf('&#60;script'));
    expect(html).toContain('<a href="../">../</a>');
    expect(formatDirectoryListing('/', [])).not.toContain('../');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
