/** The one-shot services: daytime (RFC 867), time (RFC 868 or ctime text) and hello. Each answers once, then closes. */
import type { Socket } from 'node:net';
import { encodeRfc868, formatCtime } from '../protocol/time.js';
import { createDatagramService } from './datagram.js';
import { createStreamService, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';
import { describePeer } from './policy.js';

/** How long a one-shot service waits, after sending its answer, for the client to close before closing itself. */
const oneShotGraceMs = 2000;

/** ctime in the server's local zone, as inetd's daytime does. */
function localCtime(ms: number): string {
  return formatCtime(ms, -new Date(ms).getTimezoneOffset());
}

function answerOnce(options: ServiceOptions, answer: (peer: string) => Uint8Array | string): Promise<ServerHandle> {
  if (options.udp) return createDatagramService(options.target, options.policy, () => Buffer.from(answer('')));
  return createStreamService(options.target, options.policy, (socket: Socket) => {
    socket.resume();
    socket.end(answer(describePeer(socket)), () => {
      // The answer is with the kernel and our FIN is sent: the exchange is over. A client that never
      // closes its side would otherwise hold a descriptor and a --max-clients slot for good (inetd closes
      // its copy at once). The grace lets an ordinary client close first, so nothing it still sends
      // meets a reset.
      const timer = setTimeout(() => socket.destroy(), oneShotGraceMs).unref();
      socket.once('close', () => clearTimeout(timer));
    });
  });
}

/** RFC 867 leaves the format free; like BSD inetd we send ctime text and CR LF. */
export function createDaytimeServer(options: ServiceOptions): Promise<ServerHandle> {
  const now = options.now ?? Date.now;
  return answerOnce(options, () => `${localCtime(now())}\r\n`);
}

/** ctime text and a newline by default (SPEC: `Wed Nov 25 18:35:14 2026`); --rfc868 the 4-byte binary time. */
export function createTimeServer(options: ServiceOptions): Promise<ServerHandle> {
  const now = options.now ?? Date.now;
  return answerOnce(options, () => (options.rfc868 ? encodeRfc868(now()) : `${localCtime(now())}\n`));
}

/** `Hello 127.0.0.1:53422`: who the server sees you as (handy behind NAT or a proxy), then close. */
export function createHelloServer(options: ServiceOptions): Promise<ServerHandle> {
  return answerOnce(options, (peer) => `Hello ${peer}\n`);
}
