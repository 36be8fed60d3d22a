/** XML-RPC documents to values, on fast-xml-parser with text kept exact. Pure: strings in, data out; never evaluates. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FaultCode, int32, int64, maxNesting, methodNamePattern, normalizeDateTime, notXmlChar, XmlRpcFormatError, type XmlRpcFault, type XmlRpcValue } from './value.js';

/** A node of fast-xml-parser's ordered output: `{tag: children}`, `{'#text': text}` or `{'#cdata': [{'#text'}]}`. */
type XmlNode = Record<string, unknown>;

interface Element {
  readonly name: string;
  readonly children: readonly XmlNode[];
}

// Each level of array or struct costs three elements (array/data/value, struct/member/value).
const maxElementDepth = 3 * (maxNesting + 1) + 8;

// Text exactly as sent: no number parsing, no trimming. Entities are decoded here, not by the parser,
// so that an unknown or malformed reference is an error instead of text passed through.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: maxElementDepth,
  // No callbacks here read the path; building it as a string for each tag costs a third of the parse.
  jPath: false,
});

const predefinedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character and predefined entity references (XML 1.0 §4.1, §4.6); anything else is an error. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*)?(;?)/g, (whole, ref: string | undefined, semicolon: string) => {
    if (ref === undefined || semicolon !== ';') throw new XmlRpcFormatError(`malformed XML: a bare '&' (write &amp;)`, FaultCode.ParseError);
    if (ref.startsWith('#')) {
      // Any number of digits is read, so that a reference far past U+10FFFF is named as such.
      const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      const valid = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!valid) throw new XmlRpcFormatError(`malformed XML: ${whole} is not a character XML allows`, FaultCode.ParseError);
      return String.fromCodePoint(code);
    }
    const named = predefinedEntities[ref];
    if (named === undefined) throw new XmlRpcFormatError(`malformed XML: unknown entity ${whole}`, FaultCode.ParseError);
    return named;
  });
}

function nodeName(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

/** The element children of a node; text between them must be whitespace. */
function elementsOf(children: readonly XmlNode[], where: string): Element[] {
  const elements: Element[] = [];
  for (const node of children) {
    const name = nodeName(node);
    if (name === '#text' || name === '#cdata') {
      if (/\S/.test(textOfNode(node))) throw new XmlRpcFormatError(`unexpected text in ${where}`);
    } else {
      elements.push({ name, children: node[name] as XmlNode[] });
    }
  }
  return elements;
}

function textOfNode(node: XmlNode): string {
  if ('#text' in node) return decodeEntities(String(node['#text']));
  // CDATA is literal: no references inside it.
  return ((node['#cdata'] as XmlNode[] | undefined) ?? []).map((part) => String(part['#text'] ?? '')).join('');
}

/** The text content of a leaf element; an element inside it is an error. */
function textOf(element: Element): string {
  let text = '';
  for (const node of element.children) {
    const name = nodeName(node);
    if (name !== '#text' && name !== '#cdata') throw new XmlRpcFormatError(`<${element.name}> holds an element <${name}>; it takes text only`);
    text += textOfNode(node);
  }
  return text;
}

function only(element: Element, name: string): Element {
  const elements = elementsOf(element.children, `<${element.name}>`);
  if (elements.length !== 1 || elements[0]?.name !== name) {
    throw new XmlRpcFormatError(`<${element.name}> must hold one <${name}>, not ${elements.length ? elements.map((e) => `<${e.name}>`).join(' ') : 'nothing'}`);
  }
  return elements[0];
}

function parseDocument(xml: string, rootName: string): Element {
  // A DTD could declare entities; XML-RPC has no use for one, and nothing in a request is expanded.
  if (/<!DOCTYPE/i.test(xml)) throw new XmlRpcFormatError('malformed XML-RPC: a DOCTYPE is not allowed', FaultCode.ParseError);
  // XML 1.0 §2.11: CRLF and lone CR are read as LF, before anything else.
  const text = xml.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/\S/.test(text)) throw new XmlRpcFormatError('malformed XML: the document is empty', FaultCode.ParseError);
  const bad = notXmlChar.exec(text);
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new XmlRpcFormatError(`malformed XML: U+${code} at offset ${bad.index} is not a character XML allows`, FaultCode.ParseError);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlRpcFormatError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, FaultCode.ParseError);
  let nodes: XmlNode[];
  try {
    nodes = parser.parse(text) as XmlNode[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new XmlRpcFormatError(/nested/i.test(message) ? `values nest deeper than ${maxNesting} levels` : `malformed XML: ${message}`, FaultCode.ParseError);
  }
  const roots = elementsOf(nodes, 'the document');
  if (roots.length !== 1) throw new XmlRpcFormatError(`malformed XML: ${roots.length} root elements`, FaultCode.ParseError);
  const root = roots[0] as Element;
  if (root.name !== rootName) throw new XmlRpcFormatError(`expected <${rootName}>, got <${root.name}>`);
  return root;
}

