import { describe, expect, it } from 'vitest';
import { parseRpcArgument } from '../../../../src/protocol/xmlrpc/arguments.js';
import { xmlRpc, XmlRpcFormatError, type XmlRpcValue } from '../../../../src/protocol/xmlrpc/value.js';

const { int, boolean, double, string, array, struct, nil } = xmlRpc;

describe('parseRpcArgument', () => {
  it.each<[string, XmlRpcValue]>([
    ['3', int(3)],
    ['-7', int(-7)],
    ['0', int(0)],
    ['2147483648', int(2147483648n)],
    ['9223372036854775807', int(9223372036854775807n)],
    ['-9223372036854775808', int(-9223372036854775808n)],
    ['2.5', double(2.5)],
    ['2.0', double(2)],
    ['1e3', double(1000)],
    ['-0.0', double(-0)],
    ['true', boolean(true)],
    ['false', boolean(false)],
    ['null', nil()],
    ['"3"', string('3')],
    ['"a \\"quoted\\" \\u00e9"', string('a "quoted" é')],
    ['[1, 2]', array([int(1), int(2)])],
    ['[]', array([])],
    ['{"a": 1, "b": [true, null]}', struct([['a', int(1)], ['b', array([boolean(true), nil()])]])],
    ['{}', struct([])],
    [' 42 ', int(42)],
    ['hello', string('hello')],
    ['', string('')],
    ['3abc', string('3abc')],
    ['01', string('01')],
    ['+1', string('+1')],
    ['1.', string('1.')],
    ['.5', string('.5')],
    ['True', string('True')],
    ['[1, 2', string('[1, 2')],
    ['{a: 1}', string('{a: 1}')],
    ['{"a": 1,}', string('{"a": 1,}')],
    ['"unterminated', string('"unterminated')],
    ['192.168.0.1', string('192.168.0.1')],
    ['--', string('--')],
  ])('%j', (text, value) => {
    expect(parseRpcArgument(text)).toEqual(value);
  });

  it.each([
    ['9223372036854775808', /beyond 64 bits.*quote it/],
    ['[-9223372036854775809]', /beyond 64 bits/],
    ['1e400', /too large for a double/],
    ['['.repeat(70) + ']'.repeat(70), /nests deeper than 64/],
  ])('refuses %j, which looks like JSON but XML-RPC cannot carry', (text, message) => {
    expect(() => parseRpcArgument(text)).toThrow(XmlRpcFormatError);
    expect(() => parseRpcArgument(text)).toThrow(message);
  });
});
