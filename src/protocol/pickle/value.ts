/** Python values as data, as a pickle carries them: a tagged union, with calls and globals kept inert. Pure: no I/O. */

/**
 * One Python value. Integers are BigInt at any size. A `global` is a name, never imported; an
 * `object` is a call the pickle asks for (REDUCE, NEWOBJ, INST, OBJ, BUILD), kept as its parts and
 * never made. Containers may share items, or hold themselves, as memo references allow.
 */
export type PyValue =
  | { readonly type: 'none' }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'bytearray'; readonly value: Uint8Array }
  | { readonly type: 'list'; readonly items: readonly PyValue[] }
  | { readonly type: 'tuple'; readonly items: readonly PyValue[] }
  | { readonly type: 'dict'; readonly entries: readonly (readonly [PyValue, PyValue])[]; readonly ordered?: boolean }
  | { readonly type: 'set'; readonly items: readonly PyValue[] }
  | { readonly type: 'frozenset'; readonly items: readonly PyValue[] }
  | { readonly type: 'global'; readonly module: string; readonly name: string }
  | PyObject
  | { readonly type: 'persistent'; readonly id: PyValue }
  | { readonly type: 'extension'; readonly code: number }
  | { readonly type: 'buffer'; readonly index: number; readonly readonly: boolean };

/** An object a pickle would build by calling something: how, with what, and what it would then be given. */
export interface PyObject {
  readonly type: 'object';
  /** The opcode that asked: REDUCE (`f(*args)`), NEWOBJ (`cls.__new__(cls, *args)`), INST/OBJ (protocol 0/1 classes), BUILD on a non-object. */
  readonly how: 'reduce' | 'newobj' | 'inst' | 'obj' | 'build';
  readonly callable: PyValue;
  readonly args: readonly PyValue[];
  readonly kwargs?: PyValue;
  /** BUILD's argument (`__setstate__`), each BUILD in order. */
  readonly states: readonly PyValue[];
  /** APPEND(S) (`append`/`extend`), SETITEM(S) (`__setitem__`) and ADDITEMS (`add`) aimed at the object. */
  readonly listItems: readonly PyValue[];
  readonly dictItems: readonly (readonly [PyValue, PyValue])[];
  readonly setItems: readonly PyValue[];
}

export type PyType = PyValue['type'];

/** A pickle that cannot be read: `offset` is the byte where reading stopped. */
export class PickleError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'PickleError';
  }
}

/** Constructors for tests and the literal parser. */
export const py = {
  none: (): PyValue => ({ type: 'none' }),
  bool: (value: boolean): PyValue => ({ type: 'bool', value }),
  int: (value: bigint | number): PyValue => ({ type: 'int', value: BigInt(value) }),
  float: (value: number): PyValue => ({ type: 'float', value }),
  str: (value: string): PyValue => ({ type: 'str', value }),
  bytes: (value: Uint8Array | readonly number[]): PyValue => ({ type: 'bytes', value: Uint8Array.from(value) }),
  list: (items: readonly PyValue[]): PyValue => ({ type: 'list', items }),
  tuple: (items: readonly PyValue[]): PyValue => ({ type: 'tuple', items }),
  dict: (entries: readonly (readonly [PyValue, PyValue])[]): PyValue => ({ type: 'dict', entries }),
  set: (items: readonly PyValue[]): PyValue => ({ type: 'set', items }),
  frozenset: (items: readonly PyValue[]): PyValue => ({ type: 'frozenset', items }),
} as const;
