/** Binding UDP services: one socket (dual-stack by default), the shared policy's allow-list and rate limit before any reply. */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { ConnectionPolicy } from './policy.js';
import { bindError, type BoundAddress, type ListenTarget, type ServerHandle } from './listen.js';

/** Turns one datagram into the reply to send back, or undefined to send nothing (discard). */
export type DatagramReply = (message: Buffer, from: RemoteInfo) => Uint8Array | undefined;

function bindSocket(target: Extract<ListenTarget, { kind: 'inet' }>, host: string): Promise<Socket> {
  const socket = createSocket({ type: isIP(host) === 4 ? 'udp4' : 'udp6', ipv6Only: false });
  return new Promise((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind({ port: target.port, address: host }, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

export async function createDatagramService(target: ListenTarget, policy: ConnectionPolicy, reply: DatagramReply): Promise<ServerHandle> {
  if (target.kind !== 'inet') throw new Error('UDP services listen on an address and port, not a Unix socket');
  let socket: Socket;
  try {
    if (target.host !== undefined) {
      socket = await bindSocket(target, target.host);
    } else {
      try {
        socket = await bindSocket(target, '::');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
        socket = await bindSocket(target, '0.0.0.0');
      }
    }
  } catch (error) {
    throw bindError(error, target, 'UDP');
  }
  // Errors on a UDP socket (ICMP unreachable reported on a later send) concern one peer, never the server.
  socket.on('error', () => {});
  socket.on('message', (message, from) => {
    if (!policy.admitDatagram(from.address, from.port)) return;
    const answer = reply(message, from);
    policy.recordDatagram(from.address, from.port, message.length, answer?.length ?? 0);
    if (answer) socket.send(answer, from.port, from.address);
  });
  const bound = socket.address();
  const address: BoundAddress = { kind: 'inet', host: bound.address, port: bound.port, family: bound.family === 'IPv6' ? 6 : 4 };
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        policy.closeAll();
        socket.close(() => resolve());
      }),
  };
}
