/** Every pickle opcode (pickletools' table): name, protocol, argument kind and what it pops. Pure data. */

/** How an opcode's argument is laid out, in pickletools' names. */
export type ArgumentKind =
  | 'uint1' | 'uint2' | 'int4' | 'uint4' | 'uint8'
  | 'decimalnl_short' | 'decimalnl_long' | 'long1' | 'long4'
  | 'floatnl' | 'float8'
  | 'stringnl' | 'stringnl_noescape' | 'stringnl_noescape_pair' | 'string1' | 'string4'
  | 'bytes1' | 'bytes4' | 'bytes8' | 'bytearray8'
  | 'unicodestringnl' | 'unicodestring1' | 'unicodestring4' | 'unicodestring8';

export interface OpcodeInfo {
  readonly name: string;
  readonly protocol: number;
  readonly argument?: ArgumentKind;
  /** Items popped; `mark` pops to the topmost MARK and then `before` more beneath it. */
  readonly before: number;
  readonly mark?: boolean;
  readonly after: number;
  readonly pushesMark?: boolean;
}

type Row = readonly [code: number, name: string, protocol: number, argument: ArgumentKind | undefined, before: number | 'M', after: number, pushesMark?: true];

/** Items beneath the MARK that a marked opcode also pops (the list APPENDS extends, and so on). */
const beneathMark: Record<string, number> = { APPENDS: 1, SETITEMS: 1, ADDITEMS: 1 };

// Generated from pickletools.opcodes (Python 3.11): code, name, proto, arg, stack_before, stack_after.
const rows: readonly Row[] = [
  [0x49, 'INT', 0, 'decimalnl_short', 0, 1], [0x4a, 'BININT', 1, 'int4', 0, 1], [0x4b, 'BININT1', 1, 'uint1', 0, 1],
  [0x4d, 'BININT2', 1, 'uint2', 0, 1], [0x4c, 'LONG', 0, 'decimalnl_long', 0, 1], [0x8a, 'LONG1', 2, 'long1', 0, 1],
  [0x8b, 'LONG4', 2, 'long4', 0, 1], [0x53, 'STRING', 0, 'stringnl', 0, 1], [0x54, 'BINSTRING', 1, 'string4', 0, 1],
  [0x55, 'SHORT_BINSTRING', 1, 'string1', 0, 1], [0x42, 'BINBYTES', 3, 'bytes4', 0, 1], [0x43, 'SHORT_BINBYTES', 3, 'bytes1', 0, 1],
  [0x8e, 'BINBYTES8', 4, 'bytes8', 0, 1], [0x96, 'BYTEARRAY8', 5, 'bytearray8', 0, 1], [0x97, 'NEXT_BUFFER', 5, undefined, 0, 1],
  [0x98, 'READONLY_BUFFER', 5, undefined, 1, 1], [0x4e, 'NONE', 0, undefined, 0, 1], [0x88, 'NEWTRUE', 2, undefined, 0, 1],
  [0x89, 'NEWFALSE', 2, undefined, 0, 1], [0x56, 'UNICODE', 0, 'unicodestringnl', 0, 1], [0x8c, 'SHORT_BINUNICODE', 4, 'unicodestring1', 0, 1],
  [0x58, 'BINUNICODE', 1, 'unicodestring4', 0, 1], [0x8d, 'BINUNICODE8', 4, 'unicodestring8', 0, 1], [0x46, 'FLOAT', 0, 'floatnl', 0, 1],
  [0x47, 'BINFLOAT', 1, 'float8', 0, 1], [0x5d, 'EMPTY_LIST', 1, undefined, 0, 1], [0x61, 'APPEND', 0, undefined, 2, 1],
  [0x65, 'APPENDS', 1, undefined, 'M', 1], [0x6c, 'LIST', 0, undefined, 'M', 1], [0x29, 'EMPTY_TUPLE', 1, undefined, 0, 1],
  [0x74, 'TUPLE', 0, undefined, 'M', 1], [0x85, 'TUPLE1', 2, undefined, 1, 1], [0x86, 'TUPLE2', 2, undefined, 2, 1],
  [0x87, 'TUPLE3', 2, undefined, 3, 1], [0x7d, 'EMPTY_DICT', 1, undefined, 0, 1], [0x64, 'DICT', 0, undefined, 'M', 1],
  [0x73, 'SETITEM', 0, undefined, 3, 1], [0x75, 'SETITEMS', 1, undefined, 'M', 1], [0x8f, 'EMPTY_SET', 4, undefined, 0, 1],
  [0x90, 'ADDITEMS', 4, undefined, 'M', 1], [0x91, 'FROZENSET', 4, undefined, 'M', 1], [0x30, 'POP', 0, undefined, 1, 0],
  [0x32, 'DUP', 0, undefined, 1, 2], [0x28, 'MARK', 0, undefined, 0, 1, true], [0x31, 'POP_MARK', 1, undefined, 'M', 0],
  [0x67, 'GET', 0, 'decimalnl_short', 0, 1], [0x68, 'BINGET', 1, 'uint1', 0, 1], [0x6a, 'LONG_BINGET', 1, 'uint4', 0, 1],
  [0x70, 'PUT', 0, 'decimalnl_short', 0, 0], [0x71, 'BINPUT', 1, 'uint1', 0, 0], [0x72, 'LONG_BINPUT', 1, 'uint4', 0, 0],
  [0x94, 'MEMOIZE', 4, undefined, 1, 1], [0x82, 'EXT1', 2, 'uint1', 0, 1], [0x83, 'EXT2', 2, 'uint2', 0, 1],
  [0x84, 'EXT4', 2, 'int4', 0, 1], [0x63, 'GLOBAL', 0, 'stringnl_noescape_pair', 0, 1], [0x93, 'STACK_GLOBAL', 4, undefined, 2, 1],
  [0x52, 'REDUCE', 0, undefined, 2, 1], [0x62, 'BUILD', 0, undefined, 2, 1], [0x69, 'INST', 0, 'stringnl_noescape_pair', 'M', 1],
  [0x6f, 'OBJ', 1, undefined, 'M', 1], [0x81, 'NEWOBJ', 2, undefined, 2, 1], [0x92, 'NEWOBJ_EX', 4, undefined, 3, 1],
  [0x80, 'PROTO', 2, 'uint1', 0, 0], [0x2e, 'STOP', 0, undefined, 1, 0], [0x95, 'FRAME', 4, 'uint8', 0, 0],
  [0x50, 'PERSID', 0, 'stringnl_noescape', 0, 1], [0x51, 'BINPERSID', 1, undefined, 1, 1],
];

/** Opcode byte → its description; undefined for bytes that are no opcode. */
export const opcodeTable: readonly (OpcodeInfo | undefined)[] = (() => {
  const table: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
  for (const [code, name, protocol, argument, before, after, pushesMark] of rows) {
    table[code] = {
      name,
      protocol,
      ...(argument ? { argument } : {}),
      before: before === 'M' ? (beneathMark[name] ?? 0) : before,
      ...(before === 'M' ? { mark: true } : {}),
      after,
      ...(pushesMark ? { pushesMark } : {}),
    };
  }
  return table;
})();
