/** RFC 864 chargen: the rotating 72-character lines until the client leaves (TCP), or one random-length datagram per datagram (UDP). */
import { randomInt } from 'node:crypto';
import { chargenBlock, chargenDatagram, CHARGEN_CYCLE_LINES } from '../protocol/chargen.js';
import { createDatagramService } from './datagram.js';
import { createStreamService, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';

/** Nine whole cycles (63 270 bytes): one write per 'drain', and the pattern stays continuous across writes. */
const block = chargenBlock(9);

export function createChargenServer(options: ServiceOptions): Promise<ServerHandle> {
  if (options.udp) {
    return createDatagramService(options.target, options.policy, () => chargenDatagram(Math.random(), randomInt(CHARGEN_CYCLE_LINES)));
  }
  return createStreamService(options.target, options.policy, (socket) => {
    // RFC 864: data the client sends is thrown away; reading it keeps its send buffer from filling.
    socket.resume();
    const pump = () => {
      // write() returns false once the buffer passes its high-water mark: then wait for 'drain'.
      while (!socket.destroyed && socket.writable && socket.write(block));
    };
    socket.on('drain', pump);
    // No end on the client's FIN: a half-close (ncat < /dev/null) only says it sends no more. RFC 864 goes on
    // "until the calling user terminates the connection", as inetd does; writing then fails and the socket closes.
    pump();
  });
}
