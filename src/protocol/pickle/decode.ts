/** The pickle reader (protocols 0-5). Never imports or calls anything: globals and calls become inert data. Pure. */
import { rebuildAllowed, isAllowedGlobal } from './allowed.js';
import { ByteReader, latin1 } from './reader.js';
import { PickleError, type PyObject, type PyValue } from './value.js';

export interface DecodedPickle {
  readonly value: PyValue;
  /** The protocol PROTO declared (0 when there is none: protocols 0 and 1 have no PROTO). */
  readonly protocol: number;
  /**
   * What loading this pickle in Python would import or call beyond plain data, each named once:
   * `os.system`, `persistent id 'x'`, `extension code 7`. Empty for plain data.
   */
  readonly unsafe: readonly string[];
  /** Protocol 5 out-of-band buffers the pickle refers to (NEXT_BUFFER), which it does not hold. */
  readonly buffers: number;
  /** Opcodes read: a tree the pickle spells out has no more items than this, so showing a few times more means a DAG blown up. */
  readonly opcodes: number;
}

/** The items worth showing for a decoded pickle (Walk's limit): what it spells out, with room for shared parts shown again. */
export function showLimit(decoded: DecodedPickle): number {
  return Math.max(1_000_000, decoded.opcodes * 8);
}

/** The newest protocol Python writes and reads (3.8+). */
export const highestProtocol = 5;

const none: PyValue = { type: 'none' };
const trueValue: PyValue = { type: 'bool', value: true };
const falseValue: PyValue = { type: 'bool', value: false };
const emptyTuple: PyValue = { type: 'tuple', items: [] };
/** Small ints are immutable values: one object each, as CPython keeps them. */
const smallInts: PyValue[] = Array.from({ length: 256 }, (_, i) => ({ type: 'int', value: BigInt(i) }));

function intValue(value: number): PyValue {
  return value >= 0 && value < 256 ? smallInts[value]! : { type: 'int', value: BigInt(value) };
}

function describe(value: PyValue): string {
  if (value.type === 'global') return `${value.module}.${value.name}`;
  return `${/^[aeiou]/.test(value.type) ? 'an' : 'a'} ${value.type}`;
}

function newObject(how: PyObject['how'], callable: PyValue, args: readonly PyValue[], kwargs?: PyValue): PyObject {
  return { type: 'object', how, callable, args, ...(kwargs ? { kwargs } : {}), states: [], listItems: [], dictItems: [], setItems: [] };
}

