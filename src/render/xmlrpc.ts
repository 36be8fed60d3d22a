/** XML-RPC values as JSON text, exactly: 64-bit integers keep every digit, doubles keep their point. */
import { normalizeDateTime, type XmlRpcValue } from '../protocol/xmlrpc/value.js';

/**
 * int → number (every digit, even beyond 2^53), double → number with a point or exponent,
 * boolean → true/false, nil → null, string → string, dateTime → ISO 8601 string,
 * base64 → {"base64": "..."}, array → array, struct → object (members in the order received).
 */
export function formatXmlRpcJson(value: XmlRpcValue, indent = '  '): string {
  const out: string[] = [];
  write(out, value, indent, '');
  out.push('\n');
  return out.join('');
}

function formatDouble(value: number): string {
  const text = JSON.stringify(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

function write(out: string[], value: XmlRpcValue, indent: string, prefix: string): void {
  const inner = prefix + indent;
  const newline = indent ? '\n' : '';
  const colon = indent ? ': ' : ':';
  switch (value.type) {
    case 'int':
      out.push(value.value.toString());
      return;
    case 'double':
      out.push(formatDouble(value.value));
      return;
    case 'boolean':
      out.push(String(value.value));
      return;
    case 'nil':
      out.push('null');
      return;
    case 'string':
      out.push(JSON.stringify(value.value));
      return;
    case 'dateTime':
      out.push(JSON.stringify(normalizeDateTime(value.value) ?? value.value));
      return;
    case 'base64':
      out.push(`{${newline}${inner}"base64"${colon}${JSON.stringify(Buffer.from(value.value).toString('base64'))}${newline}${prefix}}`);
      return;
    case 'array': {
      if (value.value.length === 0) {
        out.push('[]');
        return;
      }
      out.push('[');
      value.value.forEach((item, index) => {
        out.push(index ? `,${newline}${inner}` : `${newline}${inner}`);
        write(out, item, indent, inner);
      });
      out.push(`${newline}${prefix}]`);
      return;
    }
    case 'struct': {
      if (value.value.size === 0) {
        out.push('{}');
        return;
      }
      out.push('{');
      let first = true;
      for (const [name, member] of value.value) {
        out.push(`${first ? '' : ','}${newline}${inner}${JSON.stringify(name)}${colon}`);
        write(out, member, indent, inner);
        first = false;
      }
      out.push(`${newline}${prefix}}`);
      return;
    }
    default: {
      const never: never = value;
      throw new Error(`unknown XML-RPC value ${String(never)}`);
    }
  }
}
