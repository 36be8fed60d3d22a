/** Python's `+`: on pickled values, and the TypeError CPython raises when it refuses two types, in CPython's words. Pure. */
import type { PyValue } from './pickle/value.js';

/** How a type takes part in `+`: which left operand words its refusal its own way. */
export type AddCategory = 'number' | 'str' | 'bytes' | 'bytearray' | 'list' | 'tuple' | 'other';

export interface AddOperand {
  /** The name Python's type() gives: int, float, str, bytes, list, dict, NoneType, ... */
  readonly name: string;
  readonly category: AddCategory;
}

/**
 * The message of `left + right`'s TypeError (CPython 3.11, Objects/unicodeobject.c, listobject.c,
 * tupleobject.c, bytesobject.c and abstract.c's binop_type_error). Sequences on the left speak first:
 * `'a' + 1` says "can only concatenate str ...", while `1 + 'a'` says "unsupported operand type(s)".
 */
export function addTypeError(left: AddOperand, right: AddOperand): string {
  switch (left.category) {
    case 'str':
    case 'list':
    case 'tuple':
      return `can only concatenate ${left.name} (not "${right.name}") to ${left.name}`;
    case 'bytes':
    case 'bytearray':
      return `can't concat ${right.name} to ${left.name}`;
    case 'number':
    case 'other':
      return `unsupported operand type(s) for +: '${left.name}' and '${right.name}'`;
  }
}

const operands: Partial<Record<PyValue['type'], AddOperand>> = {
  none: { name: 'NoneType', category: 'other' },
  bool: { name: 'bool', category: 'number' },
  int: { name: 'int', category: 'number' },
  float: { name: 'float', category: 'number' },
  str: { name: 'str', category: 'str' },
  bytes: { name: 'bytes', category: 'bytes' },
  bytearray: { name: 'bytearray', category: 'bytearray' },
  list: { name: 'list', category: 'list' },
  tuple: { name: 'tuple', category: 'tuple' },
  dict: { name: 'dict', category: 'other' },
  set: { name: 'set', category: 'other' },
  frozenset: { name: 'frozenset', category: 'other' },
};

export class PythonTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TypeError';
  }
}

function integer(value: PyValue): bigint | undefined {
  return value.type === 'int' ? value.value : value.type === 'bool' ? (value.value ? 1n : 0n) : undefined;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** `a + b` on plain data, as Python computes it; throws PythonTypeError with CPython's words when `+` refuses. */
export function addPythonValues(a: PyValue, b: PyValue): PyValue {
  const [x, y] = [integer(a), integer(b)];
  if (x !== undefined && y !== undefined) return { type: 'int', value: x + y };
  const [p, q] = [a.type === 'float' ? a.value : x, b.type === 'float' ? b.value : y];
  if (p !== undefined && q !== undefined) return { type: 'float', value: Number(p) + Number(q) };
  if (a.type === 'str' && b.type === 'str') return { type: 'str', value: a.value + b.value };
  if ((a.type === 'list' || a.type === 'tuple') && b.type === a.type) return { type: a.type, items: [...a.items, ...b.items] };
  if ((a.type === 'bytes' || a.type === 'bytearray') && (b.type === 'bytes' || b.type === 'bytearray')) return { type: a.type, value: joinBytes(a.value, b.value) };
  const unknown: AddOperand = { name: a.type, category: 'other' };
  throw new PythonTypeError(addTypeError(operands[a.type] ?? unknown, operands[b.type] ?? { name: b.type, category: 'other' }));
}
