/** XML-RPC values as data (http://xmlrpc.com/spec.md): a tagged union and its limits. Pure: no I/O. */

/**
 * One XML-RPC value. Integers are BigInt whatever their tag (`i4`, `int`, `i8`) so that 64-bit
 * values stay exact; the tag to send is chosen from the value's range when encoding.
 * `dateTime` keeps the text as sent: the spec gives it no time zone, so it is not a Date.
 */
export type XmlRpcValue =
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'dateTime'; readonly value: string }
  | { readonly type: 'base64'; readonly value: Uint8Array }
  | { readonly type: 'array'; readonly value: readonly XmlRpcValue[] }
  | { readonly type: 'struct'; readonly value: ReadonlyMap<string, XmlRpcValue> }
  | { readonly type: 'nil' };

export type XmlRpcType = XmlRpcValue['type'];

/** A `<fault>`: the server's "no", with its code and message (spec, "Fault example"). */
export interface XmlRpcFault {
  readonly code: number;
  readonly message: string;
}

/** Fault codes from the "Specification for Fault Code Interoperability" (xmlrpc-epi), used by many servers. */
export const FaultCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
} as const;

/**
 * A document that is not well-formed XML-RPC, or a value XML-RPC cannot carry. `code` is the
 * fault a server answers with: ParseError for XML that is not well-formed, else InvalidRequest.
 */
export class XmlRpcFormatError extends Error {
  constructor(
    message: string,
    readonly code: number = FaultCode.InvalidRequest,
  ) {
    super(message);
    this.name = 'XmlRpcFormatError';
  }
}

/** Arrays and structs nest at most this deep, in and out: a bound on recursion, not a spec limit. */
export const maxNesting = 64;

export const int32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n } as const;
export const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n } as const;

/** Characters XML 1.0 (§2.2) cannot carry at all, even as references: most C0 controls, lone surrogates, U+FFFE/F. */
export const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The spec's method-name alphabet: letters, digits, `_`, `.`, `:` and `/`. */
export const methodNamePattern = /^[A-Za-z0-9_.:/]+$/;

export const xmlRpc = {
  int: (value: bigint | number): XmlRpcValue => ({ type: 'int', value: BigInt(value) }),
  boolean: (value: boolean): XmlRpcValue => ({ type: 'boolean', value }),
  double: (value: number): XmlRpcValue => ({ type: 'double', value }),
  string: (value: string): XmlRpcValue => ({ type: 'string', value }),
  dateTime: (value: string): XmlRpcValue => ({ type: 'dateTime', value }),
  base64: (value: Uint8Array): XmlRpcValue => ({ type: 'base64', value }),
  array: (value: readonly XmlRpcValue[]): XmlRpcValue => ({ type: 'array', value }),
  struct: (entries: Iterable<readonly [string, XmlRpcValue]>): XmlRpcValue => ({ type: 'struct', value: new Map(entries) }),
  nil: (): XmlRpcValue => ({ type: 'nil' }),
} as const;

/** `20261125T18:35:14`, the form Python and most servers send: UTC, whole seconds. */
export function formatDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}`;
}

/**
 * `dateTime.iso8601` text → `2026-11-25T18:35:14` (extended ISO 8601), or undefined when it is not
 * a date and time. Both the basic form the spec shows and the extended form are accepted; a zone
 * or fraction, where a server adds one, is kept.
 */
export function normalizeDateTime(text: string): string | undefined {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = ''] = match;
  if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return undefined;
  if (Number(hour) > 24 || Number(minute) > 59 || Number(second) > 60) return undefined;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`;
}
