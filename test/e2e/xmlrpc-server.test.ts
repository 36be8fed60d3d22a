/** Python's xmlrpc.client (a real peer) against the XML-RPC server, started in-process on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXmlRpcServer, type XmlRpcCall, type XmlRpcServer } from '../../src/servers/xmlrpc.js';
import { runPython } from '../helpers/python.js';

const prelude = `
import sys, json, datetime, http.client, xmlrpc.client as x
url = sys.argv[1]
p = x.ServerProxy(url, allow_none=True, use_builtin_types=True)
`;

describe('serve xmlrpc, called by Python xmlrpc.client', () => {
  let server: XmlRpcServer;
  let url: string;
  const calls: XmlRpcCall[] = [];
  const python = async (code: string) => (await runPython(prelude + code, [url])).trim();

  beforeAll(async () => {
    server = await createXmlRpcServer({ host: '127.0.0.1', port: 0, now: () => Date.UTC(2026, 10, 25, 18, 35, 14), onCall: (call) => calls.push(call) });
    url = `http://127.0.0.1:${server.address.port}/RPC2`;
  });
  afterAll(() => server.close());

  it('echoes every value type back as Python sent it', async () => {
    const out = await python(`
values = [0, 1, -2**31, 2**31 - 1, True, False, 2.5, -0.0, 1e100, 5e-324, 'hello', '', '<&> "q" \\t ☃ 😀 中文',
          datetime.datetime(2026, 11, 25, 18, 35, 14), b'\\x00\\x01\\xfe\\xff', b'', [1, 'two', [3.5, None]], [],
          {'a': 1, 'b': {'c': [None, True]}, '': 'empty key'}, {}, None]
for v in values:
    r = p.echo(v)
    assert r == v and type(r) == type(v), (v, r)
print(len(values))`);
    expect(out).toBe('21');
  });

  it('reads a gzip-encoded request as Python\'s server does; 501 for an encoding it does not speak, 400 for bad gzip', async () => {
    const out = await python(`
import gzip
u = url.split('/')[2]
def post(body, encoding):
    c = http.client.HTTPConnection(u)
    c.request('POST', '/RPC2', body, {'Content-Type': 'text/xml', 'Content-Encoding': encoding})
    r = c.getresponse()
    return r.status, r.read()
status, body = post(gzip.compress(x.dumps((2, 3), 'add').encode()), 'gzip')
print(status, x.loads(body)[0][0])
print(post(x.dumps((2, 3), 'add').encode(), 'br')[0])
print(post(b'not gzip', 'gzip')[0])`);
    expect(out.split('\n')).toEqual(['200 5', '501', '400']);
  });

  it('reads a request in the encoding its XML declaration names', async () => {
    expect(await python(`print(x.ServerProxy(url, encoding='iso-8859-1').echo('café ÿ'))`)).toBe('café ÿ');
  });

  it.each(['latin-1', 'latin_1', 'utf-16', 'utf_8'])('reads what ServerProxy(encoding=%j) sends, as Python\'s own server does', async (encoding) => {
    expect(await python(`print(x.ServerProxy(url, encoding='${encoding}').echo('café'))`)).toBe('café');
  });

  it('sends integers beyond 32 bits as <i8>, which Python reads exactly', async () => {
    expect(await python(`print(p.add(2**31 - 1, 1), p.add(-2**31, -1), p.add(2**31 - 1, 2**31 - 1))`)).toBe('2147483648 -2147483649 4294967294');
    // Python itself never sends <i8>, so the request is written by hand: 2^53 + 1 must not round.
    const raw = await python(`
c = http.client.HTTPConnection('127.0.0.1', int(url.split(':')[2].split('/')[0]), timeout=10)
c.request('POST', '/RPC2', '<methodCall><methodName>add</methodName><params><param><value><i8>9007199254740993</i8></value></param><param><value><i4>2</i4></value></param></params></methodCall>')
print(x.loads(c.getresponse().read())[0][0])`);
    expect(raw).toBe('9007199254740995');
    const overflow = await python(`
c = http.client.HTTPConnection('127.0.0.1', int(url.split(':')[2].split('/')[0]), timeout=10)
c.request('POST', '/RPC2', '<methodCall><methodName>add</methodName><params><param><value><i8>9223372036854775807</i8></value></param><param><value><int>1</int></value></param></params></methodCall>')
try:
    x.loads(c.getresponse().read())
except x.Fault as f:
    print(f.faultCode, f.faultString)`);
    expect(overflow).toBe('-32602 add: 9223372036854775808 is beyond 64 bits');
  });

  it('adds ints to ints and doubles to anything', async () => {
    expect(await python(`print(repr(p.add(2, 3)), repr(p.add(2, 0.5)), repr(p.add(1.25, 1.25)))`)).toBe('5 2.5 2.5');
  });

  it("adds as Python's + does, faults included, answering as Python's own SimpleXMLRPCServer does", async () => {
    // The course's server, run for real: the same calls go to both and must come back the same.
    const out = await python(`
from xmlrpc.server import SimpleXMLRPCServer
import threading
ref = SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False, allow_none=True, use_builtin_types=True)
ref.register_function(lambda x, y: x + y, 'add')
threading.Thread(target=ref.serve_forever, daemon=True).start()
q = x.ServerProxy('http://127.0.0.1:%d/' % ref.server_address[1], allow_none=True, use_builtin_types=True)
pairs = [(3, 5), ('Hello', 'World'), (2, 0.5), (True, True), (True, 1.5), ([1, 'a'], [[2]]), (b'ab', b'cd'), ('', ''), ([], []),
         ('a', 1), (1, 'a'), ([1], 'a'), ('a', [1]), (b'a', 'b'), ('b', b'a'), (b'a', 1), ([1], (2,)), ({}, {}), (None, None), (None, 1),
         (1, None), ({'a': 1}, 1), (1, [1]), (2.5, 'x'), (b'x', [1]), ([1], b'x'), (x.DateTime('20260101T00:00:00'), 1)]
def outcome(proxy, a, b):
    try:
        return repr(proxy.add(a, b))
    except x.Fault as f:
        return 'fault %d %s' % (f.faultCode, f.faultString)
for a, b in pairs:
    mine, theirs = outcome(p, a, b), outcome(q, a, b)
    print('same' if mine == theirs else 'DIFFERENT %r + %r: nettool %s, python %s' % (a, b, mine, theirs))
ref.shutdown()`);
    expect(out.split('\n').filter((line) => line !== 'same')).toEqual([]);
    expect(out.split('\n')).toHaveLength(27);
  });

  it('tells the time as dateTime.iso8601', async () => {
    expect(await python(`print(p.time().isoformat())`)).toBe('2026-11-25T18:35:14');
  });

  it('answers introspection', async () => {
    const out = JSON.parse(await python(`print(json.dumps([p.system.listMethods(), p.system.methodHelp('add'), p.system.methodSignature('add'), p.system.methodSignature('time')]))`));
    expect(out[0]).toEqual(['add', 'echo', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall', 'time']);
    expect(out[1]).toMatch(/Python's \+/);
    expect(out[2]).toContainEqual(['int', 'int', 'int']);
    expect(out[2]).toContainEqual(['double', 'double', 'double']);
    expect(out[3]).toEqual([['dateTime.iso8601']]);
  });

  it.each([
    ['an unknown method', 'p.nosuch()', -32601, /no method 'nosuch'/],
    ['a JavaScript-looking name', "getattr(p, 'constructor')()", -32601, /no method 'constructor'/],
    ['a prototype name', "getattr(p, '__proto__')()", -32601, /no method '__proto__'/],
    ['methodHelp of an unknown method', "p.system.methodHelp('nosuch')", -32601, /no method 'nosuch'/],
    ['echo of nothing', 'p.echo()', -32602, /echo takes 1 parameter, got 0/],
    ['methodHelp of a number', 'p.system.methodHelp(3)', -32602, /takes a method name/],
  ])('%s is a fault', async (_name, call, code, message) => {
    const out = JSON.parse(await python(`
try:
    ${call}
    print(json.dumps(None))
except x.Fault as f:
    print(json.dumps([f.faultCode, f.faultString]))`));
    expect(out[0]).toBe(code);
    expect(out[1]).toMatch(message);
  });

  it('runs system.multicall, with a fault in the middle and no recursion', async () => {
    const out = JSON.parse(await python(`
m = x.MultiCall(p)
m.add(1, 2); m.echo('x'); m.nosuch(); m.time(); m.system.multicall([])
results = m()
out = []
for i in range(5):
    try:
        v = results[i]
        out.append(v.isoformat() if isinstance(v, datetime.datetime) else v)
    except x.Fault as f:
        out.append({'fault': f.faultCode})
print(json.dumps(out))`));
    expect(out).toEqual([3, 'x', { fault: -32601 }, '2026-11-25T18:35:14', { fault: -32600 }]);
  });

  it('bounds what a request can make it send: a multicall of 1000 empty values is one short fault, not 233 KB', async () => {
    const out = JSON.parse(await python(`
body = '<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>' + '<value/>' * 1000 + '</data></array></value></param></params></methodCall>'
c = http.client.HTTPConnection('127.0.0.1', int(url.split(':')[2].split('/')[0]), timeout=10)
c.request('POST', '/RPC2', body)
reply = c.getresponse().read()
try:
    x.loads(reply)
    print(json.dumps({'size': len(reply)}))
except x.Fault as f:
    print(json.dumps({'size': len(reply), 'request': len(body), 'code': f.faultCode, 'message': f.faultString}))`));
    expect(out.code).toBe(-32600);
    expect(out.message).toMatch(/^the reply would be \d+ bytes, over this server's limit/);
    expect(out.size).toBeLessThan(2 * out.request);
    // A multicall that does real work in proportion to its size still goes through.
    expect(await python(`
m = x.MultiCall(p)
for i in range(200): m.add(i, 1)
print(sum(m()))`)).toBe(String(200 * 201 / 2));
  });

  it('answers malformed XML with a fault and keeps serving the same connection', async () => {
    const out = JSON.parse(await python(`
port = int(url.split(':')[2].split('/')[0])
c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
out = []
for body in ['<methodCall><methodName>add</methodName><params>', 'not xml at all', '<methodCall><methodName>add</methodName><params><param><value><float>1</float></value></param></params></methodCall>',
             '<!DOCTYPE x [<!ENTITY a "b">]><methodCall><methodName>&a;</methodName></methodCall>', b'<methodCall><methodName>echo</methodName><params><param><value>\\xff</value></param></params></methodCall>']:
    c.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})
    r = c.getresponse()
    try:
        x.loads(r.read())
        out.append(None)
    except x.Fault as f:
        out.append([r.status, f.faultCode, f.faultString])
c.request('POST', '/RPC2', x.dumps((2, 3), 'add'), {'Content-Type': 'text/xml'})
out.append(x.loads(c.getresponse().read())[0][0])
print(json.dumps(out))`));
    expect(out[0]).toEqual([200, -32700, expect.stringMatching(/^malformed XML/)]);
    expect(out[1]).toEqual([200, -32700, expect.stringMatching(/^malformed XML/)]);
    expect(out[2]).toEqual([200, -32600, 'unknown type <float> in <value>']);
    expect(out[3]).toEqual([200, -32700, expect.stringMatching(/DOCTYPE is not allowed/)]);
    expect(out[4]).toEqual([200, -32700, expect.stringMatching(/not valid utf-8/)]);
    expect(out[5]).toBe(5);
  });

  it('refuses a request over 1 MB with 413 and goes on serving', async () => {
    const out = JSON.parse(await python(`
out = []
try:
    p.echo('x' * (2 * 1024 * 1024))
except x.ProtocolError as e:
    out.append(e.errcode)
port = int(url.split(':')[2].split('/')[0])
for kind in ('declared', 'chunked'):
    try:
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
        if kind == 'declared':
            c.request('POST', '/RPC2', b'<' * (64 * 1024 * 1024))
        else:
            c.request('POST', '/RPC2', iter([b'<' * 65536] * 100), encode_chunked=True)
        out.append(c.getresponse().status)
    except (ConnectionError, BrokenPipeError) as e:
        out.append('cut')
out.append(p.add(1, 1))
print(json.dumps(out))`));
    // 64 MB declared: refused before reading. 6.5 MB chunked: read and dropped up to 4 MB, then cut.
    expect(out).toEqual([413, expect.anything(), expect.anything(), 2]);
    expect([413, 'cut']).toContain(out[1]);
    expect([413, 'cut']).toContain(out[2]);
    expect(calls.filter((call) => call.status === 413).length).toBeGreaterThanOrEqual(3);
  });

  it('takes POST only', async () => {
    const out = await python(`
port = int(url.split(':')[2].split('/')[0])
c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
c.request('GET', '/RPC2')
r = c.getresponse()
print(r.status, r.getheader('Allow'))`);
    expect(out).toBe('405 POST');
  });

  it('logs each call with the client address and method', () => {
    expect(calls).toContainEqual({ remote: expect.stringMatching(/^127\.0\.0\.1:\d+$/), status: 200, method: 'add' });
    expect(calls).toContainEqual(expect.objectContaining({ status: 200, method: 'nosuch', fault: expect.objectContaining({ code: -32601 }) }));
  });
});
