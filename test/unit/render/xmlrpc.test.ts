import { describe, expect, it } from 'vitest';
import { formatXmlRpcJson } from '../../../src/render/xmlrpc.js';
import { xmlRpc } from '../../../src/protocol/xmlrpc/value.js';

const { int, boolean, double, string, dateTime, base64, array, struct, nil } = xmlRpc;

describe('formatXmlRpcJson', () => {
  it.each([
    [int(3), '3'],
    [int(2n ** 63n - 1n), '9223372036854775807'],
    [double(2), '2.0'],
    [double(2.5), '2.5'],
    [double(1e100), '1e+100'],
    [boolean(false), 'false'],
    [nil(), 'null'],
    [string('a "b"\n'), '"a \\"b\\"\\n"'],
    [dateTime('20261125T18:35:14'), '"2026-11-25T18:35:14"'],
    [array([]), '[]'],
    [struct([]), '{}'],
  ])('%o → %s', (value, text) => {
    expect(formatXmlRpcJson(value)).toBe(`${text}\n`);
  });

  it('indents arrays and structs, keeps member order, wraps base64', () => {
    const value = struct([['z', array([int(1), base64(new TextEncoder().encode('hi'))])], ['a', struct([['n', nil()]])]]);
    expect(formatXmlRpcJson(value)).toBe(
      '{\n  "z": [\n    1,\n    {\n      "base64": "aGk="\n    }\n  ],\n  "a": {\n    "n": null\n  }\n}\n',
    );
  });

  it('is valid JSON that keeps 64-bit integers exact as text', () => {
    const text = formatXmlRpcJson(array([int(9007199254740993n), double(0.1)]), '');
    expect(text).toBe('[9007199254740993,0.1]\n');
    expect(() => JSON.parse(text)).not.toThrow();
  });
});
