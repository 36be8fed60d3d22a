/** SVCB and HTTPS rdata (RFC 9460) from wire bytes to dig's presentation; dns-packet does not know them. Pure. */
import { formatIPv6Bytes } from './ipv6.js';
import { formatLabel, quoteString } from './dns-text.js';

const keyNames = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint', 'dohpath', 'ohttp'];

export class SvcbFormatError extends Error {}

function keyName(key: number): string {
  return keyNames[key] ?? `key${key}`;
}

/** TargetName is never compressed (RFC 9460 §2.2), so it is read label by label from the rdata alone. */
function readName(rdata: Uint8Array, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let offset = start;
  for (;;) {
    const length = rdata[offset];
    if (length === undefined) throw new SvcbFormatError('target name runs past the record');
    offset++;
    if (length === 0) break;
    if (length > 63) throw new SvcbFormatError('compressed or bad label in the target name');
    if (offset + length > rdata.length) throw new SvcbFormatError('target name runs past the record');
    labels.push(formatLabel(rdata.subarray(offset, offset + length)));
    offset += length;
  }
  return { name: labels.length ? `${labels.join('.')}.` : '.', end: offset };
}

function uint16List(value: Uint8Array, what: string): number[] {
  if (value.length % 2 !== 0 || value.length === 0) throw new SvcbFormatError(`${what} has a bad length`);
  const list: number[] = [];
  for (let i = 0; i < value.length; i += 2) list.push((value[i]! << 8) | value[i + 1]!);
  return list;
}

/** alpn ids: escape `,` and `\` inside an id, join with `,`, then quote the whole (RFC 9460 Appendix A.1). */
function formatAlpn(value: Uint8Array): string {
  const ids: string[] = [];
  for (let offset = 0; offset < value.length; ) {
    const length = value[offset]!;
    if (length === 0 || offset + 1 + length > value.length) throw new SvcbFormatError('alpn has a bad length');
    const id = Buffer.from(value.subarray(offset + 1, offset + 1 + length)).toString('latin1');
    ids.push(id.replace(/[\\,]/g, (c) => `\\${c}`));
    offset += 1 + length;
  }
  return quoteString(Buffer.from(ids.join(','), 'latin1'));
}

function formatValue(key: number, value: Uint8Array): string | null {
  switch (key) {
    case 0:
      return uint16List(value, 'mandatory').map(keyName).join(',');
    case 1:
      return formatAlpn(value);
    case 2:
    case 8:
      if (value.length) throw new SvcbFormatError(`${keyName(key)} must be empty`);
      return null;
    case 3:
      if (value.length !== 2) throw new SvcbFormatError('port has a bad length');
      return String((value[0]! << 8) | value[1]!);
    case 4: {
      if (value.length === 0 || value.length % 4) throw new SvcbFormatError('ipv4hint has a bad length');
      const out: string[] = [];
      for (let i = 0; i < value.length; i += 4) out.push(Array.from(value.subarray(i, i + 4)).join('.'));
      return out.join(',');
    }
    case 5:
      return Buffer.from(value).toString('base64');
    case 6: {
      if (value.length === 0 || value.length % 16) throw new SvcbFormatError('ipv6hint has a bad length');
      const out: string[] = [];
      for (let i = 0; i < value.length; i += 16) out.push(formatIPv6Bytes(value.subarray(i, i + 16)));
      return out.join(',');
    }
    default:
      return value.length ? quoteString(value) : null;
  }
}

/** `1 . alpn="h3,h2" port=443 ipv4hint=192.0.2.1`: priority, target, then each SvcParam in wire order. */
export function formatSvcb(rdata: Uint8Array): string {
  if (rdata.length < 3) throw new SvcbFormatError('record shorter than priority and target');
  const priority = (rdata[0]! << 8) | rdata[1]!;
  const { name, end } = readName(rdata, 2);
  const parts = [String(priority), name];
  for (let offset = end; offset < rdata.length; ) {
    if (offset + 4 > rdata.length) throw new SvcbFormatError('SvcParam header runs past the record');
    const key = (rdata[offset]! << 8) | rdata[offset + 1]!;
    const length = (rdata[offset + 2]! << 8) | rdata[offset + 3]!;
    if (offset + 4 + length > rdata.length) throw new SvcbFormatError(`${keyName(key)} runs past the record`);
    const value = formatValue(key, rdata.subarray(offset + 4, offset + 4 + length));
    parts.push(value === null ? keyName(key) : `${keyName(key)}=${value}`);
    offset += 4 + length;
  }
  return parts.join(' ');
}
