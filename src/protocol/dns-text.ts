/** DNS presentation format pieces (RFC 1035 §5.1) as dig prints them. Pure: values in, text out. */

/** A domain name as dig shows it: fully qualified, with the root as `.`. */
export function formatName(name: string): string {
  if (name === '' || name === '.') return '.';
  return name.endsWith('.') ? name : `${name}.`;
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

/** Eight 16-bit groups from IPv6 text (`::`, embedded IPv4), or undefined when it is not IPv6. */
export function parseIPv6Groups(text: string): number[] | undefined {
  let input = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(input);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    input = `${input.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = input.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * IPv6 text as BIND's inet_ntop writes it: lowercase, the longest run of two or more zero groups
 * as `::` (RFC 5952 §4.2), and `::ffff:a.b.c.d` / `::a.b.c.d` for IPv4-mapped and -compatible.
 */
export function formatIPv6Groups(groups: readonly number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) best = { start: -1, length: 0 };
  if (best.start === 0 && (best.length === 6 || (best.length === 5 && groups[5] === 0xffff))) {
    const v4 = [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
    return `::${best.length === 5 ? 'ffff:' : ''}${v4}`;
  }
  if (best.start < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, best.start).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(best.start + best.length).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

export function formatIPv6(text: string): string {
  const groups = parseIPv6Groups(text);
  return groups ? formatIPv6Groups(groups) : text;
}

export function formatIPv6Bytes(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIPv6Groups(groups);
}
