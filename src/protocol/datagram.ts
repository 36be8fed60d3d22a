/** Datagrams as people and scripts see them: printable-or-hex, one line each, JSON records. Pure: no sockets, no clock. */
import { isUtf8 } from 'node:buffer';
import { formatPeer, unmapAddress } from './address.js';
import { unsafeForTerminal } from './terminal-text.js';

/** The largest UDP payload: 65,535 minus the 8-byte UDP header and the 20-byte IPv4 header (RFC 768, RFC 791). */
export const maxIpv4Datagram = 65_507;
/** IPv6 counts only the payload in its length field, so its header does not count against the limit (RFC 8200 §3). */
export const maxIpv6Datagram = 65_527;

export function maxDatagramSize(family: 4 | 6): number {
  return family === 6 ? maxIpv6Datagram : maxIpv4Datagram;
}


/** A payload with a character unsafe on a terminal is shown as hex, never as text. */
const controls = unsafeForTerminal;
const needsEscape = /[\\\n\r\t]/;
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function view(payload: Uint8Array): Buffer {
  return Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** The payload as text when it is UTF-8 with no control characters other than tab, CR and LF; else undefined. */
function printableText(payload: Uint8Array): string | undefined {
  const bytes = view(payload);
  if (!isUtf8(bytes)) return undefined;
  const text = bytes.toString('utf8');
  return controls.test(text) ? undefined : text;
}

/**
 * Text when the payload is UTF-8 with no control characters other than tab, CR and LF:
 * those still show as text, escaped, so that one datagram stays one line.
 */
export function isPrintable(payload: Uint8Array): boolean {
  return printableText(payload) !== undefined;
}

/** Printable text with backslash, newline, CR and tab escaped, so the line stays one line and unambiguous. */
export function escapeText(text: string): string {
  return needsEscape.test(text) ? text.replace(/[\\\n\r\t]/g, (ch) => escapes[ch]!) : text;
}

export function toHex(payload: Uint8Array): string {
  return view(payload).toString('hex');
}

/** The payload column: escaped text, or hex when the bytes are not printable text (or hex is asked for). */
export function formatPayload(payload: Uint8Array, hex = false): { readonly text: string; readonly isHex: boolean } {
  const text = hex ? undefined : printableText(payload);
  return text === undefined ? { text: toHex(payload), isHex: true } : { text: escapeText(text), isHex: false };
}

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `2026-11-25T18:35:14.123Z`, as Date#toISOString, with the part up to the second reused: a busy listener prints thousands a second. */
export function formatIsoTime(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    // Years beyond 9999 change the width; leave those to Date.
    if (iso.length !== 24) return new Date(whole).toISOString();
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  const fraction = whole - second * 1000;
  return `${cachedPrefix}${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}Z`;
}

export interface Datagram {
  /** Milliseconds since the epoch when it arrived. */
  readonly time: number;
  /** The sender as the socket reported it (IPv4-mapped addresses allowed; shown unmapped). */
  readonly address: string;
  readonly port: number;
  readonly payload: Uint8Array;
}

/** Colouring hooks, identity when colour is off; kept here as a shape so this module imports no palette. */
export interface DatagramStyle {
  readonly dim: (s: string) => string;
  readonly address: (s: string) => string;
  readonly number: (s: string) => string;
}

const noStyle: DatagramStyle = { dim: (s) => s, address: (s) => s, number: (s) => s };

/** `2026-11-25T18:35:14.123Z  127.0.0.1:53422  11 bytes  Hello World` (SPEC, udp). */
export function formatDatagramLine(datagram: Datagram, options: { hex?: boolean; style?: DatagramStyle } = {}): string {
  const style = options.style ?? noStyle;
  const size = datagram.payload.length;
  const head = `${style.dim(formatIsoTime(datagram.time))}  ${style.address(formatPeer(datagram.address, datagram.port))}  ${style.number(String(size))} ${size === 1 ? 'byte' : 'bytes'}`;
  if (size === 0) return `${head}\n`;
  const payload = formatPayload(datagram.payload, options.hex);
  return `${head}  ${payload.isHex ? style.dim(payload.text) : payload.text}\n`;
}

export interface DatagramRecord {
  readonly time: string;
  readonly from: { readonly address: string; readonly port: number };
  readonly size: number;
  /** The payload decoded as UTF-8, or null when it is not valid UTF-8. */
  readonly data: string | null;
  readonly hex: string;
}

/** The `--json` record: `{"time","from":{"address","port"},"size","data"(utf8 or null),"hex"}` (SPEC, udp). */
export function toDatagramRecord(datagram: Datagram): DatagramRecord {
  const bytes = view(datagram.payload);
  return {
    time: formatIsoTime(datagram.time),
    from: { address: unmapAddress(datagram.address), port: datagram.port },
    size: bytes.length,
    data: isUtf8(bytes) ? bytes.toString('utf8') : null,
    hex: bytes.toString('hex'),
  };
}