export function decodePickle(data: Uint8Array): DecodedPickle {
  const reader: ByteReader = new ByteReader(data);
  const stack: PyValue[] = [];
  const marks: number[] = [];
  // An array, not a Map: memo keys are dense from 0 in what picklers write, and a Map rehashes as it grows to millions.
  const memo: PyValue[] = [];
  let memoSize = 0;
  const unsafe = new Set<string>();
  let fence = 0;
  let protocol = 0;
  let buffers = 0;
  let opcodes = 0;

  const pop = (): PyValue => {
    if (stack.length <= fence) reader.fail('stack underflow: an opcode needs a value the stack does not hold');
    return stack.pop()!;
  };
  const top = (): PyValue => {
    if (stack.length <= fence) reader.fail('stack underflow: an opcode needs a value the stack does not hold');
    return stack[stack.length - 1]!;
  };
  const popMark = (): PyValue[] => {
    if (marks.length === 0) reader.fail('no MARK to pop to');
    const mark = marks.pop()!;
    fence = marks.length > 0 ? marks[marks.length - 1]! : 0;
    return stack.splice(mark);
  };
  const memoGet = (index: number): PyValue => {
    const value = memo[index];
    if (value === undefined) reader.fail(`memo key ${index} was never stored`);
    return value;
  };
  const memoPut = (index: number) => {
    if (memo[index] === undefined) memoSize++;
    memo[index] = top();
  };
  const asTuple = (value: PyValue, what: string): readonly PyValue[] => {
    if (value.type !== 'tuple') reader.fail(`${what} arguments are ${describe(value)}, not a tuple`);
    return value.items;
  };
  const call = (callable: PyValue, args: readonly PyValue[]): PyValue => {
    const rebuilt = callable.type === 'global' ? rebuildAllowed(callable.module, callable.name, args) : undefined;
    if (rebuilt) return rebuilt;
    unsafe.add(describe(callable));
    return newObject('reduce', callable, args);
  };
  const global = (module: string, name: string): PyValue => {
    if (!isAllowedGlobal(module, name)) unsafe.add(`${module}.${name}`);
    return { type: 'global', module, name };
  };
  const appendTo = (target: PyValue, items: readonly PyValue[]) => {
    if (target.type === 'list') (target.items as PyValue[]).push(...items);
    else if (target.type === 'object') (target.listItems as PyValue[]).push(...items);
    else reader.fail(`APPEND to ${describe(target)}, which is not a list`);
  };
  const entriesOf = (target: PyValue): [PyValue, PyValue][] => {
    if (target.type === 'dict') return target.entries as [PyValue, PyValue][];
    if (target.type === 'object') return target.dictItems as [PyValue, PyValue][];
    return reader.fail(`SETITEM on ${describe(target)}, which is not a dict`);
  };
  const setItems = (target: PyValue, items: readonly PyValue[]) => {
    if (items.length % 2 !== 0) reader.fail('SETITEMS has an odd number of items');
    const entries = entriesOf(target);
    for (let i = 0; i < items.length; i += 2) entries.push([items[i]!, items[i + 1]!]);
  };
  const pushString = (bytes: Uint8Array, what: string) => stack.push({ type: 'str', value: reader.text(bytes, what) });

  for (;;) {
    reader.start = reader.pos;
    if (reader.remaining === 0) reader.fail('truncated: the pickle ends before STOP');
    const opcode = data[reader.pos++]!;
    opcodes++;
    switch (opcode) {
      case 0x80: {
        protocol = reader.u8();
        if (protocol > highestProtocol) reader.fail(`unsupported pickle protocol ${protocol} (${highestProtocol} is the newest)`);
        break;
      }
      case 0x95: {
        const length = reader.u64();
        if (length > reader.remaining) reader.fail(`FRAME of ${length} bytes runs past the end (${reader.remaining} left)`);
        break;
      }
      case 0x2e: // STOP
        return { value: pop(), protocol, unsafe: [...unsafe], buffers, opcodes };
      case 0x28: // MARK
        marks.push(stack.length);
        fence = stack.length;
        break;
      case 0x30: // POP: of an item, or of a MARK with nothing above it (pickletools' reading)
        if (stack.length === fence && marks.length > 0) popMark();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e:
        stack.push(none);
        break;
      case 0x88:
        stack.push(trueValue);
        break;
      case 0x89:
        stack.push(falseValue);
        break;
      case 0x4b: // BININT1
        stack.push(smallInts[reader.u8()]!);
        break;
      case 0x4d: // BININT2
        stack.push(intValue(reader.u16()));
        break;
      case 0x4a: // BININT
        stack.push(intValue(reader.i32()));
        break;
      case 0x49: {
        // INT: "00" and "01" are protocol 0's False and True
        const line = reader.line('INT');
        if (line.length === 2 && line[0] === 0x30 && (line[1] === 0x30 || line[1] === 0x31)) stack.push(line[1] === 0x31 ? trueValue : falseValue);
        else stack.push({ type: 'int', value: reader.decimal(line, 'INT argument') });
        break;
      }
      case 0x4c:
        stack.push({ type: 'int', value: reader.decimal(reader.line('LONG'), 'LONG argument', { long: true }) });
        break;
      case 0x8a:
        stack.push({ type: 'int', value: reader.long(reader.bytes(reader.u8(), 'LONG1')) });
        break;
      case 0x8b:
        stack.push({ type: 'int', value: reader.long(reader.bytes(reader.i32(), 'LONG4')) });
        break;
      case 0x46:
        stack.push({ type: 'float', value: reader.decimalFloat(reader.line('FLOAT')) });
        break;
      case 0x47:
        stack.push({ type: 'float', value: reader.f64() });
        break;
      // Python 2 str: Python 3 reads it as str (encoding='ASCII' by default; latin-1 here, which never fails).
      case 0x53:
        stack.push({ type: 'str', value: latin1(reader.quoted(reader.line('STRING'))) });
        break;
      case 0x54:
        stack.push({ type: 'str', value: latin1(reader.bytes(reader.i32(), 'BINSTRING')) });
        break;
      case 0x55:
        stack.push({ type: 'str', value: latin1(reader.bytes(reader.u8(), 'SHORT_BINSTRING')) });
        break;
      case 0x56:
        stack.push({ type: 'str', value: reader.rawUnicode(reader.line('UNICODE')) });
        break;
      case 0x8c:
        pushString(reader.bytes(reader.u8(), 'SHORT_BINUNICODE'), 'SHORT_BINUNICODE');
        break;
      case 0x58:
        pushString(reader.bytes(reader.u32(), 'BINUNICODE'), 'BINUNICODE');
        break;
      case 0x8d:
        pushString(reader.bytes(reader.u64(), 'BINUNICODE8'), 'BINUNICODE8');
        break;
      case 0x43:
        stack.push({ type: 'bytes', value: reader.bytes(reader.u8(), 'SHORT_BINBYTES') });
        break;
      case 0x42:
        stack.push({ type: 'bytes', value: reader.bytes(reader.u32(), 'BINBYTES') });
        break;
      case 0x8e:
        stack.push({ type: 'bytes', value: reader.bytes(reader.u64(), 'BINBYTES8') });
        break;
      case 0x96:
        stack.push({ type: 'bytearray', value: reader.bytes(reader.u64(), 'BYTEARRAY8').slice() });
        break;
      case 0x97: // NEXT_BUFFER: out-of-band data the pickle only points to
        stack.push({ type: 'buffer', index: buffers++, readonly: false });
        break;
      case 0x98: {
        const value = top();
        if (value.type === 'buffer') stack[stack.length - 1] = { ...value, readonly: true };
        break;
      }
      case 0x5d:
        stack.push({ type: 'list', items: [] });
        break;
      case 0x6c: // LIST
        stack.push({ type: 'list', items: popMark() });
        break;
      case 0x29:
        stack.push(emptyTuple);
        break;
      case 0x74: // TUPLE
        stack.push({ type: 'tuple', items: popMark() });
        break;
      case 0x85:
        stack.push({ type: 'tuple', items: [pop()] });
        break;
      case 0x86: {
        const second = pop();
        stack.push({ type: 'tuple', items: [pop(), second] });
        break;
      }
      case 0x87: {
        const third = pop();
        const second = pop();
        stack.push({ type: 'tuple', items: [pop(), second, third] });
        break;
      }
      case 0x7d:
        stack.push({ type: 'dict', entries: [] });
        break;
      case 0x64: {
        // DICT
        const dict: PyValue = { type: 'dict', entries: [] };
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        entriesOf(top()).push([key, value]);
        break;
      }
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        appendTo(top(), [item]);
        break;
      }
      case 0x65: {
        const items = popMark();
        appendTo(top(), items);
        break;
      }
      case 0x8f:
        stack.push({ type: 'set', items: [] });
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const target = top();
        if (target.type === 'set') (target.items as PyValue[]).push(...items);
        else if (target.type === 'object') (target.setItems as PyValue[]).push(...items);
        else reader.fail(`ADDITEMS to ${describe(target)}, which is not a set`);
        break;
      }
      case 0x91:
        stack.push({ type: 'frozenset', items: popMark() });
        break;
      case 0x67:
        stack.push(memoGet(Number(reader.decimal(reader.line('GET'), 'GET argument'))));
        break;
      case 0x68:
        stack.push(memoGet(reader.u8()));
        break;
      case 0x6a:
        stack.push(memoGet(reader.u32()));
        break;
      case 0x70: {
        const index = reader.decimal(reader.line('PUT'), 'PUT argument');
        if (index < 0n) reader.fail('PUT with a negative memo key');
        memoPut(Number(index));
        break;
      }
      case 0x71:
        memoPut(reader.u8());
        break;
      case 0x72:
        memoPut(reader.u32());
        break;
      case 0x94:
        memoPut(memoSize);
        break;
      case 0x63: {
        // GLOBAL: "module\nname\n"
        const module = reader.text(reader.line('GLOBAL module'), 'GLOBAL module');
        stack.push(global(module, reader.text(reader.line('GLOBAL name'), 'GLOBAL name')));
        break;
      }
      case 0x93: {
        const name = pop();
        const module = pop();
        if (module.type !== 'str' || name.type !== 'str') reader.fail('STACK_GLOBAL needs two strings, a module and a name');
        stack.push(global(module.value, name.value));
        break;
      }
      case 0x82:
      case 0x83:
      case 0x84: {
        // EXT1/2/4: copyreg's extension registry, which Python would look up and import
        const code = opcode === 0x82 ? reader.u8() : opcode === 0x83 ? reader.u16() : reader.i32();
        unsafe.add(`extension code ${code}`);
        stack.push({ type: 'extension', code });
        break;
      }
      case 0x50: {
        const id: PyValue = { type: 'str', value: latin1(reader.line('PERSID')) };
        unsafe.add(`persistent id ${JSON.stringify(id.value)}`);
        stack.push({ type: 'persistent', id });
        break;
      }
      case 0x51: {
        const id = pop();
        unsafe.add('persistent id (BINPERSID)');
        stack.push({ type: 'persistent', id });
        break;
      }
      case 0x52: {
        // REDUCE
        const args = asTuple(pop(), 'REDUCE');
        stack.push(call(pop(), args));
        break;
      }
      case 0x81: {
        const args = asTuple(pop(), 'NEWOBJ');
        const cls = pop();
        unsafe.add(describe(cls));
        stack.push(newObject('newobj', cls, args));
        break;
      }
      case 0x92: {
        const kwargs = pop();
        const args = asTuple(pop(), 'NEWOBJ_EX');
        const cls = pop();
        unsafe.add(describe(cls));
        stack.push(newObject('newobj', cls, args, kwargs));
        break;
      }
      case 0x69: {
        // INST: "module\nname\n", arguments from the mark
        const module = reader.text(reader.line('INST module'), 'INST module');
        const cls = global(module, reader.text(reader.line('INST name'), 'INST name'));
        unsafe.add(describe(cls));
        stack.push(newObject('inst', cls, popMark()));
        break;
      }
      case 0x6f: {
        // OBJ: the class, then its arguments, from the mark
        const items = popMark();
        if (items.length === 0) reader.fail('OBJ with nothing after its MARK');
        unsafe.add(describe(items[0]!));
        stack.push(newObject('obj', items[0]!, items.slice(1)));
        break;
      }
      case 0x62: {
        // BUILD: __setstate__ or __dict__.update, which Python would run on the object
        const state = pop();
        const target = top();
        if (target.type === 'object') (target.states as PyValue[]).push(state);
        else {
          unsafe.add(`BUILD on ${describe(target)}`);
          stack[stack.length - 1] = { ...newObject('build', target, []), states: [state] };
        }
        break;
      }
      default:
        reader.fail(`unknown opcode 0x${opcode.toString(16).padStart(2, '0')}`);
    }
  }
}

export { PickleError };
