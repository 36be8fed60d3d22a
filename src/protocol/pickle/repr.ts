/** Python's repr() of decoded pickle values, so what users see reads like the REPL; inert calls read as the call. Pure. */
import type { PyObject, PyValue } from './value.js';

/** Containers nest at most this deep when shown: Python's own repr stops near its recursion limit too. */
export const maxReprDepth = 500;

/** Items shown at most: memo references can make a small pickle a DAG whose text is exponential in its size. */
export const maxReprItems = 20_000_000;

export class ReprLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReprLimitError';
  }
}

/** A walk over a value for showing it: the containers being shown (to spot a container inside itself) and the limits. */
export class Walk extends Set<PyValue> {
  private items = 0;

  constructor(private readonly maxItems = maxReprItems) {
    super();
  }

  visit(depth: number): void {
    if (depth > maxReprDepth) throw new ReprLimitError(`the value nests deeper than ${maxReprDepth} levels to show`);
    if (++this.items > this.maxItems) throw new ReprLimitError(`the value has more than ${this.maxItems} items to show (shared references repeat it)`);
  }
}

/** float.__repr__: the shortest round-tripping digits, fixed notation for exponents -4..15, else `1e+16`. */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || '0'}`;
}

// str.isprintable(): not a control, format, surrogate, private-use or unassigned character, nor a separator but space.
const unprintable = /[\p{C}\p{Z}]/u;

function quoteFor(text: string): string {
  return text.includes("'") && !text.includes('"') ? '"' : "'";
}

/** str.__repr__. */
export function formatPythonString(text: string): string {
  const quote = quoteFor(text);
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code === 0x20 || (code < 0x7f && code > 0x20)) out += char;
    else if (!unprintable.test(char)) out += char;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** bytes.__repr__. */
export function formatPythonBytes(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const byte of bytes) {
    if (byte === 0x27) hasSingle = true;
    else if (byte === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = `b${String.fromCharCode(quote)}`;
  for (const byte of bytes) {
    if (byte === quote || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out + String.fromCharCode(quote);
}

/** repr() of a value; a container that holds itself shows `[...]`, `{...}` or `(...)` where it recurs, as Python does for lists and dicts. */
export function formatPythonRepr(value: PyValue, { maxItems = maxReprItems } = {}): string {
  const parts: string[] = [];
  const active = new Walk(maxItems);
  write(value, parts, active, 0);
  return parts.join('');
}

function writeItems(items: readonly PyValue[], parts: string[], active: Walk, depth: number): void {
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(', ');
    write(items[i]!, parts, active, depth + 1);
  }
}

function writeEntries(entries: readonly (readonly [PyValue, PyValue])[], parts: string[], active: Walk, depth: number): void {
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) parts.push(', ');
    write(entries[i]![0], parts, active, depth + 1);
    parts.push(': ');
    write(entries[i]![1], parts, active, depth + 1);
  }
}

function write(value: PyValue, parts: string[], active: Walk, depth: number): void {
  active.visit(depth);
  switch (value.type) {
    case 'none':
      parts.push('None');
      return;
    case 'bool':
      parts.push(value.value ? 'True' : 'False');
      return;
    case 'int':
      parts.push(value.value.toString());
      return;
    case 'float':
      parts.push(formatPythonFloat(value.value));
      return;
    case 'str':
      parts.push(formatPythonString(value.value));
      return;
    case 'bytes':
      parts.push(formatPythonBytes(value.value));
      return;
    case 'bytearray':
      parts.push(`bytearray(${formatPythonBytes(value.value)})`);
      return;
    case 'global':
      parts.push(`${value.module}.${value.name}`);
      return;
    case 'persistent':
      parts.push('persistent_load(');
      write(value.id, parts, active, depth + 1);
      parts.push(')');
      return;
    case 'extension':
      parts.push(`copyreg extension ${value.code}`);
      return;
    case 'buffer':
      parts.push(`<out-of-band buffer ${value.index}${value.readonly ? ', read-only' : ''}>`);
      return;
    default:
      break;
  }
  if (active.has(value)) {
    parts.push(value.type === 'list' ? '[...]' : value.type === 'dict' || value.type === 'set' ? '{...}' : '(...)');
    return;
  }
  active.add(value);
  writeContainer(value, parts, active, depth);
  active.delete(value);
}

function writeContainer(value: PyValue, parts: string[], active: Walk, depth: number): void {
  switch (value.type) {
    case 'list':
      parts.push('[');
      writeItems(value.items, parts, active, depth);
      parts.push(']');
      return;
    case 'tuple':
      parts.push('(');
      writeItems(value.items, parts, active, depth);
      parts.push(value.items.length === 1 ? ',)' : ')');
      return;
    case 'set':
    case 'frozenset':
      if (value.items.length === 0) {
        parts.push(`${value.type}()`);
        return;
      }
      parts.push(value.type === 'set' ? '{' : 'frozenset({');
      writeItems(value.items, parts, active, depth);
      parts.push(value.type === 'set' ? '}' : '})');
      return;
    case 'dict':
      if (value.ordered) {
        // Python 3.11's form: OrderedDict([('a', 1)]); an empty one is OrderedDict().
        parts.push('OrderedDict(');
        if (value.entries.length > 0) {
          parts.push('[');
          value.entries.forEach(([key, item], i) => {
            parts.push(i > 0 ? ', (' : '(');
            write(key, parts, active, depth + 1);
            parts.push(', ');
            write(item, parts, active, depth + 1);
            parts.push(')');
          });
          parts.push(']');
        }
        parts.push(')');
        return;
      }
      parts.push('{');
      writeEntries(value.entries, parts, active, depth);
      parts.push('}');
      return;
    case 'object':
      // The call Python would make, then what it would do to the result: inert text, never run.
      write(value.callable, parts, active, depth + 1);
      if (value.how !== 'build') writeCall(value, parts, active, depth);
      writeAfterCall(value, parts, active, depth);
      return;
    default:
      return;
  }
}

function writeCall(value: PyObject, parts: string[], active: Walk, depth: number): void {
      parts.push(value.how === 'newobj' ? '.__new__(' : '(');
      if (value.how === 'newobj') {
        write(value.callable, parts, active, depth + 1);
        if (value.args.length > 0) parts.push(', ');
      }
      writeItems(value.args, parts, active, depth);
      if (value.kwargs) {
        parts.push(value.args.length > 0 || value.how === 'newobj' ? ', **' : '**');
        write(value.kwargs, parts, active, depth + 1);
      }
      parts.push(')');
}

function writeAfterCall(value: PyObject, parts: string[], active: Walk, depth: number): void {
      for (const state of value.states) {
        parts.push('.__setstate__(');
        write(state, parts, active, depth + 1);
        parts.push(')');
      }
      if (value.listItems.length > 0) {
        parts.push('.extend([');
        writeItems(value.listItems, parts, active, depth);
        parts.push('])');
      }
      if (value.dictItems.length > 0) {
        parts.push('.update({');
        writeEntries(value.dictItems, parts, active, depth);
        parts.push('})');
      }
      if (value.setItems.length > 0) {
        parts.push('.add(');
        writeItems(value.setItems, parts, active, depth);
        parts.push(')');
      }
}
