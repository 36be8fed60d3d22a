/** XML-RPC documents from values: methodCall, methodResponse and fault. Pure: strings out, no I/O. */
import { FaultCode, int32, int64, maxNesting, methodNamePattern, notXmlChar, XmlRpcFormatError, type XmlRpcFault, type XmlRpcValue } from './value.js';

const prolog = '<?xml version="1.0"?>\n';

const notXmlChars = new RegExp(notXmlChar.source, 'gu');

/**
 * Escapes text for element content. `\r` goes as `&#13;` because XML parsers turn a literal CR
 * into LF (XML 1.0 §2.11), and a string must arrive as it was sent.
 */
export function escapeXmlText(text: string, what: string): string {
  const bad = notXmlChar.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0) ?? 0;
    throw new XmlRpcFormatError(`${what} holds U+${code.toString(16).toUpperCase().padStart(4, '0')}, which XML cannot carry (send it as base64)`);
  }
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Shortest text that reads back as the same double, always with a point or exponent. */
function formatDouble(value: number): string {
  if (!Number.isFinite(value)) throw new XmlRpcFormatError(`the double ${value} cannot be sent: XML-RPC has no NaN or infinity`);
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function encodeValueInto(out: string[], value: XmlRpcValue, depth: number): void {
  if (depth > maxNesting) throw new XmlRpcFormatError(`values nest deeper than ${maxNesting} levels`);
  out.push('<value>');
  switch (value.type) {
    case 'int':
      // A value beyond 32 bits is never sent as <int>: most peers (Python included) would reject it.
      if (value.value >= int32.min && value.value <= int32.max) out.push(`<int>${value.value}</int>`);
      else if (value.value >= int64.min && value.value <= int64.max) out.push(`<i8>${value.value}</i8>`);
      else throw new XmlRpcFormatError(`the integer ${value.value} is beyond 64 bits, the most XML-RPC can carry (<i8>)`);
      break;
    case 'boolean':
      out.push(`<boolean>${value.value ? 1 : 0}</boolean>`);
      break;
    case 'double':
      out.push(`<double>${formatDouble(value.value)}</double>`);
      break;
    case 'string':
      out.push(`<string>${escapeXmlText(value.value, 'a string')}</string>`);
      break;
    case 'dateTime':
      out.push(`<dateTime.iso8601>${escapeXmlText(value.value, 'a dateTime')}</dateTime.iso8601>`);
      break;
    case 'base64':
      out.push(`<base64>${Buffer.from(value.value.buffer, value.value.byteOffset, value.value.byteLength).toString('base64')}</base64>`);
      break;
    case 'array':
      out.push('<array><data>');
      for (const item of value.value) encodeValueInto(out, item, depth + 1);
      out.push('</data></array>');
      break;
    case 'struct':
      out.push('<struct>');
      for (const [name, member] of value.value) {
        out.push(`<member><name>${escapeXmlText(name, 'a struct member name')}</name>`);
        encodeValueInto(out, member, depth + 1);
        out.push('</member>');
      }
      out.push('</struct>');
      break;
    case 'nil':
      out.push('<nil/>');
      break;
    default: {
      const never: never = value;
      throw new XmlRpcFormatError(`unknown value ${JSON.stringify(never)}`);
    }
  }
  out.push('</value>');
}

/** One `<value>` element. */
export function encodeValue(value: XmlRpcValue): string {
  const out: string[] = [];
  encodeValueInto(out, value, 0);
  return out.join('');
}

function encodeParams(out: string[], params: readonly XmlRpcValue[]): void {
  out.push('<params>\n');
  for (const param of params) {
    out.push('<param>');
    encodeValueInto(out, param, 0);
    out.push('</param>\n');
  }
  out.push('</params>\n');
}

export function encodeMethodCall(method: string, params: readonly XmlRpcValue[]): string {
  if (!methodNamePattern.test(method)) {
    throw new XmlRpcFormatError(`bad method name '${method}': XML-RPC allows letters, digits, '_', '.', ':' and '/'`);
  }
  const out = [prolog, `<methodCall>\n<methodName>${method}</methodName>\n`];
  encodeParams(out, params);
  out.push('</methodCall>\n');
  return out.join('');
}

export function encodeMethodResponse(result: XmlRpcValue): string {
  const out = [prolog, '<methodResponse>\n'];
  encodeParams(out, [result]);
  out.push('</methodResponse>\n');
  return out.join('');
}

/** A fault response. A message XML cannot carry gets U+FFFD in place of those characters: a fault must always go out. */
export function encodeFault(fault: XmlRpcFault): string {
  const code = Number.isSafeInteger(fault.code) && BigInt(fault.code) >= int32.min && BigInt(fault.code) <= int32.max ? fault.code : FaultCode.InternalError;
  const members = new Map<string, XmlRpcValue>([
    ['faultCode', { type: 'int', value: BigInt(code) }],
    ['faultString', { type: 'string', value: fault.message.replace(notXmlChars, '\uFFFD') }],
  ]);
  const out = [prolog, '<methodResponse>\n<fault>\n'];
  encodeValueInto(out, { type: 'struct', value: members }, 0);
  out.push('\n</fault>\n</methodResponse>\n');
  return out.join('');
}
