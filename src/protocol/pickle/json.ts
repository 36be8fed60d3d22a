/** Decoded pickle values as one line of JSON: exact integers at any size, tagged objects for what JSON lacks. Pure. */
import { formatPythonFloat, maxReprItems, Walk } from './repr.js';
import type { PyValue } from './value.js';

/**
 * None → null; bool; int → a number with every digit; float → a number (`2.0`), or {"$float": "nan"|"inf"|"-inf"};
 * str; bytes → {"$bytes": base64}; bytearray → {"$bytearray": base64}; list, tuple, set, frozenset → arrays;
 * dict → an object when every key is a str, else {"$dict": [[key, value], ...]}; a global → {"$global": "os.system"};
 * a call → {"$call": "os.system", "how", "args", ...}; a container inside itself → {"$recursive": "list"}.
 */
export function formatPickleJson(value: PyValue, { maxItems = maxReprItems } = {}): string {
  const parts: string[] = [];
  write(value, parts, new Walk(maxItems), 0);
  return parts.join('');
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function writeArray(items: readonly PyValue[], parts: string[], active: Walk, depth: number): void {
  parts.push('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(',');
    write(items[i]!, parts, active, depth + 1);
  }
  parts.push(']');
}

function writePairs(entries: readonly (readonly [PyValue, PyValue])[], parts: string[], active: Walk, depth: number): void {
  if (entries.every(([key]) => key.type === 'str')) {
    parts.push('{');
    entries.forEach(([key, item], i) => {
      parts.push(`${i > 0 ? ',' : ''}${JSON.stringify((key as { value: string }).value)}:`);
      write(item, parts, active, depth + 1);
    });
    parts.push('}');
    return;
  }
  parts.push('{"$dict":[');
  entries.forEach(([key, item], i) => {
    parts.push(i > 0 ? ',[' : '[');
    write(key, parts, active, depth + 1);
    parts.push(',');
    write(item, parts, active, depth + 1);
    parts.push(']');
  });
  parts.push(']}');
}

function write(value: PyValue, parts: string[], active: Walk, depth: number): void {
  active.visit(depth);
  switch (value.type) {
    case 'none':
      parts.push('null');
      return;
    case 'bool':
      parts.push(value.value ? 'true' : 'false');
      return;
    case 'int':
      parts.push(value.value.toString());
      return;
    case 'float':
      parts.push(Number.isFinite(value.value) ? formatPythonFloat(value.value) : `{"$float":"${formatPythonFloat(value.value)}"}`);
      return;
    case 'str':
      parts.push(JSON.stringify(value.value));
      return;
    case 'bytes':
    case 'bytearray':
      parts.push(`{"$${value.type}":"${base64(value.value)}"}`);
      return;
    case 'global':
      parts.push(`{"$global":${JSON.stringify(`${value.module}.${value.name}`)}}`);
      return;
    case 'persistent':
      parts.push('{"$persistent":');
      write(value.id, parts, active, depth + 1);
      parts.push('}');
      return;
    case 'extension':
      parts.push(`{"$extension":${value.code}}`);
      return;
    case 'buffer':
      parts.push(`{"$buffer":${value.index},"readonly":${value.readonly}}`);
      return;
    default:
      break;
  }
  if (active.has(value)) {
    parts.push(`{"$recursive":"${value.type}"}`);
    return;
  }
  active.add(value);
  switch (value.type) {
    case 'list':
    case 'tuple':
    case 'set':
    case 'frozenset':
      writeArray(value.items, parts, active, depth);
      break;
    case 'dict':
      writePairs(value.entries, parts, active, depth);
      break;
    case 'object': {
      const callable = value.callable.type === 'global' ? JSON.stringify(`${value.callable.module}.${value.callable.name}`) : undefined;
      parts.push('{"$call":');
      if (callable) parts.push(callable);
      else write(value.callable, parts, active, depth + 1);
      parts.push(`,"how":"${value.how}","args":`);
      writeArray(value.args, parts, active, depth);
      if (value.kwargs) {
        parts.push(',"kwargs":');
        write(value.kwargs, parts, active, depth + 1);
      }
      for (const [key, items] of [['state', value.states], ['listItems', value.listItems], ['setItems', value.setItems]] as const) {
        if (items.length === 0) continue;
        parts.push(`,"${key}":`);
        writeArray(items, parts, active, depth);
      }
      if (value.dictItems.length > 0) {
        parts.push(',"dictItems":');
        writePairs(value.dictItems, parts, active, depth);
      }
      parts.push('}');
      break;
    }
    default:
      break;
  }
  active.delete(value);
}
