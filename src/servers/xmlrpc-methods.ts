/** The methods `serve xmlrpc` offers, with help and signatures. Plain functions over values: nothing is ever evaluated. */
import { addTypeError, type AddOperand } from '../protocol/python-add.js';
import { FaultCode, formatDateTime, int64, type XmlRpcFault, type XmlRpcValue } from '../protocol/xmlrpc/value.js';

/** A multicall answers each call with up to ~200 bytes (a fault), from as little as 8 (`<value/>`): bound the amplification. */
export const maxMulticalls = 1000;

/** Thrown by a method to answer with a fault. */
export class MethodFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'MethodFault';
  }
}

interface Method {
  readonly help: string;
  /** Return type first, then the parameters, in the names system.methodSignature uses. */
  readonly signatures: readonly (readonly string[])[];
  readonly call: (params: readonly XmlRpcValue[]) => XmlRpcValue;
}

const typeNames: Record<XmlRpcValue['type'], string> = {
  int: 'int',
  boolean: 'boolean',
  double: 'double',
  string: 'string',
  dateTime: 'dateTime.iso8601',
  base64: 'base64',
  array: 'array',
  struct: 'struct',
  nil: 'nil',
};

function arity(method: string, params: readonly XmlRpcValue[], count: number): void {
  if (params.length !== count) {
    throw new MethodFault(FaultCode.InvalidParams, `${method} takes ${count} parameter${count === 1 ? '' : 's'}, got ${params.length}`);
  }
}

/** What Python's xmlrpc.client makes of each type (use_builtin_types: base64 as bytes, dateTime as datetime), for `+`. */
const pythonOperands: Record<XmlRpcValue['type'], AddOperand> = {
  int: { name: 'int', category: 'number' },
  boolean: { name: 'bool', category: 'number' },
  double: { name: 'float', category: 'number' },
  string: { name: 'str', category: 'str' },
  base64: { name: 'bytes', category: 'bytes' },
  array: { name: 'list', category: 'list' },
  struct: { name: 'dict', category: 'other' },
  nil: { name: 'NoneType', category: 'other' },
  dateTime: { name: 'datetime.datetime', category: 'other' },
};

/** Python's SimpleXMLRPCServer answers an exception with fault 1 and `<class 'TypeError'>:message`. */
const pythonExceptionFault = 1;

function integerOf(value: XmlRpcValue): bigint | undefined {
  if (value.type === 'int') return value.value;
  if (value.type === 'boolean') return value.value ? 1n : 0n;
  return undefined;
}

/** `x + y` as Python computes it on the values xmlrpc.client hands a method (the course's `add`). */
function add(params: readonly XmlRpcValue[]): XmlRpcValue {
  arity('add', params, 2);
  const [a, b] = params as [XmlRpcValue, XmlRpcValue];
  const [x, y] = [integerOf(a), integerOf(b)];
  if (x !== undefined && y !== undefined) {
    const sum = x + y;
    if (sum < int64.min || sum > int64.max) throw new MethodFault(FaultCode.InvalidParams, `add: ${sum} is beyond 64 bits`);
    return { type: 'int', value: sum };
  }
  const [p, q] = [a.type === 'double' ? a.value : x, b.type === 'double' ? b.value : y];
  if (p !== undefined && q !== undefined) return { type: 'double', value: Number(p) + Number(q) };
  if (a.type === 'string' && b.type === 'string') return { type: 'string', value: a.value + b.value };
  if (a.type === 'array' && b.type === 'array') return { type: 'array', value: [...a.value, ...b.value] };
  if (a.type === 'base64' && b.type === 'base64') {
    const joined = new Uint8Array(a.value.length + b.value.length);
    joined.set(a.value);
    joined.set(b.value, a.value.length);
    return { type: 'base64', value: joined };
  }
  throw new MethodFault(pythonExceptionFault, `<class 'TypeError'>:${addTypeError(pythonOperands[a.type], pythonOperands[b.type])}`);
}

