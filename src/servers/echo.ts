/** RFC 862 echo: every byte back to its sender, over TCP, UDP or a Unix socket. Never buffers past one write for a client that does not read. */
import type { Socket } from 'node:net';
import { createDatagramService } from './datagram.js';
import { createStreamService, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';

/** Echoes with back-pressure: a full send buffer pauses reading until 'drain', so memory stays bounded. */
export function echoStream(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => {
    if (!socket.write(chunk)) socket.pause();
  });
  socket.on('drain', () => socket.resume());
  socket.on('end', () => socket.end());
}

export function createEchoServer(options: ServiceOptions): Promise<ServerHandle> {
  if (options.udp) return createDatagramService(options.target, options.policy, (message) => message);
  return createStreamService(options.target, options.policy, echoStream);
}
