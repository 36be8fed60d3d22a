import { describe, expect, it } from 'vitest';
import { formatPythonRepr } from '../../../src/protocol/pickle/repr.js';
import { parsePythonLiteral } from '../../../src/protocol/python-literal.js';
import { addPythonValues } from '../../../src/protocol/python-add.js';
import { pythonSync } from '../../helpers/pickles.js';

const literals = [
  '1', '-1', '+5', '0', '000', '1_000_000', '0x1F', '0o17', '0b101', '-0x10', '2**100', '-2**3', '2**-0', '1.5', '-0.0', '1e5', '.5', '5.', '1_0.2_5', '1e-7', '1E+300', '1e400',
  'None', 'True', 'False', "'a'", '"it\'s"', "'\\n\\t\\x41\\u00e9\\U0001F600\\101'", "r'\\n'", "b'\\x00ab\\''", "rb'\\x'", "'a' 'b'", "b'a' b'c'", "'''tri\nple'''", "'\\q'",
  '()', '(1,)', '(1)', '(1, 2,)', '[]', '[1, [2, (3,)], {}]', '{}', "{'a': 1, 2: [3]}", '{1, 2}', 'set()', '1, 2', '[1,\n 2]', "{'k': (None, True)}", '# comment\n[1]',
  '[1, 2]', '{"a": [1, 2.5]}', '"\\u00e9"',
];

describe('parsePythonLiteral reads what ast.literal_eval reads', () => {
  it('gives the same value as Python for every literal', () => {
    const theirs = pythonSync(`import ast, json, sys
for text in json.load(sys.stdin):
    print(repr(ast.literal_eval(text.replace('2**100', str(2**100)).replace('-2**3', '-8').replace('2**-0', '1'))))`, Buffer.from(JSON.stringify(literals))).trimEnd().split('\n');
    expect(literals.map((text) => formatPythonRepr(parsePythonLiteral(text)))).toEqual(theirs);
  });

  it.each([
    ['true', 'True'], ['null', 'None'], ['{"a": false}', "{'a': False}"], ['"\\/"', "'\\\\/'"], // Python's reading wins where both parse: an unknown escape keeps its backslash
  ])('takes JSON %s as %s', (text, repr) => {
    expect(formatPythonRepr(parsePythonLiteral(text))).toBe(repr);
  });

  it.each([
    ['os.system("x")', /'os' is not a literal/],
    ['1j', /complex numbers are not supported/],
    ['[1, 2', /expected ',' or '\]'/],
    ["'abc", /unterminated string/],
    ["b'é'", /only contain ASCII/],
    ["'a' b'b'", /cannot mix bytes and str/],
    ['0123', /leading zeros/],
    ['1__0', /bad underscores/],
    ['2**99999999', /beyond 1000000 bits/],
    ['f"x"', /not a literal/],
    ['[' .repeat(300), /nested deeper than 200/],
  ])('refuses %s', (text, message) => {
    expect(() => parsePythonLiteral(text)).toThrow(message);
  });
});

describe("addPythonValues is Python's +", () => {
  const pairs = ['(3, 5)', "('Hello', 'World')", '([1], [2])', '((1,), (2, 3))', '(True, True)', '(1, 2.5)', "(b'a', b'b')", '(2**64, 2**64)', "('a', 1)", "(1, 'a')", '([1], (2,))', '({}, {})', '(None, None)', "(b'a', 'b')", '(set(), set())', '(1.5, [1])'];
  it('gives what Python gives, or its TypeError message', () => {
    const theirs = pythonSync(`import ast, json, sys
for text in json.load(sys.stdin):
    x, y = ast.literal_eval(text.replace('2**64', str(2**64)))
    try:
        print(repr(x + y))
    except TypeError as error:
        print('TypeError:', error)`, Buffer.from(JSON.stringify(pairs))).trimEnd().split('\n');
    const ours = pairs.map((text) => {
      const pair = parsePythonLiteral(text);
      if (pair.type !== 'tuple') throw new Error(text);
      try {
        return formatPythonRepr(addPythonValues(pair.items[0]!, pair.items[1]!));
      } catch (error) {
        return `TypeError: ${(error as Error).message}`;
      }
    });
    expect(ours).toEqual(theirs);
  });
});
