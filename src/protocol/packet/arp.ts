/** ARP (RFC 826) for Ethernet and IPv4, the only pairing in use. Pure: bytes in, fields out. */
import { formatMac } from './link.js';
import { formatIpv4 } from './ip.js';
import type { Arp } from './types.js';

export function decodeArp(bytes: Uint8Array, start: number): { readonly network: Arp | undefined; readonly problem?: string } {
  const have = bytes.length - start;
  if (have < 8) return { network: undefined, problem: `truncated ARP header (${have} of 8 bytes)` };
  const hardwareLength = bytes[start + 4]!;
  const protocolLength = bytes[start + 5]!;
  const need = 8 + 2 * (hardwareLength + protocolLength);
  if (have < need) return { network: undefined, problem: `truncated ARP packet (${have} of ${need} bytes)` };
  const address = (at: number, length: number) => (length === 4 ? formatIpv4(bytes, at) : formatMac(bytes, at, length));
  const sender = start + 8;
  const target = sender + hardwareLength + protocolLength;
  return {
    network: {
      kind: 'arp',
      hardwareType: (bytes[start]! << 8) | bytes[start + 1]!,
      protocolType: (bytes[start + 2]! << 8) | bytes[start + 3]!,
      operation: (bytes[start + 6]! << 8) | bytes[start + 7]!,
      senderHardware: formatMac(bytes, sender, hardwareLength),
      senderProtocol: address(sender + hardwareLength, protocolLength),
      targetHardware: formatMac(bytes, target, hardwareLength),
      targetProtocol: address(target + hardwareLength, protocolLength),
    },
  };
}
