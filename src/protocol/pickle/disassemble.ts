/** A pickle's opcodes listed as `python -m pickletools` lists them: offsets, MARK indentation, memo notes. Pure. */
import { opcodeTable, type ArgumentKind } from './opcodes.js';
import { ByteReader, latin1 } from './reader.js';
import { formatPythonBytes, formatPythonFloat, formatPythonString } from './repr.js';
import { PickleError } from './value.js';

/** pickletools.dis's default indentlevel. */
const indent = '    ';

function argumentText(reader: ByteReader, kind: ArgumentKind): string {
  switch (kind) {
    case 'uint1':
      return String(reader.u8());
    case 'uint2':
      return String(reader.u16());
    case 'int4':
      return String(reader.i32());
    case 'uint4':
      return String(reader.u32());
    case 'uint8':
      return String(reader.u64());
    case 'decimalnl_short': {
      const line = reader.line('a decimal argument');
      const text = latin1(line);
      if (text === '00' || text === '01') return text === '01' ? 'True' : 'False';
      return reader.decimal(line, 'decimal argument').toString();
    }
    case 'decimalnl_long':
      return reader.decimal(reader.line('LONG'), 'LONG argument', { long: true }).toString();
    case 'long1':
      return reader.long(reader.bytes(reader.u8(), 'LONG1')).toString();
    case 'long4':
      return reader.long(reader.bytes(reader.i32(), 'LONG4')).toString();
    case 'floatnl':
      return formatPythonFloat(reader.decimalFloat(reader.line('FLOAT')));
    case 'float8':
      return formatPythonFloat(reader.f64());
    case 'stringnl':
      return formatPythonString(latin1(reader.quoted(reader.line('STRING'))));
    case 'stringnl_noescape':
      return formatPythonString(latin1(reader.line('PERSID')));
    case 'stringnl_noescape_pair': {
      const module = reader.text(reader.line('a module name'), 'module name');
      return formatPythonString(`${module} ${reader.text(reader.line('a global name'), 'global name')}`);
    }
    case 'string1':
      return formatPythonString(latin1(reader.bytes(reader.u8(), 'SHORT_BINSTRING')));
    case 'string4':
      return formatPythonString(latin1(reader.bytes(reader.i32(), 'BINSTRING')));
    case 'bytes1':
      return formatPythonBytes(reader.bytes(reader.u8(), 'SHORT_BINBYTES'));
    case 'bytes4':
      return formatPythonBytes(reader.bytes(reader.u32(), 'BINBYTES'));
    case 'bytes8':
      return formatPythonBytes(reader.bytes(reader.u64(), 'BINBYTES8'));
    case 'bytearray8':
      return `bytearray(${formatPythonBytes(reader.bytes(reader.u64(), 'BYTEARRAY8'))})`;
    case 'unicodestringnl':
      return formatPythonString(reader.rawUnicode(reader.line('UNICODE')));
    case 'unicodestring1':
      return formatPythonString(reader.text(reader.bytes(reader.u8(), 'SHORT_BINUNICODE'), 'SHORT_BINUNICODE'));
    case 'unicodestring4':
      return formatPythonString(reader.text(reader.bytes(reader.u32(), 'BINUNICODE'), 'BINUNICODE'));
    case 'unicodestring8':
      return formatPythonString(reader.text(reader.bytes(reader.u64(), 'BINUNICODE8'), 'BINUNICODE8'));
  }
}

/** The opcode byte as pickletools shows it: the character when printable ASCII, else `\xNN`. */
function codeText(code: number): string {
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : `\\x${code.toString(16).padStart(2, '0')}`;
}

/**
 * Lists the opcodes through `emit`, one line each (no newline), then `highest protocol among opcodes = N`.
 * A pickle pickletools would complain about throws PickleError after the lines up to the offending opcode.
 */
export function disassemblePickle(data: Uint8Array, emit: (line: string) => void): void {
  const reader: ByteReader = new ByteReader(data);
  // pickletools' crude stack: only whether each slot is a MARK matters for the listing.
  const stack: boolean[] = [];
  const markStack: number[] = [];
  const memo = new Set<number>();
  let highest = -1;
  for (;;) {
    const pos = reader.pos;
    reader.start = pos;
    if (reader.remaining === 0) reader.fail('pickle exhausted before seeing STOP');
    const code = data[reader.pos++]!;
    const info = opcodeTable[code] ?? reader.fail(`opcode ${formatPythonBytes(Uint8Array.of(code))} unknown`);
    const argument = info.argument ? argumentText(reader, info.argument) : undefined;
    highest = Math.max(highest, info.protocol);
    let line = `${String(pos).padStart(5)}: ${codeText(code).padEnd(4)} ${indent.repeat(markStack.length)}${info.name}`;
    let note: string | undefined;
    let error: string | undefined;
    let toPop = info.before;
    if (info.mark || (info.name === 'POP' && stack.length > 0 && stack[stack.length - 1])) {
      if (markStack.length > 0) {
        note = `(MARK at ${markStack.pop()})`;
        while (stack.length > 0 && !stack[stack.length - 1]) stack.pop();
        stack.pop();
        if (info.name === 'POP') toPop = 0;
      } else error = note = 'no MARK exists on stack';
    }
    if (info.name === 'PUT' || info.name === 'BINPUT' || info.name === 'LONG_BINPUT' || info.name === 'MEMOIZE') {
      const index = info.name === 'MEMOIZE' ? memo.size : Number(argument);
      if (info.name === 'MEMOIZE') note = `(as ${index})`;
      if (memo.has(index)) error = `memo key ${argument ?? index} already defined`;
      else if (stack.length === 0) error = "stack is empty -- can't store into memo";
      else if (stack[stack.length - 1]) error = "can't store markobject in the memo";
      else memo.add(index);
    } else if ((info.name === 'GET' || info.name === 'BINGET' || info.name === 'LONG_BINGET') && !memo.has(Number(argument))) {
      error = `memo key ${argument} has never been stored into`;
    }
    if (argument !== undefined || note !== undefined) {
      line += ' '.repeat(Math.max(0, 10 - info.name.length));
      if (argument !== undefined) line += ` ${argument}`;
      if (note !== undefined) line += ` ${note}`;
    }
    emit(line);
    if (error) reader.fail(error);
    if (stack.length < toPop) reader.fail(`tries to pop ${toPop} items from stack with only ${stack.length} items`);
    stack.length -= toPop;
    if (info.pushesMark) markStack.push(pos);
    for (let i = 0; i < info.after; i++) stack.push(info.pushesMark === true);
    if (code === 0x2e) break;
  }
  emit(`highest protocol among opcodes = ${highest}`);
  if (stack.length > 0) throw new PickleError(`stack not empty after STOP (${stack.length} items)`, reader.pos);
}
