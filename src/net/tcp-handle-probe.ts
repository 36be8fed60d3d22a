/**
 * Connect-only TCP probes on bare libuv handles from Node's own TCP binding (what net.Socket is
 * built on): no stream is built around a socket that only connects. Each probe owns its handle and
 * closes it; prints nothing. Imports nothing heavy: worker threads load it on their own.
 */
import { constants as osConstants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { outcomeOfError, type ProbeOutcome } from './connect-outcome.js';
import type { Prober, Settled } from './port-sweep.js';

export interface TcpTarget {
  readonly address: string;
  readonly family: 4 | 6;
}

export interface SocketName {
  address?: string;
  port?: number;
}

interface TcpHandle {
  connect(req: unknown, address: string, port: number): number;
  connect6(req: unknown, address: string, port: number): number;
  getsockname(out: SocketName): number;
  close(): void;
}

interface TcpWrapBinding {
  readonly TCP: new (type: number) => TcpHandle;
  readonly TCPConnectWrap: new () => { oncomplete: (status: number) => void };
  readonly constants: { readonly SOCKET: number };
}

/**
 * Node's own TCP binding (what net.Socket is built on), or undefined where it cannot be had. Its
 * connect costs a fifth of a net.Socket's in JavaScript, the difference between matching nc's
 * 65,535-port sweep and trailing it (bench/RESULTS.md, scan).
 */
function tcpWrap(): TcpWrapBinding | undefined {
  try {
    const binding = (process as unknown as { binding(name: string): TcpWrapBinding }).binding('tcp_wrap');
    return typeof binding?.TCP === 'function' && typeof binding.TCPConnectWrap === 'function' ? binding : undefined;
  } catch {
    return undefined;
  }
}

/**
 * On loopback the kernel may give a connect to a port of the ephemeral range that very port as
 * its source: the socket connects to itself (TCP simultaneous open, RFC 793 §3.4) though nothing
 * listens. nc -z reports such a port open; it is closed.
 */
export function isSelfConnect(local: SocketName, target: TcpTarget, port: number): boolean {
  return local.port === port && local.address === target.address;
}

export const opened = (local: SocketName, target: TcpTarget, port: number): Settled<ProbeOutcome> => ({
  outcome: { state: isSelfConnect(local, target, port) ? 'closed' : 'open' },
});

/** libuv's status for a refusal (-ECONNREFUSED): the answer to nearly every probe of a loopback sweep, met without a look-up. */
const refusedStatus = -osConstants.errno.ECONNREFUSED;
const refused: Settled<ProbeOutcome> = outcomeOfError('ECONNREFUSED');

const statusOutcome = (status: number): Settled<ProbeOutcome> => (status === refusedStatus ? refused : outcomeOfError(getSystemErrorName(status)));

/** Connect-only probes on bare handles; undefined when this Node has no such binding. */
export function createHandleProber(target: TcpTarget): Prober<ProbeOutcome> | undefined {
  const binding = tcpWrap();
  if (!binding) return undefined;
  const { TCP, TCPConnectWrap, constants } = binding;
  const v6 = target.family === 6;
  return {
    start(port, settle) {
      const handle = new TCP(constants.SOCKET);
      const request = new TCPConnectWrap();
      let done = false;
      request.oncomplete = (status) => {
        if (done) return;
        done = true;
        let settled: Settled<ProbeOutcome>;
        if (status === 0) {
          const local: SocketName = {};
          handle.getsockname(local);
          settled = opened(local, target, port);
        } else {
          settled = statusOutcome(status);
        }
        handle.close();
        settle(settled);
      };
      const error = v6 ? handle.connect6(request, target.address, port) : handle.connect(request, target.address, port);
      if (error) {
        done = true;
        handle.close();
        settle(statusOutcome(error));
      }
      return () => {
        if (!done) {
          done = true;
          handle.close();
        }
        return { state: 'filtered' };
      };
    },
  };
}
