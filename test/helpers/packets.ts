/** Builds packets byte by byte for decoder tests and the tcpdump oracle: each function one header, fields named. */

export const hex = (text: string) => Buffer.from(text.replace(/\s+|#[^\n]*/g, ''), 'hex');

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const v4 = (address: string) => address.split('.').map(Number);
function v6(address: string): number[] {
  const [head = '', tail = ''] = address.split('::');
  const parts = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = address.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill(0), ...t] : h;
  return groups.flatMap(u16);
}

export function ethernet(type: number, payload: Uint8Array, { src = '02:00:00:00:00:01', dst = '02:00:00:00:00:02', vlan }: { src?: string; dst?: string; vlan?: number } = {}): Buffer {
  const mac = (m: string) => m.split(':').map((b) => parseInt(b, 16));
  const tag = vlan === undefined ? [] : [...u16(0x8100), ...u16(vlan)];
  return Buffer.from([...mac(dst), ...mac(src), ...tag, ...u16(type), ...payload]);
}

export interface Ipv4Fields {
  src?: string;
  dst?: string;
  protocol: number;
  ttl?: number;
  id?: number;
  options?: number[];
  flags?: number;
  fragmentOffset?: number;
  totalLength?: number;
}

export function ipv4(fields: Ipv4Fields, payload: Uint8Array): Buffer {
  const options = fields.options ?? [];
  const headerLength = 20 + options.length;
  const word = ((fields.flags ?? 0x2) << 13) | ((fields.fragmentOffset ?? 0) / 8);
  return Buffer.from([
    0x40 | (headerLength / 4), 0, ...u16(fields.totalLength ?? headerLength + payload.length), ...u16(fields.id ?? 1), ...u16(word),
    fields.ttl ?? 64, fields.protocol, 0, 0, ...v4(fields.src ?? '10.0.0.1'), ...v4(fields.dst ?? '10.0.0.2'), ...options, ...payload,
  ]);
}

/** `extensions`: [next-header value of the extension, its bytes after the first two] in order. */
export function ipv6(fields: { src?: string; dst?: string; protocol: number; hopLimit?: number; extensions?: [number, number[]][] }, payload: Uint8Array): Buffer {
  const chain = fields.extensions ?? [];
  const extensionBytes: number[] = [];
  chain.forEach(([, body], i) => {
    const next = i + 1 < chain.length ? chain[i + 1]![0] : fields.protocol;
    const type = chain[i]![0];
    const length = type === 44 ? 0 : (body.length + 2) / 8 - 1;
    extensionBytes.push(next, length, ...body);
  });
  const first = chain.length ? chain[0]![0] : fields.protocol;
  const payloadLength = extensionBytes.length + payload.length;
  return Buffer.from([0x60, 0, 0, 0, ...u16(payloadLength), first, fields.hopLimit ?? 64, ...v6(fields.src ?? 'fd00::1'), ...v6(fields.dst ?? 'fd00::2'), ...extensionBytes, ...payload]);
}

export function udp(sport: number, dport: number, payload: Uint8Array): Buffer {
  return Buffer.from([...u16(sport), ...u16(dport), ...u16(8 + payload.length), 0, 0, ...payload]);
}

export function tcp(fields: { sport: number; dport: number; seq: number; ack?: number; flags: number; window?: number; urgent?: number; options?: number[] }, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const options = fields.options ?? [];
  const headerLength = 20 + options.length;
  return Buffer.from([
    ...u16(fields.sport), ...u16(fields.dport), ...u32(fields.seq), ...u32(fields.ack ?? 0), (headerLength / 4) << 4, fields.flags,
    ...u16(fields.window ?? 65535), 0, 0, ...u16(fields.urgent ?? 0), ...options, ...payload,
  ]);
}

export function icmp(type: number, code: number, rest: number[], body: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.from([type, code, 0, 0, ...rest, ...body]);
}

export function arp(operation: number, senderMac: string, senderIp: string, targetMac: string, targetIp: string): Buffer {
  const mac = (m: string) => m.split(':').map((b) => parseInt(b, 16));
  return Buffer.from([...u16(1), ...u16(0x0800), 6, 4, ...u16(operation), ...mac(senderMac), ...v4(senderIp), ...mac(targetMac), ...v4(targetIp)]);
}

/** A DNS message: header fields, one question, A answers. */
export function dns(fields: { id: number; flags: number; name: string; type?: number; answers?: string[]; additional?: number[] }): Buffer {
  const name = [...fields.name.split('.').flatMap((label) => [label.length, ...Buffer.from(label)]), 0];
  const answers = (fields.answers ?? []).flatMap((address) => [0xc0, 12, ...u16(1), ...u16(1), ...u32(300), ...u16(4), ...v4(address)]);
  const extra = fields.additional ?? [];
  return Buffer.from([
    ...u16(fields.id), ...u16(fields.flags), ...u16(1), ...u16(fields.answers?.length ?? 0), 0, 0, ...u16(extra.length ? 1 : 0),
    ...name, ...u16(fields.type ?? 1), ...u16(1), ...answers, ...extra,
  ]);
}

/** An EDNS OPT record (RFC 6891 §6.1.2): root name, type 41, UDP size 1232, no options. */
export const ednsOpt = [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0];
