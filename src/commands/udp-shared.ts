/** What `udp listen` and `listen --udp` share: where to bind, binding with a status line, the datagram sizes allowed. */
import type dgram from 'node:dgram';
import { formatHostPort, parseHost, parsePort, splitListenAddress } from '../protocol/address.js';
import { openUdpListener, resolveUdpHost, type UdpAddress } from '../net/udp.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext } from './context.js';

/** Resolving a name and binding are local work; ten seconds is generous. */
export const setupTimeoutMs = 10_000;

export interface ListenTarget {
  readonly host?: { readonly host: string; readonly family: 0 | 4 | 6 };
  readonly port: number;
}

/** `9000`, `domain`, `127.0.0.1:9000` or `[::1]:9000`, plus `--host`; port 0 picks a free port. */
export function parseListenTarget(portText: string, hostText?: string): ListenTarget {
  const { port, host } = splitListenAddress(portText, hostText);
  return {
    ...(host !== undefined ? { host: parseHost(host) } : {}),
    port: parsePort(port, { lookup: lookupService, protocol: 'udp', allowZero: true }),
  };
}

/** Binds where asked (`::` for both families by default) and says `Listening on [::]:9000 (udp)`. */
export async function bindForListening(context: CommandContext, target: ListenTarget): Promise<{ socket: dgram.Socket; local: UdpAddress }> {
  const options = { signal: context.io.signal, timeoutMs: setupTimeoutMs };
  const host = target.host ? await resolveUdpHost(target.host.host, target.host.family, options) : undefined;
  const bound = await openUdpListener(host, target.port, options);
  context.status(`Listening on ${formatHostPort(bound.local.address, bound.local.port)} (udp)`);
  return bound;
}
