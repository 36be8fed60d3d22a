/** Record data off the wire, type by type (RFC 1035 §3.3 and each type's RFC), into the fields dns-rdata.ts presents. Pure. */
import { packetTypeName } from './dns-types.js';

/** Reads bounded by the record's RDLENGTH; names may point back anywhere in the message (RFC 1035 §4.1.4). */
export interface RdataReader {
  u8(): number;
  u16(): number;
  u32(): number;
  bytes(count: number): Uint8Array;
  rest(): Uint8Array;
  name(): string;
  string(): Uint8Array;
  atEnd(): boolean;
}

/** The fields of each type the presentation reads (RFC 1035 §3.3 and each type's RFC); strings as bytes. */
export interface MxData { readonly preference: number; readonly exchange: string }
export interface SoaData {
  readonly mname: string; readonly rname: string; readonly serial: number; readonly refresh: number;
  readonly retry: number; readonly expire: number; readonly minimum: number;
}
export interface SrvData { readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
export interface HInfoData { readonly cpu: Uint8Array; readonly os: Uint8Array }
export interface RpData { readonly mbox: string; readonly txt: string }
export interface NaptrData {
  readonly order: number; readonly preference: number; readonly flags: Uint8Array; readonly services: Uint8Array;
  readonly regexp: Uint8Array; readonly replacement: string;
}
export interface CaaData { readonly flags: number; readonly tag: string; readonly value: Uint8Array }
export interface DsData { readonly keyTag: number; readonly algorithm: number; readonly digestType: number; readonly digest: Uint8Array }
export interface DnskeyData { readonly flags: number; readonly protocol?: number; readonly algorithm: number; readonly key: Uint8Array }
export interface RrsigData {
  readonly typeCovered: string; readonly algorithm: number; readonly labels: number; readonly originalTTL: number;
  readonly expiration: number; readonly inception: number; readonly keyTag: number; readonly signersName: string; readonly signature: Uint8Array;
}
export interface NsecData { readonly nextDomain: string; readonly rrtypes: readonly string[] }
export interface Nsec3Data {
  readonly algorithm: number; readonly flags: number; readonly iterations: number; readonly salt: Uint8Array;
  readonly nextDomain: Uint8Array; readonly rrtypes: readonly string[];
}
export interface TlsaData { readonly usage: number; readonly selector: number; readonly matchingType: number; readonly certificate: Uint8Array }
export interface SshfpData { readonly algorithm: number; readonly hash: number; readonly fingerprint: string }

function ipv4(reader: RdataReader): string {
  return `${reader.u8()}.${reader.u8()}.${reader.u8()}.${reader.u8()}`;
}

function ipv6(reader: RdataReader): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(reader.u16().toString(16));
  return groups.join(':');
}

/** The type bit maps of NSEC and NSEC3 (RFC 4034 §4.1.2): window, length, bits; type names as dns-packet spells them. */
function typeBitmaps(reader: RdataReader): string[] {
  const types: string[] = [];
  while (!reader.atEnd()) {
    const window = reader.u8();
    const length = reader.u8();
    const bits = reader.bytes(length);
    for (let i = 0; i < bits.length; i++) {
      for (let bit = 0; bit < 8; bit++) if (bits[i]! & (0x80 >> bit)) types.push(packetTypeName(window * 256 + i * 8 + bit));
    }
  }
  return types;
}

function strings(reader: RdataReader): Uint8Array[] {
  const list: Uint8Array[] = [];
  do list.push(reader.string());
  while (!reader.atEnd());
  return list;
}

/**
 * The data of one record, in the shape dns-rdata.ts presents (dns-packet's shapes, with strings kept as
 * bytes so that dig's `\DDD` shows what was sent). Types it does not read are their raw bytes
 * (RFC 3597), and so are CDS and CDNSKEY, which dns-rdata.ts reads as DS and DNSKEY.
 */
export function decodeRdata(type: number, reader: RdataReader): unknown {
  switch (type) {
    case 1:
      return ipv4(reader);
    case 28:
      return ipv6(reader);
    case 2: // NS
    case 5: // CNAME
    case 12: // PTR
    case 39: // DNAME
      return reader.name();
    case 15:
      return { preference: reader.u16(), exchange: reader.name() };
    case 16: // TXT
    case 99: // SPF
      return strings(reader);
    case 6:
      return { mname: reader.name(), rname: reader.name(), serial: reader.u32(), refresh: reader.u32(), retry: reader.u32(), expire: reader.u32(), minimum: reader.u32() };
    case 33:
      return { priority: reader.u16(), weight: reader.u16(), port: reader.u16(), target: reader.name() };
    case 13:
      return { cpu: reader.string(), os: reader.string() };
    case 17:
      return { mbox: reader.name(), txt: reader.name() };
    case 35:
      return { order: reader.u16(), preference: reader.u16(), flags: reader.string(), services: reader.string(), regexp: reader.string(), replacement: reader.name() };
    case 257: {
      const flags = reader.u8();
      const tag = reader.string();
      return { flags, tag: Buffer.from(tag).toString('latin1'), value: reader.rest(), issuerCritical: (flags & 128) !== 0 };
    }
    case 43:
      return { keyTag: reader.u16(), algorithm: reader.u8(), digestType: reader.u8(), digest: reader.rest() };
    case 48:
      return { flags: reader.u16(), protocol: reader.u8(), algorithm: reader.u8(), key: reader.rest() };
    case 46:
      return {
        typeCovered: packetTypeName(reader.u16()), algorithm: reader.u8(), labels: reader.u8(), originalTTL: reader.u32(),
        expiration: reader.u32(), inception: reader.u32(), keyTag: reader.u16(), signersName: reader.name(), signature: reader.rest(),
      };
    case 47:
      return { nextDomain: reader.name(), rrtypes: typeBitmaps(reader) };
    case 50: {
      const algorithm = reader.u8();
      const flags = reader.u8();
      const iterations = reader.u16();
      const salt = reader.bytes(reader.u8());
      const nextDomain = reader.bytes(reader.u8());
      return { algorithm, flags, iterations, salt, nextDomain, rrtypes: typeBitmaps(reader) };
    }
    case 52:
      return { usage: reader.u8(), selector: reader.u8(), matchingType: reader.u8(), certificate: reader.rest() };
    case 44:
      return { algorithm: reader.u8(), hash: reader.u8(), fingerprint: Buffer.from(reader.rest()).toString('hex').toUpperCase() };
    default:
      return reader.rest();
  }
}
