import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError, NetworkError } from '../../../src/errors.js';
import { TimeoutError } from '../../../src/net/deadline.js';
import { httpPost } from '../../../src/net/http-post.js';
import { xmlRpcExchange } from '../../../src/net/xmlrpc-exchange.js';

describe('httpPost and xmlRpcExchange on loopback', () => {
  let server: Server;
  let base: string;
  const seen: { headers: IncomingHttpHeaders; body: string; raw: Buffer }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        seen.push({ headers: request.headers, body: raw.toString('utf8'), raw });
        if (request.url === '/big') response.end('x'.repeat(100_000));
        else if (request.url === '/html') response.end('<html><body>hello</body></html>');
        else if (request.url === '/silent') setTimeout(() => response.end('late'), 5000).unref();
        else response.end(`<?xml version="1.0"?><methodResponse><params><param><value><i4>7</i4></value></param></params></methodResponse>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const post = (path: string, extra: { signal?: AbortSignal; timeoutMs?: number; maxResponseBytes?: number } = {}) =>
    httpPost({ url: new URL(path, base), body: 'ping ☃', timeoutMs: extra.timeoutMs ?? 5000, signal: extra.signal ?? new AbortController().signal, maxResponseBytes: extra.maxResponseBytes ?? 1 << 20 });

  it('sends the body with its byte length and basic auth from the URL, percent-decoded', async () => {
    const url = new URL(base);
    url.username = 'us%40er';
    url.password = 'p%3Ass';
    const response = await httpPost({ url, body: 'ping ☃', timeoutMs: 5000, signal: new AbortController().signal, maxResponseBytes: 1 << 20 });
    expect(response.status).toBe(200);
    const last = seen.at(-1);
    expect(last?.body).toBe('ping ☃');
    expect(last?.headers['content-length']).toBe(String(Buffer.byteLength('ping ☃')));
    expect(last?.headers.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
  });

  it('stops reading a response past the limit', async () => {
    await expect(post('/big', { maxResponseBytes: 1000 })).rejects.toThrow(/larger than 1000 bytes; stopped reading/);
  });

  it('gives up after the deadline; xmlRpcExchange says so in one line', async () => {
    await expect(post('/silent', { timeoutMs: 200 })).rejects.toBeInstanceOf(TimeoutError);
    const call = xmlRpcExchange({ url: new URL('/silent', base), body: '', timeoutMs: 200, signal: new AbortController().signal });
    await expect(call).rejects.toThrow(new NetworkError(`no answer from ${base}/silent after 200 ms (try --timeout)`));
  });

  it('stops when the signal aborts, with its reason; xmlRpcExchange makes that an interruption', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 100);
    await expect(post('/silent', { signal: controller.signal })).rejects.toBe('SIGINT');
    const again = new AbortController();
    setTimeout(() => again.abort('SIGINT'), 100);
    await expect(xmlRpcExchange({ url: new URL('/silent', base), body: '', timeoutMs: 5000, signal: again.signal })).rejects.toBeInstanceOf(InterruptedError);
  });

  it('sends bytes as they are', async () => {
    const bytes = Uint8Array.of(0, 0xff, 0x41);
    await httpPost({ url: new URL('/bytes', base), body: bytes, timeoutMs: 5000, signal: new AbortController().signal, maxResponseBytes: 1 << 20 });
    expect(seen.at(-1)?.raw).toEqual(Buffer.from(bytes));
  });

  it('decodes an XML-RPC answer, and calls anything else a bad response', async () => {
    const options = { body: '<methodCall><methodName>x</methodName></methodCall>', timeoutMs: 5000, signal: new AbortController().signal };
    await expect(xmlRpcExchange({ url: new URL('/RPC2', base), ...options })).resolves.toEqual({ kind: 'result', value: { type: 'int', value: 7n } });
    await expect(xmlRpcExchange({ url: new URL('/html', base), ...options })).rejects.toThrow(/^bad XML-RPC response from http:\/\/127\.0\.0\.1:\d+\/html: expected <methodResponse>, got <html>$/);
    expect(seen.at(-1)?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(seen.at(-1)?.headers['user-agent']).toMatch(/^nettool\//);
  });
});
