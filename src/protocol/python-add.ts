/** The TypeError CPython raises when `+` refuses two types, worded as CPython words it. Pure: type names in, a message out. */

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
