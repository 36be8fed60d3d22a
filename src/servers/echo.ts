/** RFC 862 echo: every byte back to its sender, over TCP, UDP or a Unix socket. Queues at most 64 KiB (plus one read) for a client that does not read. */
import type { Socket } from 'node:net';
import { createDatagramService } from './datagram.js';
import { createStreamService, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';

/** Most bytes queued for a client before reading from it stops: the bound on memory per connection. */
export const ECHO_QUEUE_LIMIT = 64 * 1024;

/**
 * Echoes with back-pressure: once more than ECHO_QUEUE_LIMIT waits to be sent, reading pauses until
 * 'drain'. This tests what is really queued, not write()'s return value: write() returns false for any
 * chunk above the 16 KiB high-water mark even when the kernel took it all at once, and pausing on every
 * 64 KiB read would cost two epoll changes per chunk.
 */
export function echoStream(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => {
    socket.write(chunk);
    if (socket.writableLength > ECHO_QUEUE_LIMIT) socket.pause();
  });
  socket.on('drain', () => {
    if (socket.isPaused()) socket.resume();
  });
  socket.on('end', () => socket.end());
}

export function createEchoServer(options: ServiceOptions): Promise<ServerHandle> {
  if (options.udp) return createDatagramService(options.target, options.policy, (message) => message);
  return createStreamService(options.target, options.policy, echoStream);
}
