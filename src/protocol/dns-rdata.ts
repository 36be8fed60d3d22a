/** Record data in dig's presentation form, from the fields dns-rdata-wire.ts decoded. Pure; throws on data it cannot show. */
import { formatRecordType, packetTypeNumber } from './dns-types.js';
import { chunk, formatBase64, formatDnssecTime, formatHex, formatName, quoteString } from './dns-text.js';
import { formatIPv6 } from './ipv6.js';
import { formatSvcb } from './svcb.js';
import { decodeRdataBytes } from './dns-wire.js';
import type * as shapes from './dns-rdata-wire.js';

type Data = unknown;

function txtStrings(data: Data): Uint8Array[] {
  const list = Array.isArray(data) ? data : [data];
  return list.map((item) => (typeof item === 'string' ? Buffer.from(item) : (item as Uint8Array)));
}

/** Base32 with the extended hex alphabet, unpadded, as NSEC3 next-hashed names are written (RFC 5155 §3.3). */
function formatBase32Hex(bytes: Uint8Array): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Raw rdata of a type nobody decoded: `\# <length> <hex>` (RFC 3597 §5). */
function formatUnknown(data: Data): string {
  const bytes = data as Uint8Array;
  return bytes.length ? `\\# ${bytes.length} ${formatHex(bytes)}` : '\\# 0';
}

/** `type` is dns-packet's type name (`MX`, `UNKNOWN_65`). */
export function formatRdata(type: string, data: Data): string {
  switch (type) {
    case 'A':
      return data as string;
    case 'AAAA':
      return formatIPv6(data as string);
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return formatName(data as string);
    case 'MX': {
      const mx = data as shapes.MxData;
      return `${mx.preference ?? 0} ${formatName(mx.exchange)}`;
    }
    case 'TXT':
    case 'SPF':
      return txtStrings(data).map(quoteString).join(' ');
    case 'SOA': {
      const soa = data as shapes.SoaData;
      return [formatName(soa.mname), formatName(soa.rname), soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum].join(' ');
    }
    case 'SRV': {
      const srv = data as shapes.SrvData;
      return `${srv.priority ?? 0} ${srv.weight ?? 0} ${srv.port} ${formatName(srv.target)}`;
    }
    case 'CAA': {
      const caa = data as shapes.CaaData;
      return `${caa.flags ?? 0} ${caa.tag} ${quoteString(caa.value)}`;
    }
    case 'NAPTR': {
      const n = data as shapes.NaptrData;
      return `${n.order} ${n.preference} ${quoteString(n.flags)} ${quoteString(n.services)} ${quoteString(n.regexp)} ${formatName(n.replacement)}`;
    }
    case 'DS': {
      const ds = data as shapes.DsData;
      return `${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${formatHex(ds.digest)}`;
    }
    case 'DNSKEY': {
      // The protocol field is 3 (RFC 4034 §2.1.2); whatever came is shown, as dig does.
      const key = data as shapes.DnskeyData;
      return `${key.flags} ${key.protocol ?? 3} ${key.algorithm} ${formatBase64(key.key)}`;
    }
    case 'RRSIG': {
      const sig = data as shapes.RrsigData;
      const covered = formatRecordType(packetTypeNumber(sig.typeCovered) ?? 0);
      return [
        covered, sig.algorithm, sig.labels, sig.originalTTL, formatDnssecTime(sig.expiration), formatDnssecTime(sig.inception),
        sig.keyTag, formatName(sig.signersName), formatBase64(sig.signature),
      ].join(' ');
    }
    case 'NSEC': {
      const nsec = data as shapes.NsecData;
      return [formatName(nsec.nextDomain), ...nsec.rrtypes.map((t) => formatRecordType(packetTypeNumber(t) ?? 0))].join(' ');
    }
    case 'NSEC3': {
      const n = data as shapes.Nsec3Data;
      const salt = n.salt.length ? Buffer.from(n.salt).toString('hex').toUpperCase() : '-';
      const types = n.rrtypes.map((t) => formatRecordType(packetTypeNumber(t) ?? 0));
      return [n.algorithm, n.flags, n.iterations, salt, formatBase32Hex(n.nextDomain), ...types].join(' ');
    }
    case 'TLSA': {
      const t = data as shapes.TlsaData;
      return `${t.usage} ${t.selector} ${t.matchingType} ${formatHex(t.certificate)}`;
    }
    case 'SSHFP': {
      const s = data as shapes.SshfpData;
      // dns-packet gives the fingerprint as upper-case hex already; dig breaks it into 56-character words.
      return `${s.algorithm} ${s.hash} ${chunk(s.fingerprint)}`;
    }
    case 'HINFO': {
      const h = data as shapes.HInfoData;
      return `${quoteString(h.cpu)} ${quoteString(h.os)}`;
    }
    case 'RP': {
      const rp = data as shapes.RpData;
      return `${formatName(rp.mbox)} ${formatName(rp.txt)}`;
    }
    case 'CDS':
    case 'CDNSKEY': {
      // The child's copies of DS and DNSKEY (RFC 7344 §3.1), in the same format; they arrive raw.
      return formatRdata(type === 'CDS' ? 'DS' : 'DNSKEY', decodeRdataBytes(type === 'CDS' ? 43 : 48, data as Uint8Array));
    }
    case 'UNKNOWN_64':
    case 'UNKNOWN_65':
      return formatSvcb(data as Uint8Array);
    default:
      // Every type dns-rdata-wire.ts does not read arrives as the raw rdata.
      if (!(data instanceof Uint8Array)) throw new Error(`no presentation for ${type}`);
      return formatUnknown(data);
  }
}