function decodeInteger(text: string, tag: string): XmlRpcValue {
  const trimmed = text.trim();
  if (!/^[+-]?\d{1,40}$/.test(trimmed)) throw new XmlRpcFormatError(`bad <${tag}> '${text.slice(0, 40)}': not an integer`);
  const value = BigInt(trimmed);
  const range = tag === 'i8' ? int64 : int32;
  if (value < range.min || value > range.max) throw new XmlRpcFormatError(`bad <${tag}> ${trimmed}: out of range (${tag === 'i8' ? 64 : 32} bits)`);
  return { type: 'int', value };
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/[ \t\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    throw new XmlRpcFormatError('bad <base64>: not valid base64 text');
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function decodeValue(element: Element, depth: number): XmlRpcValue {
  if (depth > maxNesting) throw new XmlRpcFormatError(`values nest deeper than ${maxNesting} levels`);
  // The spec: "If no type is indicated, the type is string."
  const hasElement = element.children.some((node) => !['#text', '#cdata'].includes(nodeName(node)));
  if (!hasElement) return { type: 'string', value: textOf(element) };
  const typed = elementsOf(element.children, '<value>');
  if (typed.length > 1) throw new XmlRpcFormatError(`<value> holds ${typed.length} elements; it takes one`);
  const inner = typed[0] as Element;
  // Apache's extensions arrive as <ex:nil/> and <ex:i8>; the prefix carries no other meaning here.
  const tag = inner.name.replace(/^ex:/, '');
  switch (tag) {
    case 'i4':
    case 'int':
    case 'i8':
      return decodeInteger(textOf(inner), tag);
    case 'boolean': {
      const text = textOf(inner).trim();
      if (text !== '0' && text !== '1') throw new XmlRpcFormatError(`bad <boolean> '${text.slice(0, 40)}': use 0 or 1`);
      return { type: 'boolean', value: text === '1' };
    }
    case 'double': {
      const text = textOf(inner).trim();
      const value = Number(text);
      if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) || !Number.isFinite(value)) {
        throw new XmlRpcFormatError(`bad <double> '${text.slice(0, 40)}': not a finite number`);
      }
      return { type: 'double', value };
    }
    case 'string':
      return { type: 'string', value: textOf(inner) };
    case 'dateTime.iso8601': {
      const text = textOf(inner).trim();
      if (normalizeDateTime(text) === undefined) throw new XmlRpcFormatError(`bad <dateTime.iso8601> '${text.slice(0, 40)}'`);
      return { type: 'dateTime', value: text };
    }
    case 'base64':
      return { type: 'base64', value: decodeBase64(textOf(inner)) };
    case 'array': {
      const data = only(inner, 'data');
      return { type: 'array', value: elementsOf(data.children, '<data>').map((item) => decodeValue(named(item, 'value', '<data>'), depth + 1)) };
    }
    case 'struct': {
      const members = new Map<string, XmlRpcValue>();
      for (const member of elementsOf(inner.children, '<struct>')) {
        named(member, 'member', '<struct>');
        const parts = elementsOf(member.children, '<member>');
        const name = parts.find((part) => part.name === 'name');
        const value = parts.find((part) => part.name === 'value');
        if (parts.length !== 2 || !name || !value) throw new XmlRpcFormatError('<member> must hold one <name> and one <value>');
        members.set(textOf(name), decodeValue(value, depth + 1));
      }
      return { type: 'struct', value: members };
    }
    case 'nil':
      if (elementsOf(inner.children, '<nil>').length) throw new XmlRpcFormatError('<nil/> must be empty');
      return { type: 'nil' };
    default:
      throw new XmlRpcFormatError(`unknown type <${inner.name}> in <value>`);
  }
}

function named(element: Element, name: string, where: string): Element {
  if (element.name !== name) throw new XmlRpcFormatError(`<${element.name}> in ${where}; expected <${name}>`);
  return element;
}

