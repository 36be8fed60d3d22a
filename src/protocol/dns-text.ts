/** DNS presentation format pieces (RFC 1035 §5.1) as dig prints them. Pure: values in, text out. */

/** Spaces and controls (C0, DEL, C1): a reply's names must not reach a terminal raw. */
const unprintable = /[\u0000-\u0020\u007f-\u009f]/g;

/**
 * A domain name as dig shows it: fully qualified, with the root as `.`, and a character that is not
 * printable as `\DDD` per byte (RFC 1035 §5.1), so a server cannot split a line or send escapes.
 */
export function formatName(name: string): string {
  if (name === '' || name === '.') return '.';
  const escaped = name.replace(unprintable, (c) => [...Buffer.from(c, 'utf8')].map((byte) => `\\${String(byte).padStart(3, '0')}`).join(''));
  return escaped.endsWith('.') ? escaped : `${escaped}.`;
}

/**
 * A label's bytes in presentation form as dig prints them (BIND's dns_name_totext): the characters
 * special in master files (`. " ( ) ; \ @ $`) backslash-escaped, bytes outside printable ASCII as
 * `\DDD` (RFC 1035 §5.1), so a label with a dot in it is not read as two labels.
 */
export function formatLabel(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0x2e || byte === 0x5c || byte === 0x22 || byte === 0x28 || byte === 0x29 || byte === 0x3b || byte === 0x40 || byte === 0x24) {
      out += `\\${String.fromCharCode(byte)}`;
    } else if (byte <= 0x20 || byte > 0x7e) out += `\\${String(byte).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

/**
 * A <character-string> in double quotes: `"` and `\` escaped, and bytes outside printable
 * ASCII as `\DDD` in decimal (RFC 1035 §5.1), exactly as BIND does.
 */
export function quoteString(bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let out = '"';
  for (const byte of data) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${String(byte).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** Text split into words of `size` characters; dig breaks long base64 and hex this way (56 per word). */
export function chunk(text: string, size = 56): string {
  const words: string[] = [];
  for (let i = 0; i < text.length; i += size) words.push(text.slice(i, i + size));
  return words.join(' ');
}

export function formatBase64(bytes: Uint8Array): string {
  return chunk(Buffer.from(bytes).toString('base64'));
}

export function formatHex(bytes: Uint8Array): string {
  return chunk(Buffer.from(bytes).toString('hex').toUpperCase());
}

/** RRSIG times as YYYYMMDDHHmmSS in UTC (RFC 4034 §3.2). */
export function formatDnssecTime(secondsSinceEpoch: number): string {
  return new Date(secondsSinceEpoch * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}


/** An NSID (RFC 5001) as dig 9.18 shows it: each byte in hex, then the printable reading (`6e 73 31 ("ns1")`), others as `.`. */
export function formatNsid(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  const text = Array.from(bytes, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
  return `${hex} ("${text}")`;
}
