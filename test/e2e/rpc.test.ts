/** `nettool rpc` (the built binary) against Python's SimpleXMLRPCServer, and against nettool's own server. */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXmlRpcServer, type XmlRpcServer } from '../../src/servers/xmlrpc.js';
import { requirePeer } from '../helpers/peers.js';
import { runCli, startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

const pythonServer = fileURLToPath(new URL('../fixtures/xmlrpc/python-server.py', import.meta.url));

/** Starts the Python peer; resolves with its port once it listens. Closing its stdin stops it. */
async function startPython(args: readonly string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(requirePeer('python3', 'python3'), [pythonServer, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const match = await waitForOutput(child.stdout!, /PORT (\d+)/, 15_000);
  return { child, port: Number(match[1]) };
}

function stopPython(child: ChildProcess | undefined): void {
  child?.stdin?.end();
  setTimeout(() => child?.kill('SIGKILL'), 2000).unref();
}

/** A port with nothing listening: bound by the kernel, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('nettool rpc against Python SimpleXMLRPCServer', () => {
  let python: ChildProcess;
  let url: string;
  beforeAll(async () => {
    const started = await startPython();
    python = started.child;
    url = `http://127.0.0.1:${started.port}/RPC2`;
  });
  afterAll(() => stopPython(python));

  it.each([
    ['int', '42'],
    ['negative', '-2147483648'],
    ['boolean', 'true'],
    ['double', '2.5'],
    ['integral double', '3.0'],
    // Python writes the CR of "\r\n" literally, and XML reads a literal CRLF as LF (XML 1.0 §2.11), as Python's own client does.
    ['string', '"<&> \\"quoted\\" ☃ 😀\\nsecond line"'],
    ['empty string', '""'],
    ['datetime', '"2026-11-25T18:35:14"'],
    ['base64', '{"base64": "AAH+/w=="}'],
    ['array', '[1, "two", 3.5, [true]]'],
    ['struct', '{"b": 1, "a": {"nested": [null]}}'],
    ['nil', 'null'],
  ])('receives %s', async (kind, json) => {
    const { code, stdout, stderr } = await runCli(['rpc', url, 'sample', kind]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`${json}\n`);
  });

  it('sends every type it can write as an argument, and Python reads each as meant', async () => {
    const { code, stdout } = await runCli(['rpc', url, 'describe', '3', '-7', '2.5', '2.0', 'true', '"3"', 'hello world', '[1, "x"]', '{"a": {"b": null}}', 'null', '2147483648', '9007199254740993', '<&>\r']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      ['int', '3'],
      ['int', '-7'],
      ['float', '2.5'],
      ['float', '2.0'],
      ['bool', 'True'],
      ['str', "'3'"],
      ['str', "'hello world'"],
      ['list', "[1, 'x']"],
      ['dict', "{'a': {'b': None}}"],
      ['NoneType', 'None'],
      ['int', '2147483648'],
      ['int', '9007199254740993'],
      ['str', "'<&>\\r'"],
    ]);
  });

  it('reads a gzipped response, as Python\'s client does (Accept-Encoding: gzip)', async () => {
    const gzipping = await startPython(['gzip']);
    try {
      const sent = waitForOutput(gzipping.child.stdout!, /SENT Content-Encoding gzip/, 15_000);
      const { code, stdout, stderr } = await runCli(['rpc', `http://127.0.0.1:${gzipping.port}/RPC2`, 'sample', 'array']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toBe('[1, "two", 3.5, [true]]\n');
      await sent;
    } finally {
      stopPython(gzipping.child);
    }
  });

  it('--string sends the arguments as they are', async () => {
    const { stdout } = await runCli(['rpc', url, 'describe', '--string', '3', 'true', '[1]']);
    expect(JSON.parse(stdout)).toEqual([['str', "'3'"], ['str', "'true'"], ['str', "'[1]'"]]);
  });

  it('a fault prints its code and message on one line and exits 1', async () => {
    const fault = await runCli(['rpc', url, 'fail']);
    expect(fault).toMatchObject({ code: 1, stdout: '', stderr: 'nettool: fault 4: Too many parameters\n' });
    const raised = await runCli(['rpc', url, 'boom']);
    expect(raised).toMatchObject({ code: 1, stdout: '', stderr: "nettool: fault 1: <class 'ValueError'>:boom second line\n" });
    const unknown = await runCli(['rpc', url, 'nosuch']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('nettool: fault 1: <class \'Exception\'>:method "nosuch" is not supported\n');
  });

  it('--list prints one method a line, or a JSON array with --json', async () => {
    const text = await runCli(['rpc', url, '--list']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toEqual(['boom', 'describe', 'fail', 'sample', 'slow', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall']);
    const json = await runCli(['rpc', url, '--list', '--json']);
    expect(JSON.parse(json.stdout)).toContain('system.multicall');
  });

  it('calls the introspection and multicall methods', async () => {
    expect((await runCli(['rpc', url, 'system.methodHelp', 'sample'])).stdout).toBe('"sample(kind): a value of that XML-RPC type."\n');
    const multicall = await runCli(['rpc', url, 'system.multicall', '[{"methodName": "sample", "params": ["int"]}, {"methodName": "fail", "params": []}]']);
    expect(JSON.parse(multicall.stdout)).toEqual([[42], { faultCode: 4, faultString: 'Too many parameters' }]);
  });

  it('gives up after --timeout', async () => {
    const started = Date.now();
    const { code, stderr } = await runCli(['rpc', url, 'slow', '10', '--timeout', '0.5']);
    expect(code).toBe(1);
    expect(stderr).toBe(`nettool: no answer from ${url} after 500 ms (try --timeout)\n`);
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('Ctrl-C during a call stops it with exit 130', async () => {
    const inCall = waitForOutput(python.stdout!, /SLOW/, 15_000);
    const child = startCli(['rpc', url, 'slow', '10']);
    const exited = waitForExit(child, 15_000);
    // Only once the call is under way: the signal must find nettool waiting for the answer.
    await inCall;
    child.kill('SIGINT');
    const started = Date.now();
    const { code, stderr } = await exited;
    expect(code).toBe(130);
    expect(stderr).toBe('nettool: interrupted\n');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports an HTTP error status', async () => {
    const { code, stderr } = await runCli(['rpc', url.replace('/RPC2', '/elsewhere'), 'sample', 'int']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nettool: HTTP 404 .* from http:\/\/127\.0\.0\.1:\d+\/elsewhere\n$/);
  });

  it('sends basic auth from the URL, and never prints the password', async () => {
    const secure = url.replace('/RPC2', '/secure').replace('http://', 'http://user:s3cret@');
    expect(await runCli(['rpc', secure, 'sample', 'int'])).toMatchObject({ code: 0, stdout: '42\n' });
    const denied = await runCli(['rpc', secure.replace('s3cret', 'wrong'), 'sample', 'int']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^nettool: HTTP 401 .*\/secure \(give credentials in the URL/);
    expect(denied.stderr).not.toContain('wrong');
  });
});

describe('nettool rpc over https', () => {
  let python: ChildProcess;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    const openssl = requirePeer('openssl', 'openssl');
    dir = mkdtempSync(join(tmpdir(), 'nettool-rpc-'));
    execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const started = await startPython(['tls', join(dir, 'cert.pem'), join(dir, 'key.pem')]);
    python = started.child;
    url = `https://127.0.0.1:${started.port}/`;
  });
  afterAll(() => {
    stopPython(python);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a certificate it cannot verify and names the fixes', async () => {
    const { code, stderr } = await runCli(['rpc', url, 'sample', 'int']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nettool: self[- ]signed certificate.*\(trust its CA with --ca FILE, or skip the check with --insecure\)\n$/);
  });

  it('verifies against --ca', async () => {
    expect(await runCli(['rpc', url, 'sample', 'int', '--ca', join(dir, 'cert.pem')])).toMatchObject({ code: 0, stdout: '42\n', stderr: '' });
  });

  it('--insecure skips the check and says so', async () => {
    const { code, stdout, stderr } = await runCli(['rpc', url, 'sample', 'boolean', '--insecure']);
    expect(code).toBe(0);
    expect(stdout).toBe('true\n');
    expect(stderr).toMatch(/^warning: --insecure: the certificate and name of 127\.0\.0\.1:\d+ are not verified\n$/);
  });

  it('--insecure with --quiet prints the answer and nothing else', async () => {
    expect(await runCli(['rpc', url, 'sample', 'boolean', '--insecure', '--quiet'])).toMatchObject({ code: 0, stdout: 'true\n', stderr: '' });
  });
});

describe('nettool rpc against nettool\'s own XML-RPC server', () => {
  let server: XmlRpcServer;
  let url: string;
  beforeAll(async () => {
    server = await createXmlRpcServer({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${server.address.port}/`;
  });
  afterAll(() => server.close());

  it.each([
    [['add', '2', '3'], '5'],
    [['add', '2147483647', '1'], '2147483648'],
    [['add', '-5', '0.5'], '-4.5'],
    [['echo', '9223372036854775807'], '9223372036854775807'],
    [['echo', '{"k": [1, 2.0, "s", null, false]}'], '{"k": [1, 2.0, "s", null, false]}'],
  ])('%j', async (args, expected) => {
    const { code, stdout } = await runCli(['rpc', url, ...args]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${expected}\n`);
  });

  it('reaches an IPv6 literal in brackets', async () => {
    const v6 = await createXmlRpcServer({ host: '::1', port: 0 });
    try {
      expect(await runCli(['rpc', `http://[::1]:${v6.address.port}/RPC2`, 'add', '40', '2'])).toMatchObject({ code: 0, stdout: '42\n' });
    } finally {
      await v6.close();
    }
  });

  it('an unknown method is a fault', async () => {
    expect(await runCli(['rpc', url, 'nosuch'])).toMatchObject({ code: 1, stderr: "nettool: fault -32601: no method 'nosuch' (system.listMethods lists them)\n" });
  });
});

describe('nettool rpc: bad input', () => {
  it.each([
    [['rpc', 'ftp://127.0.0.1/', 'x'], /^nettool: bad URL 'ftp:\/\/127\.0\.0\.1\/': use http:\/\/ or https:\/\//],
    [['rpc', 'http://[::1/', 'x'], /^nettool: bad URL/],
    [['rpc', 'http://127.0.0.1:1/'], /^nettool: missing method/],
    [['rpc', 'http://127.0.0.1:1/', 'add', '--list'], /^nettool: --list takes no method/],
    [['rpc', 'http://127.0.0.1:1/', 'bad name'], /^nettool: bad method name 'bad name'/],
    [['rpc', 'http://127.0.0.1:1/', 'echo', '9223372036854775808'], /^nettool: the integer 9223372036854775808 is beyond 64 bits/],
    [['rpc', 'http://127.0.0.1:1/', 'echo', 'a\u0001b'], /^nettool: a string holds U\+0001/],
    [['rpc', 'http://127.0.0.1:1/', 'x', '--timeout', '0'], /^nettool: bad timeout '0'/],
    [['rpc', 'http://127.0.0.1:1/', 'x', '--timeout', '1e9'], /^nettool: bad timeout '1e9': give seconds, more than 0 and at most 86400\n$/],
    [['rpc', 'https://127.0.0.1:1/', 'x', '--ca', '/nonexistent/ca.pem'], /^nettool: cannot read --ca \/nonexistent\/ca\.pem: .*ENOENT/],
  ])('%j exits 2', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('connection refused exits 1', async () => {
    const port = await closedPort();
    const { code, stderr } = await runCli(['rpc', `127.0.0.1:${port}/RPC2`, 'add', '1', '2']);
    expect(code).toBe(1);
    expect(stderr).toBe(`nettool: connect ECONNREFUSED 127.0.0.1:${port} (connection refused)\n`);
  });
});

/** A server that answers every POST with `xml`, as some other XML-RPC server might. */
async function cannedServer(xml: string): Promise<{ url: string; close: () => void }> {
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'Content-Type': 'text/xml' }).end(xml));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/RPC2`, close: () => server.close() };
}

describe('nettool rpc: what other servers send', () => {
  it('escapes bidirectional and C1 control characters in a result (they would reorder the terminal line)', async () => {
    const server = await cannedServer('<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>n\u202Eame</name><value><string>abc\u202Edef\u0085\u2067x</string></value></member></struct></value></param></params></methodResponse>');
    try {
      const { code, stdout } = await runCli(['rpc', server.url, 'anything']);
      expect(code).toBe(0);
      expect(stdout).not.toMatch(/[\u202e\u0085\u2067]/);
      expect(JSON.parse(stdout)).toEqual({ 'n\u202eame': 'abc\u202edef\u0085\u2067x' });
      expect(stdout).toContain('"abc\\u202edef\\u0085\\u2067x"');
    } finally {
      server.close();
    }
  });

  it('a string faultCode is a fault (as Python reads it), its text escaped too', async () => {
    const server = await cannedServer('<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><string>Server.Busy</string></value></member><member><name>faultString</name><value><string>try \u202Elater</string></value></member></struct></value></fault></methodResponse>');
    try {
      const { code, stderr } = await runCli(['rpc', server.url, 'anything']);
      expect(code).toBe(1);
      expect(stderr).toBe('nettool: fault Server.Busy: try \\u202elater\n');
    } finally {
      server.close();
    }
  });
});

describe('nettool rpc: a server that closes cleanly too soon', () => {
  it.each([
    ['halfway through the response', 'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<?xml', /^nettool: the server closed the connection early, after 5 of 100 bytes of the response\n$/],
    ['before answering', '', /^nettool: the server closed the connection early, before it answered\n$/],
  ])('%s: says it closed early, not "connection reset"', async (_name, reply, message) => {
    const server = createServer((socket) => socket.once('data', () => socket.end(reply)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { code, stderr } = await runCli(['rpc', `http://127.0.0.1:${(server.address() as { port: number }).port}/RPC2`, 'add', '1', '2']);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
    } finally {
      server.close();
    }
  });
});
