/**
 * UDP probes for a scan, nc -u -z's heuristic: a connected socket sends one byte ("X", as nc
 * does); a reply means open, an ICMP port unreachable (ECONNREFUSED on a connected socket, RFC 1122
 * §4.1.3.3) means closed, and silence means open|filtered. Each probe owns its socket; prints nothing.
 */
import dgram from 'node:dgram';
import { formatBanner } from '../protocol/banner.js';
import { outcomeOfError, type ProbeOutcome } from './connect-outcome.js';
import type { Prober } from './port-sweep.js';
import type { TcpTarget } from './tcp-handle-probe.js';

const probePayload = Buffer.from('X');

export function createUdpProber(target: TcpTarget, options: { readonly banner?: boolean } = {}): Prober<ProbeOutcome> {
  return {
    start(port, settle) {
      const socket = dgram.createSocket(target.family === 6 ? 'udp6' : 'udp4');
      let done = false;
      const finish = (outcome: Parameters<typeof settle>[0]) => {
        if (done) return;
        done = true;
        socket.close();
        settle(outcome);
      };
      socket.on('error', (error: NodeJS.ErrnoException) => finish(outcomeOfError(error.code)));
      socket.on('message', (message) => finish({ outcome: { state: 'open', ...(options.banner && { banner: formatBanner(message) }) } }));
      socket.connect(port, target.address, () => {
        if (!done) socket.send(probePayload);
      });
      return () => {
        if (!done) {
          done = true;
          socket.close();
        }
        return { state: 'open|filtered' };
      };
    },
  };
}
