import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { python, startServe, type RunningServe } from '../helpers/serve.js';

interface CurlResult {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** One request with curl; --path-as-is so that `..` reaches the server instead of being resolved by curl. */
function curl(url: string, extra: readonly string[] = []): Promise<CurlResult> {
  const bin = requirePeer('curl', 'curl');
  return new Promise((resolve, reject) => {
    execFile(bin, ['-sS', '--path-as-is', '-D', '-', '--max-time', '10', ...extra, url], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl failed: ${stderr}`));
      const cut = stdout.indexOf('\r\n\r\n');
      const headers = stdout.slice(0, cut);
      resolve({ status: Number(/^HTTP\/[\d.]+ (\d+)/.exec(headers)?.[1]), headers, body: stdout.slice(cut + 4) });
    });
  });
}

describe('nettool serve http (curl)', () => {
  let root: string;
  let outside: string;
  let server: RunningServe;
  let base: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'nettool-http-'));
    outside = mkdtempSync(join(tmpdir(), 'nettool-outside-'));
    const site = join(root, 'site');
    mkdirSync(join(site, 'docs'), { recursive: true });
    mkdirSync(join(site, 'with index'));
    writeFileSync(join(site, 'hello.txt'), 'hello, world\n');
    writeFileSync(join(site, 'data.json'), '{"a":1}');
    writeFileSync(join(site, '<b>&"q".txt'), 'odd name');
    writeFileSync(join(site, 'with index', 'index.html'), '<h1>index</h1>');
    writeFileSync(join(site, 'docs', 'a.md'), '# a');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    writeFileSync(join(root, 'sibling-secret.txt'), 'sibling secret');
    utimesSync(join(site, 'hello.txt'), new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
    symlinkSync(join(outside, 'secret.txt'), join(site, 'escape-file'));
    symlinkSync(outside, join(site, 'escape-dir'));
    symlinkSync('hello.txt', join(site, 'inside-link'));
    server = await startServe(['http', '--dir', site]);
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves a file with its type, length, validators and Accept-Ranges', async () => {
    const { status, headers, body } = await curl(`${base}/hello.txt`);
    expect(status).toBe(200);
    expect(body).toBe('hello, world\n');
    expect(headers).toMatch(/^content-type: text\/plain; charset=utf-8$/im);
    expect(headers).toMatch(/^content-length: 13$/im);
    expect(headers).toMatch(/^last-modified: Fri, 02 Jan 2026 03:04:05 GMT$/im);
    expect(headers).toMatch(/^etag: "d-[0-9a-f]+"$/im);
    expect(headers).toMatch(/^accept-ranges: bytes$/im);
    expect((await curl(`${base}/data.json`)).headers).toMatch(/^content-type: application\/json$/im);
  });

  it('HEAD has the headers and no body (read raw until the server closes)', async () => {
    const raw = await python(
      `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(b'HEAD /hello.txt HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n')
data = b''
while chunk := s.recv(4096): data += chunk
sys.stdout.write(data.decode())
`,
      [server.port],
    );
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(head).toMatch(/^content-length: 13$/im);
    expect(body).toBe('');
  });

  it('a single Range is 206 with Content-Range; past the end is 416', async () => {
    const part = await curl(`${base}/hello.txt`, ['-H', 'Range: bytes=7-11']);
    expect(part.status).toBe(206);
    expect(part.body).toBe('world');
    expect(part.headers).toMatch(/^content-range: bytes 7-11\/13$/im);
    const suffix = await curl(`${base}/hello.txt`, ['-H', 'Range: bytes=-6']);
    expect(suffix.body).toBe('world\n');
    const beyond = await curl(`${base}/hello.txt`, ['-H', 'Range: bytes=13-']);
    expect(beyond.status).toBe(416);
    expect(beyond.headers).toMatch(/^content-range: bytes \*\/13$/im);
  });

  it('If-Range: the current ETag or date keeps the Range (206); a stale or weak one gets the whole file (200)', async () => {
    const { headers } = await curl(`${base}/hello.txt`);
    const etag = /^etag: (.*)$/im.exec(headers)![1]!.trim();
    const date = /^last-modified: (.*)$/im.exec(headers)![1]!.trim();
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    for (const [validator, status, body] of [
      [etag, 206, 'world'],
      [date, 206, 'world'],
      ['"0-0"', 200, 'hello, world\n'],
      [`W/${etag}`, 200, 'hello, world\n'],
      ['Fri, 02 Jan 2026 03:04:04 GMT', 200, 'hello, world\n'],
    ] as const) {
      const result = await curl(`${base}/hello.txt`, ['-H', 'Range: bytes=7-11', '-H', `If-Range: ${validator}`]);
      expect([validator, result.status, result.body]).toEqual([validator, status, body]);
    }
  });

  it('If-None-Match and If-Modified-Since give 304', async () => {
    const etag = /^etag: (.*)$/im.exec((await curl(`${base}/hello.txt`)).headers)![1]!.trim();
    const byTag = await curl(`${base}/hello.txt`, ['-H', `If-None-Match: ${etag}`]);
    expect(byTag.status).toBe(304);
    expect(byTag.body).toBe('');
    expect((await curl(`${base}/hello.txt`, ['-H', 'If-None-Match: "stale"'])).status).toBe(200);
    expect((await curl(`${base}/hello.txt`, ['-H', 'If-Modified-Since: Fri, 02 Jan 2026 03:04:05 GMT'])).status).toBe(304);
    expect((await curl(`${base}/hello.txt`, ['-H', 'If-Modified-Since: Fri, 02 Jan 2026 03:04:04 GMT'])).status).toBe(200);
  });

  it('lists a directory with HTML-escaped names, serves index.html, and redirects a missing slash', async () => {
    const listing = await curl(`${base}/`);
    expect(listing.status).toBe(200);
    expect(listing.headers).toMatch(/^content-type: text\/html/im);
    expect(listing.body).toContain('<a href="docs/">docs/</a>');
    expect(listing.body).toContain('&#60;b&#62;&#38;&#34;q&#34;.txt');
    expect(listing.body).not.toContain('<b>&');
    expect((await curl(`${base}/with%20index/`)).body).toBe('<h1>index</h1>');
    const redirect = await curl(`${base}/docs`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers).toMatch(/^location: \/docs\/$/im);
    expect((await curl(`${base}/nope.txt`)).status).toBe(404);
  });

  it.each([
    ['/../sibling-secret.txt', 403],
    ['/docs/../../sibling-secret.txt', 403],
    ['/%2e%2e/sibling-secret.txt', 403],
    ['/%2E%2E/sibling-secret.txt', 403],
    ['/..%2fsibling-secret.txt', 403],
    ['/docs%2f..%2f..%2fsibling-secret.txt', 403],
    ['/escape-file', 403],
    ['/escape-dir/secret.txt', 403],
    ['/escape-dir/', 403],
    ['/%zz', 400],
  ])('refuses %s with %i and never leaks the file', async (path, status) => {
    const result = await curl(`${base}${path}`);
    expect(result.status).toBe(status);
    expect(result.body).not.toContain('secret');
  });

  it('the listing leaves out links that lead outside the root (their size and age are not ours to show)', async () => {
    const listing = (await curl(`${base}/`)).body;
    expect(listing).toContain('<a href="inside-link">inside-link</a>');
    expect(listing).not.toContain('escape-file');
    expect(listing).not.toContain('escape-dir');
  });

  it('follows a symlink that stays inside the root', async () => {
    expect((await curl(`${base}/inside-link`)).body).toBe('hello, world\n');
  });

  /** One raw request (Connection: close) and everything the server says until it closes. */
  const rawRequest = (request: string) =>
    python(
      `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode())
data = b''
while chunk := s.recv(4096): data += chunk
sys.stdout.write(data.decode())
`,
      [server.port, request],
    );

  it('a file named with a trailing slash is 404: a file is not a directory', async () => {
    expect((await curl(`${base}/hello.txt/`)).status).toBe(404);
    expect((await curl(`${base}/hello.txt`)).status).toBe(200);
  });

  it('CONNECT gets 400 with Connection: close, not a silent close', async () => {
    const raw = await rawRequest('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toMatch(/^connection: close$/im);
    expect(raw).toMatch(/CONNECT is for proxies/);
  });

  it('accepts an absolute-form target, as RFC 9112 §3.2.2 requires (a proxy\'s request)', async () => {
    const raw = await rawRequest('GET http://anyhost.example/hello.txt HTTP/1.1\r\nHost: anyhost.example\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(raw.endsWith('hello, world\n')).toBe(true);
  });

  it('answers other methods with 405 and Allow', async () => {
    const result = await curl(`${base}/hello.txt`, ['-X', 'DELETE']);
    expect(result.status).toBe(405);
    expect(result.headers).toMatch(/^allow: GET, HEAD$/im);
  });

  it('logs each pipelined request with its own response size, not the connection\'s running total', async () => {
    const received = await python(
      `
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(b'GET /hello.txt?p1 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /hello.txt?p2 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /hello.txt?p3 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')
data = b''
while data.count(b'hello, world') < 3: data += s.recv(65536)
print(len(data))
`,
      [server.port],
    );
    const total = Number(received.trim());
    for (let i = 0; i < 100 && !/\?p3" 200/.test(server.stderr()); i++) await new Promise((r) => setTimeout(r, 20));
    const sizes = ['p1', 'p2', 'p3'].map((tag) => {
      const line = new RegExp(`"GET /hello\\.txt\\?${tag} HTTP/1\\.1" 200 (\\d+) \\d+ ms$`, 'm').exec(server.stderr());
      return Number(line?.[1]);
    });
    // Three identical responses: a third of what arrived each.
    expect(sizes).toEqual([total / 3, total / 3, total / 3]);
  });

  it('logs each request', () => {
    expect(server.stderr()).toMatch(/^127\.0\.0\.1:\d+ - - \[\d\d\/\w{3}\/\d{4} \d\d:\d\d:\d\d\] "GET \/hello\.txt HTTP\/1\.1" 200 \d+ \d+ ms$/m);
    expect(server.stderr()).toMatch(/^127\.0\.0\.1:\d+ - - \[[^\]]+\] "GET \/%2e%2e\/sibling-secret\.txt HTTP\/1\.1" 403 \d+ \d+ ms$/m);
  });
});
