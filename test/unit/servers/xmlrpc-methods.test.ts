import { describe, expect, it } from 'vitest';
import { callMethod, createMethods } from '../../../src/servers/xmlrpc-methods.js';
import { xmlRpc, type XmlRpcValue } from '../../../src/protocol/xmlrpc/value.js';

const { int, double, string, array, struct, nil, boolean } = xmlRpc;
const methods = createMethods(() => Date.UTC(2036, 1, 7, 6, 28, 16));
const call = (name: string, ...params: XmlRpcValue[]) => callMethod(methods, name, params);

describe('serve xmlrpc methods', () => {
  it.each<[string, XmlRpcValue[], XmlRpcValue]>([
    ['add', [int(2), int(3)], int(5)],
    ['add', [int(2n ** 62n), int(2n ** 62n - 1n)], int(2n ** 63n - 1n)],
    ['add', [int(1), double(0.5)], double(1.5)],
    ['add', [double(0.1), double(0.2)], double(0.1 + 0.2)],
    ['add', [boolean(true), int(1)], int(2)],
    ['add', [string('Hello'), string('World')], string('HelloWorld')],
    ['add', [array([int(1)]), array([string('a')])], array([int(1), string('a')])],
    ['add', [xmlRpc.base64(new Uint8Array([1])), xmlRpc.base64(new Uint8Array([2, 3]))], xmlRpc.base64(new Uint8Array([1, 2, 3]))],
    ['echo', [struct([['a', array([nil()])]])], struct([['a', array([nil()])]])],
    ['time', [], xmlRpc.dateTime('20360207T06:28:16')],
    ['system.methodSignature', [string('time')], array([array([string('dateTime.iso8601')])])],
  ])('%s %o', (name, params, result) => {
    expect(call(name, ...params)).toEqual({ value: result });
  });

  it.each<[string, XmlRpcValue[], number, RegExp]>([
    ['add', [int(2n ** 63n - 1n), int(1)], -32602, /beyond 64 bits/],
    ['add', [int(1)], -32602, /add takes 2 parameters, got 1/],
    ['add', [string('1'), int(2)], 1, /^<class 'TypeError'>:can only concatenate str \(not "int"\) to str$/],
    ['add', [int(1), string('2')], 1, /^<class 'TypeError'>:unsupported operand type\(s\) for \+: 'int' and 'str'$/],
    ['add', [struct([]), struct([])], 1, /'dict' and 'dict'/],
    ['echo', [int(1), int(2)], -32602, /echo takes 1 parameter, got 2/],
    ['time', [int(1)], -32602, /time takes 0 parameters/],
    ['system.methodHelp', [string('toString')], -32601, /no method 'toString'/],
    ['system.multicall', [string('x')], -32602, /array of \{methodName, params\}/],
    ['hasOwnProperty', [], -32601, /no method 'hasOwnProperty'/],
  ])('%s %o is a fault', (name, params, code, message) => {
    const outcome = call(name, ...params);
    expect(outcome).toEqual({ fault: { code, message: expect.stringMatching(message) } });
  });

  it('system.multicall answers each call as [value] or a fault struct, and refuses to recurse', () => {
    const fault = (code: number, message: RegExp) => ({ type: 'struct', value: new Map<string, unknown>([['faultCode', int(code)], ['faultString', { type: 'string', value: expect.stringMatching(message) }]]) });
    const outcome = call(
      'system.multicall',
      array([
        struct([['methodName', string('add')], ['params', array([int(1), int(2)])]]),
        struct([['methodName', string('nosuch')], ['params', array([])]]),
        struct([['methodName', string('system.multicall')], ['params', array([array([])])]]),
        struct([['methodName', string('time')]]),
        string('not a struct'),
      ]),
    );
    expect(outcome).toEqual({
      value: array([
        array([int(3)]),
        fault(-32601, /no method 'nosuch'/),
        fault(-32600, /may not be called from within/),
        array([xmlRpc.dateTime('20360207T06:28:16')]),
        fault(-32602, /each call is a struct/),
      ] as XmlRpcValue[]),
    });
  });

  it('system.multicall takes at most 1000 calls', () => {
    const calls = (n: number) => array(Array.from({ length: n }, () => struct([['methodName', string('time')]])));
    expect(call('system.multicall', calls(1000))).toEqual({ value: expect.objectContaining({ type: 'array' }) });
    expect(call('system.multicall', calls(1001))).toEqual({ fault: { code: -32602, message: 'system.multicall takes at most 1000 calls, got 1001' } });
  });

  it('lists its methods, each with help and signatures', () => {
    const listed = call('system.listMethods');
    expect(listed).toEqual({ value: array(['add', 'echo', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall', 'time'].map(string)) });
    for (const name of methods.keys()) {
      expect(call('system.methodHelp', string(name))).toEqual({ value: string(expect.stringMatching(new RegExp(`^${name.replace('.', '\\.')}\\(`))) });
    }
  });
});