function decodeParams(params: Element | undefined): XmlRpcValue[] {
  if (!params) return [];
  return elementsOf(params.children, '<params>').map((param) => decodeValue(only(named(param, 'param', '<params>'), 'value'), 0));
}

export interface MethodCall {
  readonly method: string;
  readonly params: readonly XmlRpcValue[];
}

export function decodeMethodCall(xml: string): MethodCall {
  const root = parseDocument(xml, 'methodCall');
  const parts = elementsOf(root.children, '<methodCall>');
  const name = parts.find((part) => part.name === 'methodName');
  const params = parts.find((part) => part.name === 'params');
  const stray = parts.find((part) => part !== name && part !== params);
  if (!name) throw new XmlRpcFormatError('<methodCall> has no <methodName>');
  if (stray) throw new XmlRpcFormatError(`unexpected <${stray.name}> in <methodCall>`);
  const method = textOf(name).trim();
  if (!methodNamePattern.test(method)) throw new XmlRpcFormatError(`bad method name '${method.slice(0, 80)}'`);
  return { method, params: decodeParams(params) };
}

/** A fault as received: the code is an int by the spec, a string from some servers. */
export interface ReceivedFault {
  readonly code: number | string;
  readonly message: string;
}

export type MethodResponse = { readonly kind: 'result'; readonly value: XmlRpcValue } | { readonly kind: 'fault'; readonly fault: ReceivedFault };

export function decodeMethodResponse(xml: string): MethodResponse {
  const root = parseDocument(xml, 'methodResponse');
  const parts = elementsOf(root.children, '<methodResponse>');
  const part = parts[0];
  if (parts.length !== 1 || (part?.name !== 'params' && part?.name !== 'fault')) {
    throw new XmlRpcFormatError('<methodResponse> must hold one <params> or one <fault>');
  }
  if (part.name === 'params') {
    const params = decodeParams(part);
    if (params.length !== 1) throw new XmlRpcFormatError(`<methodResponse> must hold one <param>, not ${params.length}`);
    return { kind: 'result', value: params[0] as XmlRpcValue };
  }
  const fault = decodeValue(only(part, 'value'), 0);
  const code = fault.type === 'struct' ? fault.value.get('faultCode') : undefined;
  const message = fault.type === 'struct' ? fault.value.get('faultString') : undefined;
  // The spec says int; some servers send a string, and Python's client reports that as a fault too.
  if (code?.type !== 'int' && code?.type !== 'string') throw new XmlRpcFormatError('<fault> must be a struct with a faultCode (int or string)');
  return { kind: 'fault', fault: { code: code.type === 'int' ? Number(code.value) : code.value, message: message?.type === 'string' ? message.value : '' } };
}

/**
 * The bytes of a document as text, in the encoding its XML declaration names (UTF-8 when it names
 * none, XML 1.0 §4.3.3). Bytes that are not valid in that encoding are an error, not U+FFFD.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  // A UTF-16 document starts with its byte-order mark (XML 1.0 §4.3.3, Appendix F); Python's
  // ServerProxy(encoding='utf-16') sends one.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label = utf16 ?? /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1] ?? 'utf-8';
  // TextDecoder reads every ISO-8859-1 label as windows-1252 (WHATWG Encoding), which turns the
  // bytes 0x80-0x9F into other characters (0x80 into €); ISO-8859-1 maps each byte to U+0000-U+00FF.
  if (/^(?:iso[-_]?8859[-_]1|latin[-_]?1|l1|cp819|ibm819)$/i.test(label)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const decoder = (() => {
    // Python names its codecs 'latin-1', 'latin_1', 'utf_8' and writes those names in the declaration;
    // the WHATWG labels TextDecoder knows are 'latin1', 'utf-8'.
    for (const candidate of [label, label.replace(/_/g, '-'), label.replace(/^(latin)[-_]/i, '$1')]) {
      try {
        return new TextDecoder(candidate, { fatal: true });
      } catch {
        // try the next spelling
      }
    }
    throw new XmlRpcFormatError(`malformed XML: unknown encoding '${label}'`, FaultCode.ParseError);
  })();
  try {
    return decoder.decode(bytes);
  } catch {
    throw new XmlRpcFormatError(`malformed XML: the document is not valid ${label}`, FaultCode.ParseError);
  }
}
