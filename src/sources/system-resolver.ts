/** What the operating system answers for a name: getaddrinfo via dns.lookup (/etc/hosts, nsswitch). No TTLs exist here. */
import { lookup } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { NetworkError, describeSystemError } from '../errors.js';

export interface SystemAnswer {
  /** NOERROR with addresses, NXDOMAIN when getaddrinfo knows no such name, NOERROR and none when it has no address of this family. */
  readonly status: 'NOERROR' | 'NXDOMAIN';
  readonly addresses: readonly string[];
  readonly timeMs: number;
}

export async function lookupSystem(name: string, family: 4 | 6): Promise<SystemAnswer> {
  const started = performance.now();
  try {
    const found = await lookup(name, { all: true, family, verbatim: true });
    const addresses = [...new Set(found.map((entry) => entry.address))];
    return { status: 'NOERROR', addresses, timeMs: performance.now() - started };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND') return { status: 'NXDOMAIN', addresses: [], timeMs: performance.now() - started };
    if (code === 'ENODATA') return { status: 'NOERROR', addresses: [], timeMs: performance.now() - started };
    throw new NetworkError(`the system resolver failed for ${name}: ${describeSystemError(error)}`, { cause: error });
  }
}
