/** IPv6 text: parsing to groups and the canonical form inet_ntop(3) writes (RFC 5952). Pure. */

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

/** IPv6 text in its canonical form; text that is not IPv6 is returned unchanged. */
export function formatIPv6(text: string): string {
  const groups = parseIPv6Groups(text);
  return groups ? formatIPv6Groups(groups) : text;
}

/** 16 bytes in network order, as the wire and /proc carry them. */
export function formatIPv6Bytes(bytes: Uint8Array | readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return formatIPv6Groups(groups);
}
