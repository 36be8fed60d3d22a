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
    [double(-0), '-0.0'],
    [double(1e100), '1e+100'],
    [boolean(false), 'false'],
    [nil(), 'null'],
    [string('a "b"\n'), '"a \\"b\\"\\n"'],
    [dateTime('20261125T18:35:14'), '"2026-11-25T18:35:14"'],
    [base64(new TextEncoder().encode('hi')), '{"base64": "aGk="}'],
    [array([]), '[]'],
    [struct([]), '{}'],
    [array([int(1), string('two'), nil()]), '[1, "two", null]'],
    [struct([['z', int(1)], ['a', array([boolean(true)])]]), '{"z": 1, "a": [true]}'],
  ])('%o → %s', (value, text) => {
    expect(formatXmlRpcJson(value)).toBe(`${text}\n`);
  });

  it('breaks what does not fit in 80 columns, one item a line, keeping short parts on one line', () => {
    const signatures = array(['int', 'double', 'string', 'boolean'].map((type) => array([string(type), string(type), string(type)])));
    expect(formatXmlRpcJson(signatures)).toBe(
      '[\n  ["int", "int", "int"],\n  ["double", "double", "double"],\n  ["string", "string", "string"],\n  ["boolean", "boolean", "boolean"]\n]\n',
    );
    const long = string('x'.repeat(100));
    expect(formatXmlRpcJson(struct([['long', long], ['list', array([int(1)])]]))).toBe(`{\n  "long": "${'x'.repeat(100)}",\n  "list": [1]\n}\n`);
  });

  it('counts the indentation and the member name against the width', () => {
    const items = array(Array.from({ length: 18 }, (_, i) => int(i + 10)));
    // On its own the array fits in 80 columns; after `  "items": ` it does not.
    expect(formatXmlRpcJson(items).split('\n')).toHaveLength(2);
    const text = formatXmlRpcJson(struct([['items', items], ['x', string('y'.repeat(80))]]));
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  "items": [', '    10,']);
  });

  it('is valid JSON that keeps 64-bit integers exact as text', () => {
    const text = formatXmlRpcJson(array([int(9007199254740993n), double(0.1), struct([['k', nil()]])]), { pretty: false });
    expect(text).toBe('[9007199254740993,0.1,{"k":null}]\n');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('renders a deep, wide value without trouble', () => {
    let value = array(Array.from({ length: 1000 }, (_, i) => int(i)));
    for (let i = 0; i < 60; i++) value = array([value]);
    const text = formatXmlRpcJson(value);
    expect(JSON.parse(text.replace(/\s+/g, ''))).toBeInstanceOf(Array);
  });
});
