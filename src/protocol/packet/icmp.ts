/** ICMP (RFC 792) and ICMPv6 (RFC 4443): type, code, echo id/sequence, and the datagram an error quotes. Pure. */
import { decodeIpv4, decodeIpv6, formatIpv6At, IpProtocol } from './ip.js';
import type { Icmp, QuotedDatagram } from './types.js';

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;

const isEcho = (version: 4 | 6, type: number) => (version === 4 ? type === 0 || type === 8 : type === 128 || type === 129);
/** Errors quote the start of the datagram that caused them, from byte 8 on. */
const isError = (version: 4 | 6, type: number) => (version === 4 ? [3, 4, 5, 11, 12].includes(type) : type >= 1 && type <= 4);

function quoted(bytes: Uint8Array, start: number, version: 4 | 6): QuotedDatagram | undefined {
  const ip = version === 4 ? decodeIpv4(bytes, start) : decodeIpv6(bytes, start);
  if (!ip.network) return undefined;
  const { src, dst, protocol } = ip.network;
  const ports = (protocol === IpProtocol.Tcp || protocol === IpProtocol.Udp) && !ip.laterFragment && bytes.length >= ip.offset + 4;
  return { src, dst, protocol, sport: ports ? u16(bytes, ip.offset) : undefined, dport: ports ? u16(bytes, ip.offset + 2) : undefined };
}

export function decodeIcmp(bytes: Uint8Array, start: number, length: number, version: 4 | 6): { readonly transport: Icmp | undefined; readonly problem?: string } {
  const have = bytes.length - start;
  const name = version === 4 ? 'ICMP' : 'ICMPv6';
  if (have < 4) return { transport: undefined, problem: `truncated ${name} header (${have} of 4 bytes)` };
  const type = bytes[start]!;
  const echo = isEcho(version, type) && have >= 8 ? { id: u16(bytes, start + 4), sequence: u16(bytes, start + 6) } : undefined;
  const transport: Icmp = {
    kind: 'icmp',
    version,
    type,
    code: bytes[start + 1]!,
    echo,
    quoted: isError(version, type) && have > 8 ? quoted(bytes, start + 8, version) : undefined,
    target: version === 6 && (type === 135 || type === 136) && have >= 24 ? formatIpv6At(bytes, start + 8) : undefined,
    length,
  };
  if (isEcho(version, type) && have < 8) return { transport, problem: `truncated ${name} echo (${have} of 8 bytes)` };
  return { transport };
}
