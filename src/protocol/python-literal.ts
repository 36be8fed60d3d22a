/** Python literals as ast.literal_eval reads them (plus `**` between integers, and JSON's true/false/null), parsed to pickle values. Pure. */
import { py, type PyValue } from './pickle/value.js';

export class LiteralError extends Error {
  constructor(message: string, position: number) {
    super(`${message} at column ${position + 1}`);
    this.name = 'LiteralError';
  }
}

/** Nesting bound: the parser recurses. */
const maxDepth = 200;
/** `**` results beyond this many bits are refused rather than computed for minutes. */
const maxPowerBits = 1_000_000;

const simpleEscapes: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new LiteralError(message, at);
  }

  skip(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f') this.pos++;
      else if (char === '\\' && this.text[this.pos + 1] === '\n') this.pos += 2;
      else if (char === '#') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  eat(token: string): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  expect(token: string, what: string): void {
    if (!this.eat(token)) this.fail(`expected ${what}`);
  }

  /** The whole input: one expression, or a bare tuple `1, 2`. */
  top(): PyValue {
    const first = this.expression(0);
    let value = first;
    if (this.eat(',')) {
      const items = [first];
      this.skip();
      while (this.pos < this.text.length) {
        items.push(this.expression(0));
        if (!this.eat(',')) break;
        this.skip();
      }
      value = py.tuple(items);
    }
    this.skip();
    if (this.pos < this.text.length) this.fail(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 10))}`);
    return value;
  }

  expression(depth: number): PyValue {
    if (depth > maxDepth) this.fail(`nested deeper than ${maxDepth} levels`);
    this.skip();
    const start = this.pos;
    if (this.eat('-') || this.eat('+')) {
      const negate = this.text[start] === '-';
      const operand = this.expression(depth + 1);
      if (operand.type === 'int') return negate ? py.int(-operand.value) : operand;
      if (operand.type === 'float') return negate ? py.float(-operand.value) : operand;
      if (operand.type === 'bool') return py.int(negate && operand.value ? -1n : operand.value ? 1n : 0n);
      this.fail('unary minus or plus applies to numbers only', start);
    }
    const base = this.atom(depth);
    if (!this.eat('**')) return base;
    const exponentAt = this.pos;
    const exponent = this.expression(depth + 1);
    if (base.type !== 'int' || exponent.type !== 'int') this.fail('** is taken between integers only', exponentAt);
    if (exponent.value < 0n) this.fail('** needs an exponent of 0 or more', exponentAt);
    const bits = base.value === 0n || base.value === 1n || base.value === -1n ? 1 : Number(exponent.value) * (base.value < 0n ? -base.value : base.value).toString(2).length;
    if (bits > maxPowerBits) this.fail(`** result beyond ${maxPowerBits} bits`, exponentAt);
    return py.int(base.value ** exponent.value);
  }

  items(close: string, depth: number): { values: PyValue[]; trailingComma: boolean } {
    const values: PyValue[] = [];
    let trailingComma = false;
    while (!this.eat(close)) {
      values.push(this.expression(depth + 1));
      trailingComma = this.eat(',');
      if (!trailingComma) {
        this.expect(close, `',' or '${close}'`);
        break;
      }
    }
    return { values, trailingComma };
  }

  atom(depth: number): PyValue {
    this.skip();
    const start = this.pos;
    const char = this.text[this.pos];
    if (char === undefined) this.fail('expected a value');
    if (char === '(') {
      this.pos++;
      const { values, trailingComma } = this.items(')', depth);
      return values.length === 1 && !trailingComma ? values[0]! : py.tuple(values);
    }
    if (char === '[') {
      this.pos++;
      return py.list(this.items(']', depth).values);
    }
    if (char === '{') {
      this.pos++;
      return this.braces(depth);
    }
    if (/[0-9.]/.test(char)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (word !== undefined) {
      const after = this.text[this.pos + word.length];
      if ((after === "'" || after === '"') && /^(r|u|b|br|rb)$/i.test(word)) return this.strings();
      this.pos += word.length;
      switch (word) {
        case 'None':
        case 'null':
          return py.none();
        case 'True':
        case 'true':
          return py.bool(true);
        case 'False':
        case 'false':
          return py.bool(false);
        case 'set':
          this.expect('(', "'(' after set");
          this.expect(')', "')': only the empty set() is a literal");
          return py.set([]);
        default:
          this.fail(`'${word}' is not a literal (strings need quotes)`, start);
      }
    }
    if (char === "'" || char === '"') return this.strings();
    this.fail(`unexpected ${JSON.stringify(char)}`);
  }

  braces(depth: number): PyValue {
    if (this.eat('}')) return py.dict([]);
    const first = this.expression(depth + 1);
    if (this.eat(':')) {
      const entries: [PyValue, PyValue][] = [[first, this.expression(depth + 1)]];
      while (this.eat(',')) {
        if (this.eat('}')) return py.dict(entries);
        const key = this.expression(depth + 1);
        this.expect(':', "':' in a dict");
        entries.push([key, this.expression(depth + 1)]);
      }
      this.expect('}', "',' or '}'");
      return py.dict(entries);
    }
    const items = [first];
    while (this.eat(',')) {
      if (this.eat('}')) return py.set(items);
      items.push(this.expression(depth + 1));
    }
    this.expect('}', "',' or '}'");
    return py.set(items);
  }

  number(): PyValue {
    const start = this.pos;
    const rest = this.text.slice(this.pos);
    const radix = /^0([xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)/.exec(rest);
    const decimal = /^(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d[\d_]*)?/.exec(rest);
    const match = radix ?? decimal;
    if (!match) this.fail('expected a number');
    const text = match[0];
    this.pos += text.length;
    if (/^[jJ]/.test(this.text.slice(this.pos))) this.fail('complex numbers are not supported', start);
    if (/[A-Za-z_]/.test(this.text[this.pos] ?? '')) this.fail(`bad number ${JSON.stringify(text + this.text[this.pos])}`, start);
    if (/__|_$|\._|_\.|[eE]_|_[eE]/.test(text)) this.fail(`bad underscores in ${JSON.stringify(text)}`, start);
    const clean = text.replaceAll('_', '');
    if (radix) return py.int(BigInt(clean.toLowerCase()));
    if (/[.eE]/.test(clean)) return py.float(Number(clean));
    if (/^0+\d/.test(clean) && /[1-9]/.test(clean)) this.fail('leading zeros in a decimal integer (use 0o for octal)', start);
    return py.int(BigInt(clean));
  }

  /** One or more adjacent string literals, concatenated; str and bytes do not mix. */
  strings(): PyValue {
    const start = this.pos;
    let kind: 'str' | 'bytes' | undefined;
    let text = '';
    for (;;) {
      this.skip();
      const prefix = /^([A-Za-z]{0,2})(['"])/.exec(this.text.slice(this.pos));
      if (!prefix || !/^(|r|u|b|br|rb)$/i.test(prefix[1]!)) break;
      const flags = prefix[1]!.toLowerCase();
      const thisKind = flags.includes('b') ? 'bytes' : 'str';
      if (kind !== undefined && kind !== thisKind) this.fail('cannot mix bytes and str literals', this.pos);
      kind = thisKind;
      this.pos += flags.length;
      text += this.stringBody(flags.includes('r'), thisKind === 'bytes');
    }
    if (kind === undefined) this.fail('expected a string', start);
    if (kind === 'str') return py.str(text);
    return py.bytes(Array.from(text, (char) => char.charCodeAt(0)));
  }

  stringBody(raw: boolean, bytes: boolean): string {
    const quote = this.text.startsWith(this.text[this.pos]!.repeat(3), this.pos) ? this.text[this.pos]!.repeat(3) : this.text[this.pos]!;
    const open = this.pos;
    this.pos += quote.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string', open);
      if (this.text.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const char = this.text[this.pos]!;
      if (char === '\n' && quote.length === 1) this.fail('unterminated string (a newline inside quotes)', open);
      if (bytes && char.charCodeAt(0) > 0x7f) this.fail('bytes can only contain ASCII characters', this.pos);
      if (char !== '\\') {
        out += char;
        this.pos++;
        continue;
      }
      const next = this.text[this.pos + 1];
      if (next === undefined) this.fail('unterminated string', open);
      if (raw) {
        out += char + next;
        this.pos += 2;
        continue;
      }
      out += this.escape(next, bytes);
    }
  }

  escape(next: string, bytes: boolean): string {
    const at = this.pos;
    this.pos += 2;
    const simple = simpleEscapes[next];
    if (simple !== undefined) return simple;
    if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(this.text[this.pos] ?? '')) digits += this.text[this.pos++];
      return String.fromCharCode(parseInt(digits, 8) & (bytes ? 0xff : 0x1ff));
    }
    const width = next === 'x' ? 2 : !bytes && next === 'u' ? 4 : !bytes && next === 'U' ? 8 : 0;
    if (width === 0) return `\\${next}`;
    const hex = this.text.slice(this.pos, this.pos + width);
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) this.fail(`truncated \\${next} escape`, at);
    this.pos += width;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) this.fail(`\\${next}${hex} is beyond U+10FFFF`, at);
    return String.fromCodePoint(code);
  }
}

function fromJson(value: unknown): PyValue {
  if (value === null) return py.none();
  if (typeof value === 'boolean') return py.bool(value);
  if (typeof value === 'number') return Number.isInteger(value) && !Object.is(value, -0) ? py.int(value) : py.float(value);
  if (typeof value === 'string') return py.str(value);
  if (Array.isArray(value)) return py.list(value.map(fromJson));
  return py.dict(Object.entries(value as object).map(([key, item]) => [py.str(key), fromJson(item)] as const));
}

/**
 * A value from the command line or a line of stdin: a Python literal first (ast.literal_eval's grammar),
 * else JSON (where `"\/"` and the like differ from Python). Throws LiteralError with the Python reading's complaint.
 */
export function parsePythonLiteral(text: string): PyValue {
  try {
    return new Parser(text).top();
  } catch (error) {
    if (!(error instanceof LiteralError)) throw error;
    try {
      return fromJson(JSON.parse(text));
    } catch {
      throw error;
    }
  }
}
