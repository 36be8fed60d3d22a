/** The few globals plain data needs in protocols 0-3 (bytes, sets, bytearray, OrderedDict), rebuilt as data. Nothing here is ever called. */
import type { PyValue } from './value.js';

/** Python 2 names that Python 3's unpickler maps to their Python 3 homes (fix_imports). */
const renamedModules: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

const allowed = new Set(['_codecs.encode', 'builtins.bytes', 'builtins.bytearray', 'builtins.set', 'builtins.frozenset', 'collections.OrderedDict']);

function qualified(module: string, name: string): string {
  return `${renamedModules[module] ?? module}.${name}`;
}

export function isAllowedGlobal(module: string, name: string): boolean {
  return allowed.has(qualified(module, name));
}

/** `str` as latin-1 bytes, or undefined when a character is beyond U+00FF. */
function latin1Bytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

/** `_codecs.encode(text, 'latin1')`: how protocols 0-2 carry bytes. Other codecs stay a call. */
function encoded(args: readonly PyValue[]): Uint8Array | undefined {
  const [text, codec] = args;
  if (args.length !== 2 || text?.type !== 'str' || codec?.type !== 'str') return undefined;
  if (/^(latin-?1|iso-?8859-?1)$/i.test(codec.value)) return latin1Bytes(text.value);
  if (/^utf-?8$/i.test(codec.value)) return new TextEncoder().encode(text.value);
  return undefined;
}

function itemsOf(value: PyValue | undefined): readonly PyValue[] | undefined {
  return value?.type === 'list' || value?.type === 'tuple' || value?.type === 'set' || value?.type === 'frozenset' ? value.items : undefined;
}

/** The data an allowed call with these arguments makes, or undefined to keep it an inert call. */
export function rebuildAllowed(module: string, name: string, args: readonly PyValue[]): PyValue | undefined {
  switch (qualified(module, name)) {
    case '_codecs.encode': {
      const bytes = encoded(args);
      return bytes && { type: 'bytes', value: bytes };
    }
    case 'builtins.bytes':
      if (args.length === 0) return { type: 'bytes', value: new Uint8Array(0) };
      return args[0]?.type === 'bytes' && args.length === 1 ? args[0] : undefined;
    case 'builtins.bytearray': {
      if (args.length === 0) return { type: 'bytearray', value: new Uint8Array(0) };
      const [first] = args;
      if (args.length === 1 && first?.type === 'bytes') return { type: 'bytearray', value: first.value.slice() };
      const bytes = encoded(args);
      return bytes && { type: 'bytearray', value: bytes };
    }
    case 'builtins.set':
    case 'builtins.frozenset': {
      const items = args.length === 0 ? [] : args.length === 1 ? itemsOf(args[0]) : undefined;
      return items && { type: name === 'set' ? 'set' : 'frozenset', items: [...items] };
    }
    case 'collections.OrderedDict': {
      if (args.length === 0) return { type: 'dict', entries: [], ordered: true };
      const pairs = args.length === 1 ? itemsOf(args[0]) : undefined;
      const entries = pairs?.map((pair) => itemsOf(pair));
      if (!entries || entries.some((entry) => entry?.length !== 2)) return undefined;
      return { type: 'dict', entries: entries.map((entry) => [entry![0]!, entry![1]!] as const), ordered: true };
    }
    default:
      return undefined;
  }
}
