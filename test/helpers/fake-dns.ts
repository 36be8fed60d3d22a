/** In-process DNS peers for transport tests: a UDP socket and a TCP listener on one loopback port, scripted per query. */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as packet from 'dns-packet';

export type Query = packet.DecodedPacket;

export interface FakeDns {
  readonly port: number;
  readonly udpQueries: { query: Query; from: RemoteInfo }[];
  readonly tcpQueries: Query[];
  close(): Promise<void>;
}

export interface FakeDnsScript {
  /** Datagrams to send back for one UDP query (none: stay silent). */
  udp?: (query: Query, raw: Buffer) => Buffer[];
  /** The bytes to write back on TCP for one query, already framed; `chunkSize` splits them. */
  tcp?: (query: Query) => Buffer;
  chunkSize?: number;
}

/** A reply to `query` with these answers (dns-packet's shapes). */
export function answer(query: Query, answers: packet.Answer[], overrides: Partial<packet.Packet> = {}): Buffer {
  return packet.encode({
    type: 'response',
    id: query.id,
    flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
    questions: query.questions,
    answers,
    ...overrides,
  });
}

export function frame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/** A UDP socket and a TCP listener bound to the same free loopback port. */
async function bindBoth(tcp: Server): Promise<{ udp: UdpSocket; port: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { udp, port };
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
  throw new Error('no loopback port free for both UDP and TCP');
}

export async function startFakeDns(script: FakeDnsScript): Promise<FakeDns> {
  const udpQueries: FakeDns['udpQueries'] = [];
  const tcpQueries: Query[] = [];
  const onDatagram = (udp: UdpSocket) => (raw: Buffer, from: RemoteInfo) => {
    const query = packet.decode(raw);
    udpQueries.push({ query, from });
    for (const reply of script.udp?.(query, raw) ?? []) udp.send(reply, from.port, from.address);
  };
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      const query = packet.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
      tcpQueries.push(query);
      const bytes = script.tcp?.(query);
      if (!bytes) {
        socket.end();
        return;
      }
      const size = script.chunkSize ?? bytes.length;
      let offset = 0;
      // Chunks on separate timer turns, so the client really sees partial reads.
      const timer = setInterval(() => {
        if (socket.destroyed || offset >= bytes.length) {
          clearInterval(timer);
          return;
        }
        socket.write(bytes.subarray(offset, offset + size));
        offset += size;
      }, 1);
    });
  });
  const { udp, port } = await bindBoth(tcp);
  udp.on('message', onDatagram(udp));
  return {
    port,
    udpQueries,
    tcpQueries,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
