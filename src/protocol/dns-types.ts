/** DNS record types by name and number (IANA registry), and the ones users may ask for. Pure. */

const numbers: Readonly<Record<string, number>> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, RP: 17, AAAA: 28, SRV: 33,
  NAPTR: 35, DNAME: 39, OPT: 41, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50,
  TLSA: 52, CDS: 59, CDNSKEY: 60, SVCB: 64, HTTPS: 65, SPF: 99, IXFR: 251, AXFR: 252, ANY: 255, CAA: 257,
};

const names = new Map(Object.entries(numbers).map(([name, number]) => [number, name]));

/** The types `nettool dns` takes as words (SPEC "dns"), plus the DNSSEC and key types dig users reach for. */
export const queryTypes = [
  'A', 'AAAA', 'MX', 'TXT', 'NS', 'SOA', 'CNAME', 'PTR', 'SRV', 'CAA', 'NAPTR', 'DS', 'DNSKEY', 'HTTPS', 'SVCB',
  'ANY', 'RRSIG', 'NSEC', 'TLSA', 'SSHFP', 'DNAME', 'HINFO', 'CDS', 'CDNSKEY', 'AXFR',
] as const;
const queryTypeSet = new Set<string>(queryTypes);

/** `MX` → 15; `TYPE65` → 65 (RFC 3597 §5); anything else → undefined. */
export function parseRecordType(text: string): number | undefined {
  const upper = text.toUpperCase();
  if (queryTypeSet.has(upper)) return numbers[upper];
  const generic = /^TYPE(\d{1,5})$/.exec(upper);
  if (generic && Number(generic[1]) <= 65535) return Number(generic[1]);
  return undefined;
}

/** 15 → `MX`; 65280 → `TYPE65280` (RFC 3597 §5). */
export function formatRecordType(type: number): string {
  return names.get(type) ?? `TYPE${type}`;
}

/** dns-packet's name for a type: it knows most by name but HTTPS/SVCB and new ones only as `UNKNOWN_<n>`. */
const packetKnows = new Set([
  'A', 'NS', 'CNAME', 'SOA', 'PTR', 'HINFO', 'MX', 'TXT', 'RP', 'AAAA', 'SRV', 'NAPTR', 'DNAME', 'OPT', 'DS',
  'SSHFP', 'RRSIG', 'NSEC', 'DNSKEY', 'NSEC3', 'TLSA', 'CDS', 'CDNSKEY', 'SPF', 'ANY', 'CAA',
]);

export function packetTypeName(type: number): string {
  const name = names.get(type);
  return name !== undefined && packetKnows.has(name) ? name : `UNKNOWN_${type}`;
}

/** The reverse of packetTypeName: dns-packet's string back to the number. */
export function packetTypeNumber(name: string): number | undefined {
  if (name.startsWith('UNKNOWN_')) return Number(name.slice('UNKNOWN_'.length));
  return numbers[name];
}

/** Classes by the names BIND's presentation uses (RFC 1035 §3.2.4, RFC 2136 §2.4 for NONE); others are CLASSnnn. */
const classNumbers: Readonly<Record<string, number>> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 };
const classNames = new Map(Object.entries(classNumbers).map(([name, number]) => [number, name]));

/** 1 → `IN`; 3840 → `CLASS3840` (RFC 3597 §5), as dig writes it. */
export function formatRecordClass(klass: number): string {
  return classNames.get(klass) ?? `CLASS${klass}`;
}

/** `IN`, `ch`, `CLASS3` → the number; anything else → undefined. */
export function parseRecordClass(text: string): number | undefined {
  const upper = text.toUpperCase();
  if (upper in classNumbers) return classNumbers[upper];
  const generic = /^CLASS(\d{1,5})$/.exec(upper);
  return generic && Number(generic[1]) <= 65535 ? Number(generic[1]) : undefined;
}
