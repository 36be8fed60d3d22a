/** Builds netlink sock_diag dumps byte by byte (little-endian host), for the parser's tests. */

export interface InetRecord {
  family?: 2 | 10;
  state: number;
  sport: number;
  dport: number;
  /** 4 bytes (IPv4) or 16 (IPv6). */
  src: readonly number[];
  dst: readonly number[];
  rqueue?: number;
  wqueue?: number;
  uid?: number;
  inode?: number;
  /** struct tcp_info bytes for an INET_DIAG_INFO attribute. */
  tcpInfo?: Uint8Array;
}

const pad4 = (n: number) => (n + 3) & ~3;

export function nlmsg(type: number, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(pad4(16 + payload.length));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 16 + payload.length, true);
  view.setUint16(4, type, true);
  view.setUint16(6, 2, true); // NLM_F_MULTI
  view.setUint32(8, 1, true);
  bytes.set(payload, 16);
  return bytes;
}

export function rtattr(type: number, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(pad4(4 + payload.length));
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 4 + payload.length, true);
  view.setUint16(2, type, true);
  bytes.set(payload, 4);
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function inetDiagMsg(record: InetRecord): Uint8Array {
  const body = new Uint8Array(72);
  const view = new DataView(body.buffer);
  body[0] = record.family ?? (record.src.length === 16 ? 10 : 2);
  body[1] = record.state;
  view.setUint16(4, record.sport, false);
  view.setUint16(6, record.dport, false);
  body.set(record.src, 8);
  body.set(record.dst, 24);
  view.setUint32(56, record.rqueue ?? 0, true);
  view.setUint32(60, record.wqueue ?? 0, true);
  view.setUint32(64, record.uid ?? 0, true);
  view.setUint32(68, record.inode ?? 0, true);
  return record.tcpInfo ? concat(body, rtattr(2, record.tcpInfo)) : body;
}

/** A struct tcp_info of `length` bytes with tcpi_bytes_acked and tcpi_bytes_received set, and tcpi_rtt (µs) and tcpi_total_retrans if given. */
export function tcpInfo(bytesAcked: bigint, bytesReceived: bigint, length = 232, { rtt = 0, totalRetrans = 0 } = {}): Uint8Array {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  if (length >= 104) {
    view.setUint32(68, rtt, true);
    view.setUint32(100, totalRetrans, true);
  }
  if (length >= 136) {
    view.setBigUint64(120, bytesAcked, true);
    view.setBigUint64(128, bytesReceived, true);
  }
  return bytes;
}

export const done = () => nlmsg(3, new Uint8Array(4));
export const nlError = (errno: number) => {
  const payload = new Uint8Array(20);
  new DataView(payload.buffer).setInt32(0, -errno, true);
  return nlmsg(2, payload);
};

export function inetDump(...records: InetRecord[]): Uint8Array {
  return concat(...records.map((r) => nlmsg(20, inetDiagMsg(r))), done());
}

export interface UnixRecord {
  type: number;
  state: number;
  inode: number;
  /** sun_path bytes as the kernel sends them (a leading 0 for abstract names). */
  name?: Uint8Array;
  peer?: number;
  rqlen?: [number, number];
  uid?: number;
}

export function unixDiagMsg(record: UnixRecord): Uint8Array {
  const head = new Uint8Array(16);
  const view = new DataView(head.buffer);
  head[0] = 1;
  head[1] = record.type;
  head[2] = record.state;
  view.setUint32(4, record.inode, true);
  const u32 = (...values: number[]) => {
    const b = new Uint8Array(4 * values.length);
    values.forEach((v, i) => new DataView(b.buffer).setUint32(4 * i, v, true));
    return b;
  };
  const attributes: Uint8Array[] = [];
  if (record.name) attributes.push(rtattr(0, record.name));
  if (record.peer !== undefined) attributes.push(rtattr(2, u32(record.peer)));
  if (record.rqlen) attributes.push(rtattr(4, u32(...record.rqlen)));
  if (record.uid !== undefined) attributes.push(rtattr(7, u32(record.uid)));
  return concat(head, ...attributes);
}
