/** RFC 863 discard: reads and drops everything until the client leaves. Sends nothing. */
import { createDatagramService } from './datagram.js';
import { createStreamService, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';

export function createDiscardServer(options: ServiceOptions): Promise<ServerHandle> {
  if (options.udp) return createDatagramService(options.target, options.policy, () => undefined);
  return createStreamService(options.target, options.policy, (socket) => {
    socket.resume();
    socket.on('end', () => socket.end());
  });
}