/** The method table. A Map, so a name like `constructor` or `__proto__` finds nothing. */
export function createMethods(now: () => number): ReadonlyMap<string, Method> {
  const methods = new Map<string, Method>();
  methods.set('add', {
    help: "add(a, b): a + b as Python's + does it: numbers add (int + int is an int, 64 bits at most), strings, arrays and base64 concatenate; other pairs are Python's TypeError fault.",
    signatures: [
      ['int', 'int', 'int'],
      ['double', 'double', 'double'],
      ['double', 'int', 'double'],
      ['double', 'double', 'int'],
      ['string', 'string', 'string'],
      ['array', 'array', 'array'],
      ['base64', 'base64', 'base64'],
    ],
    call: add,
  });
  methods.set('echo', {
    help: 'echo(value): returns its one parameter unchanged, whatever its type.',
    signatures: Object.values(typeNames).map((type) => [type, type]),
    call: (params) => {
      arity('echo', params, 1);
      return params[0] as XmlRpcValue;
    },
  });
  methods.set('time', {
    help: "time(): the server's current time in UTC, as dateTime.iso8601.",
    signatures: [['dateTime.iso8601']],
    call: (params) => {
      arity('time', params, 0);
      return { type: 'dateTime', value: formatDateTime(now()) };
    },
  });
  methods.set('system.listMethods', {
    help: 'system.listMethods(): the names of the methods this server offers.',
    signatures: [['array']],
    call: (params) => {
      arity('system.listMethods', params, 0);
      return { type: 'array', value: [...methods.keys()].sort().map((name) => ({ type: 'string', value: name })) };
    },
  });
  methods.set('system.methodHelp', {
    help: 'system.methodHelp(name): what a method does.',
    signatures: [['string', 'string']],
    call: (params) => ({ type: 'string', value: lookUp(methods, 'system.methodHelp', params).help }),
  });
  methods.set('system.methodSignature', {
    help: 'system.methodSignature(name): the signatures of a method, each the return type then the parameter types.',
    signatures: [['array', 'string']],
    call: (params) => ({
      type: 'array',
      value: lookUp(methods, 'system.methodSignature', params).signatures.map((signature) => ({
        type: 'array',
        value: signature.map((type) => ({ type: 'string', value: type })),
      })),
    }),
  });
  methods.set('system.multicall', {
    help: 'system.multicall(calls): runs an array of {methodName, params} structs; each result comes back as [value] or a fault struct.',
    signatures: [['array', 'array']],
    call: (params) => {
      arity('system.multicall', params, 1);
      const calls = params[0] as XmlRpcValue;
      if (calls.type !== 'array') throw new MethodFault(FaultCode.InvalidParams, 'system.multicall takes an array of {methodName, params} structs');
      if (calls.value.length > maxMulticalls) throw new MethodFault(FaultCode.InvalidParams, `system.multicall takes at most ${maxMulticalls} calls, got ${calls.value.length}`);
      return { type: 'array', value: calls.value.map((call) => runOneOfMulticall(methods, call)) };
    },
  });
  return methods;
}

function lookUp(methods: ReadonlyMap<string, Method>, caller: string, params: readonly XmlRpcValue[]): Method {
  arity(caller, params, 1);
  const name = params[0] as XmlRpcValue;
  if (name.type !== 'string') throw new MethodFault(FaultCode.InvalidParams, `${caller} takes a method name (a string)`);
  const method = methods.get(name.value);
  if (!method) throw new MethodFault(FaultCode.MethodNotFound, `no method '${name.value}'`);
  return method;
}

/** Runs one method; a fault comes back as data, for the response or for a multicall entry. */
export function callMethod(methods: ReadonlyMap<string, Method>, name: string, params: readonly XmlRpcValue[]): { value: XmlRpcValue } | { fault: XmlRpcFault } {
  const method = methods.get(name);
  if (!method) return { fault: { code: FaultCode.MethodNotFound, message: `no method '${name}' (system.listMethods lists them)` } };
  try {
    return { value: method.call(params) };
  } catch (error) {
    if (error instanceof MethodFault) return { fault: { code: error.code, message: error.message } };
    throw error;
  }
}

function faultStruct(fault: XmlRpcFault): XmlRpcValue {
  return {
    type: 'struct',
    value: new Map<string, XmlRpcValue>([
      ['faultCode', { type: 'int', value: BigInt(fault.code) }],
      ['faultString', { type: 'string', value: fault.message }],
    ]),
  };
}

// The multicall convention (Eric Kidd, 2001): [value] on success, a fault struct on failure.
function runOneOfMulticall(methods: ReadonlyMap<string, Method>, call: XmlRpcValue): XmlRpcValue {
  const name = call.type === 'struct' ? call.value.get('methodName') : undefined;
  const params = call.type === 'struct' ? (call.value.get('params') ?? { type: 'array', value: [] }) : undefined;
  if (name?.type !== 'string' || params?.type !== 'array') {
    return faultStruct({ code: FaultCode.InvalidParams, message: 'each call is a struct {methodName: string, params: array}' });
  }
  if (name.value === 'system.multicall') {
    return faultStruct({ code: FaultCode.InvalidRequest, message: 'system.multicall may not be called from within system.multicall' });
  }
  const outcome = callMethod(methods, name.value, params.value);
  return 'value' in outcome ? { type: 'array', value: [outcome.value] } : faultStruct(outcome.fault);
}
