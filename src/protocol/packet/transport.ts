/** TCP (RFC 9293: flags, sequence numbers, window, options) and UDP (RFC 768) headers. Pure: bytes in, fields out. */
import type { Tcp, TcpOption, Udp } from './types.js';

export interface TransportResult<T> {
  readonly transport: T | undefined;
  /** Where the payload starts. */
  readonly offset: number;
  readonly problem?: string;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/** RFC 9293 §3.2 options, with SACK (RFC 2018), window scale and timestamps (RFC 7323). */
function tcpOptions(bytes: Uint8Array, start: number, end: number): { readonly options: TcpOption[]; readonly problem?: string } {
  const options: TcpOption[] = [];
  for (let at = start; at < end; ) {
    const kind = bytes[at]!;
    if (kind === 0) {
      options.push({ kind: 'eol' });
      break;
    }
    if (kind === 1) {
      options.push({ kind: 'nop' });
      at++;
      continue;
    }
    const length = bytes[at + 1];
    if (length === undefined || length < 2 || at + length > end) return { options, problem: `bad TCP option ${kind} length` };
    const fixed = (want: number, option: () => TcpOption) => (length === want ? option() : ({ kind: 'other', code: kind, length } as const));
    switch (kind) {
      case 2:
        options.push(fixed(4, () => ({ kind: 'mss', value: u16(bytes, at + 2) })));
        break;
      case 3:
        options.push(fixed(3, () => ({ kind: 'wscale', value: bytes[at + 2]! })));
        break;
      case 4:
        options.push(fixed(2, () => ({ kind: 'sackOK' })));
        break;
      case 5: {
        const blocks: [number, number][] = [];
        for (let b = at + 2; b + 8 <= at + length; b += 8) blocks.push([u32(bytes, b), u32(bytes, b + 4)]);
        options.push({ kind: 'sack', blocks });
        break;
      }
      case 8:
        options.push(fixed(10, () => ({ kind: 'timestamp', value: u32(bytes, at + 2), echo: u32(bytes, at + 6) })));
        break;
      default:
        options.push({ kind: 'other', code: kind, length });
    }
    at += length;
  }
  return { options };
}

/** `segmentLength` is what the IP header says the TCP segment holds, header included. */
export function decodeTcp(bytes: Uint8Array, start: number, segmentLength: number): TransportResult<Tcp> {
  const have = bytes.length - start;
  if (have < 20) return { transport: undefined, offset: start, problem: `truncated TCP header (${have} of 20 bytes)` };
  const headerLength = (bytes[start + 12]! >> 4) * 4;
  const base = {
    kind: 'tcp' as const,
    sport: u16(bytes, start),
    dport: u16(bytes, start + 2),
    seq: u32(bytes, start + 4),
    ack: u32(bytes, start + 8),
    flags: ((bytes[start + 12]! & 1) << 8) | bytes[start + 13]!,
    window: u16(bytes, start + 14),
    urgent: u16(bytes, start + 18),
    headerLength,
  };
  if (headerLength < 20) return { transport: { ...base, options: [], payloadLength: 0 }, offset: start + 20, problem: `bad TCP header length ${headerLength}` };
  if (headerLength > segmentLength) {
    return { transport: { ...base, options: [], payloadLength: 0 }, offset: start + 20, problem: `TCP header length ${headerLength} > segment length ${segmentLength}` };
  }
  if (have < headerLength) {
    return { transport: { ...base, options: [], payloadLength: segmentLength - headerLength }, offset: start + have, problem: `truncated TCP options (${have} of ${headerLength} bytes)` };
  }
  const { options, problem } = tcpOptions(bytes, start + 20, start + headerLength);
  return { transport: { ...base, options, payloadLength: segmentLength - headerLength }, offset: start + headerLength, ...(problem ? { problem } : {}) };
}

export function decodeUdp(bytes: Uint8Array, start: number, datagramLength: number): TransportResult<Udp> {
  const have = bytes.length - start;
  if (have < 8) return { transport: undefined, offset: start, problem: `truncated UDP header (${have} of 8 bytes)` };
  const length = u16(bytes, start + 4);
  const udp: Udp = { kind: 'udp', sport: u16(bytes, start), dport: u16(bytes, start + 2), length, payloadLength: Math.max(length - 8, 0) };
  if (length < 8) return { transport: udp, offset: start + 8, problem: `bad UDP length ${length}` };
  if (length > datagramLength) return { transport: udp, offset: start + 8, problem: `UDP length ${length} > IP payload length ${datagramLength}` };
  return { transport: udp, offset: start + 8 };
}
