/**
 * TCP connect probes through net.Socket: where Node's bare TCP handles cannot be had, and for
 * --banner, which reads what the service says first. Each probe owns its socket and closes it; prints nothing.
 */
import { Socket } from 'node:net';
import { formatBanner } from '../protocol/banner.js';
import { outcomeOfError, type ProbeOutcome } from './connect-outcome.js';
import type { Prober, Settled } from './port-sweep.js';
import { isSelfConnect, opened, type TcpTarget } from './tcp-handle-probe.js';

export interface SocketProberOptions {
  /** Read the service's first line for this long after connecting; none to close at once. */
  readonly bannerWaitMs?: number;
}

/** The longest first line read for --banner. */
const maxBannerBytes = 1024;

/** Probes through net.Socket; with bannerWaitMs, reads what the service says first. */
export function createSocketProber(target: TcpTarget, options: SocketProberOptions = {}): Prober<ProbeOutcome> {
  return {
    start(port, settle) {
      const socket = new Socket();
      const chunks: Buffer[] = [];
      let size = 0;
      let connected = false;
      let bannerTimer: NodeJS.Timeout | undefined;
      const banner = () => (size > 0 ? formatBanner(Buffer.concat(chunks)) : null);
      const finish = (settled: Settled<ProbeOutcome>) => {
        clearTimeout(bannerTimer);
        socket.destroy();
        settle(settled);
      };
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (connected) finish({ outcome: { state: 'open', banner: banner() } });
        else finish(outcomeOfError(error.code));
      });
      socket.once('connect', () => {
        connected = true;
        const local = { address: socket.localAddress, port: socket.localPort };
        if (options.bannerWaitMs === undefined || isSelfConnect(local, target, port)) return finish(opened(local, target, port));
        bannerTimer = setTimeout(() => finish({ outcome: { state: 'open', banner: banner() } }), options.bannerWaitMs);
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (chunk.includes(0x0a) || size >= maxBannerBytes) finish({ outcome: { state: 'open', banner: banner() } });
        });
        socket.once('end', () => finish({ outcome: { state: 'open', banner: banner() } }));
      });
      socket.connect({ host: target.address, port, family: target.family });
      return () => {
        clearTimeout(bannerTimer);
        socket.destroy();
        return connected ? { state: 'open', banner: banner() } : { state: 'filtered' };
      };
    },
  };
}
