/** Command-line arguments to XML-RPC values: JSON where the text is JSON, else a string. Pure. */
import { int64, maxNesting, XmlRpcFormatError, type XmlRpcValue } from './value.js';

/**
 * `3` → int, `2.5` → double, `true` → boolean, `null` → nil, `[..]` → array, `{..}` → struct,
 * `"x"` → string; text that is not JSON is the string itself. A hand-written JSON reader, because
 * JSON.parse loses what matters here: `2.0` is a double, not the int 2, and 2^63-1 must stay exact.
 */
export function parseRpcArgument(text: string): XmlRpcValue {
  const reader = new JsonReader(text);
  let value: XmlRpcValue;
  try {
    value = reader.document();
  } catch (error) {
    if (error instanceof NotJson) return { type: 'string', value: text };
    throw error;
  }
  return value;
}

class NotJson extends Error {}

class JsonReader {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): XmlRpcValue {
    const value = this.value(0);
    this.space();
    if (this.at !== this.text.length) throw new NotJson();
    return value;
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.text[this.at] ?? '')) this.at++;
  }

  private take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }

  private value(depth: number): XmlRpcValue {
    if (depth > maxNesting) throw new XmlRpcFormatError(`the argument nests deeper than ${maxNesting} levels`);
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { type: 'string', value: this.string() };
    if (this.take('true')) return { type: 'boolean', value: true };
    if (this.take('false')) return { type: 'boolean', value: false };
    if (this.take('null')) return { type: 'nil' };
    return this.number();
  }

  private number(): XmlRpcValue {
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) throw new NotJson();
    this.at += match[0].length;
    if (match[1] === undefined && match[2] === undefined) {
      const value = BigInt(match[0]);
      if (value < int64.min || value > int64.max) {
        throw new XmlRpcFormatError(`the integer ${match[0]} is beyond 64 bits, the most XML-RPC can carry (quote it for a string, or add .0 for a double)`);
      }
      return { type: 'int', value };
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw new XmlRpcFormatError(`the number ${match[0]} is too large for a double`);
    return { type: 'double', value };
  }

  private string(): string {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(this.text.slice(this.at));
    if (!match) throw new NotJson();
    this.at += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private array(depth: number): XmlRpcValue {
    this.at++;
    const items: XmlRpcValue[] = [];
    this.space();
    if (this.take(']')) return { type: 'array', value: items };
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      if (this.take(']')) return { type: 'array', value: items };
      if (!this.take(',')) throw new NotJson();
    }
  }

  private object(depth: number): XmlRpcValue {
    this.at++;
    const members = new Map<string, XmlRpcValue>();
    this.space();
    if (this.take('}')) return { type: 'struct', value: members };
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') throw new NotJson();
      const name = this.string();
      this.space();
      if (!this.take(':')) throw new NotJson();
      members.set(name, this.value(depth + 1));
      this.space();
      if (this.take('}')) return { type: 'struct', value: members };
      if (!this.take(',')) throw new NotJson();
    }
  }
}
