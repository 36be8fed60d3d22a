/** XML-RPC values as JSON text, exactly: 64-bit integers keep every digit, doubles keep their point. */
import { escapeForTerminal } from '../protocol/terminal-text.js';
import { normalizeDateTime, type XmlRpcValue } from '../protocol/xmlrpc/value.js';

/** Lines are kept within this many columns where an array or struct fits; longer ones break, one item a line. */
const width = 80;

/**
 * int → number (every digit, even beyond 2^53), double → number with a point or exponent,
 * boolean → true/false, nil → null, string → string, dateTime → ISO 8601 string,
 * base64 → {"base64": "..."}, array → array, struct → object (members in the order received).
 * `pretty`: indented, with short arrays and structs on one line; else one line in all.
 */
export function formatXmlRpcJson(value: XmlRpcValue, { pretty = true } = {}): string {
  if (!pretty) return `${compact(value, Number.POSITIVE_INFINITY, ',', ':')}\n`;
  const out: string[] = [];
  write(out, value, '', 0);
  out.push('\n');
  return out.join('');
}

/** A peer's string as JSON, with what JSON.stringify leaves raw (DEL, C1, bidirectional controls) as \u escapes too. */
function jsonString(text: string): string {
  return escapeForTerminal(JSON.stringify(text));
}

function formatDouble(value: number): string {
  // JSON.stringify(-0) is "0": the sign a peer sent would be lost.
  if (Object.is(value, -0)) return '-0.0';
  const text = JSON.stringify(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

function scalar(value: XmlRpcValue): string | undefined {
  switch (value.type) {
    case 'int':
      return value.value.toString();
    case 'double':
      return formatDouble(value.value);
    case 'boolean':
      return String(value.value);
    case 'nil':
      return 'null';
    case 'string':
      return jsonString(value.value);
    case 'dateTime':
      return jsonString(normalizeDateTime(value.value) ?? value.value);
    case 'base64':
    case 'array':
    case 'struct':
      return undefined;
    default: {
      const never: never = value;
      throw new Error(`unknown XML-RPC value ${String(never)}`);
    }
  }
}

function entries(value: XmlRpcValue): { open: string; close: string; items: [string | undefined, XmlRpcValue][] } | undefined {
  if (value.type === 'array') return { open: '[', close: ']', items: value.value.map((item) => [undefined, item]) };
  if (value.type === 'struct') return { open: '{', close: '}', items: [...value.value].map(([name, member]) => [jsonString(name), member]) };
  if (value.type === 'base64') return { open: '{', close: '}', items: [['"base64"', { type: 'string', value: Buffer.from(value.value).toString('base64') }]] };
  return undefined;
}

/** The value on one line, or undefined as soon as it grows past `budget` characters. */
function compact(value: XmlRpcValue, budget: number, comma = ', ', colon = ': '): string | undefined {
  const text = scalar(value);
  if (text !== undefined) return text.length <= budget ? text : undefined;
  const container = entries(value) as NonNullable<ReturnType<typeof entries>>;
  let line = container.open;
  for (const [index, [name, item]] of container.items.entries()) {
    if (index) line += comma;
    if (name !== undefined) line += name + colon;
    const inner = compact(item, budget - line.length, comma, colon);
    if (inner === undefined) return undefined;
    line += inner;
  }
  line += container.close;
  return line.length <= budget ? line : undefined;
}

/** `used`: the columns already taken on the current line, by the indentation and a member's name. */
function write(out: string[], value: XmlRpcValue, prefix: string, used: number): void {
  const container = entries(value);
  const oneLine = container ? compact(value, width - used) : scalar(value);
  if (oneLine !== undefined || !container) {
    out.push(oneLine ?? '');
    return;
  }
  const inner = `${prefix}  `;
  out.push(container.open);
  container.items.forEach(([name, item], index) => {
    const label = name === undefined ? '' : `${name}: `;
    out.push(`${index ? ',' : ''}\n${inner}${label}`);
    write(out, item, inner, inner.length + label.length);
  });
  out.push(`\n${prefix}${container.close}`);
}
