/** Owners of this host's listening ports, for a scan of this host: the socket table and /proc/PID/fd. Reads only. */
import { networkInterfaces } from 'node:os';
import { buildConnectionFilter } from '../protocol/connection-filter.js';
import { findListener, isThisHost } from '../protocol/listener-match.js';
import type { SocketOwner } from '../protocol/connection.js';
import { createProcConnectionSource, type ConnectionSource } from './connections.js';

/** Every address this host's interfaces carry. */
export function hostAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
}

export function isLocalAddress(address: string): boolean {
  return isThisHost(address, hostAddresses());
}

export interface PortOwners {
  /** Port → the owner of the socket listening there; a port whose socket was not found is absent. */
  readonly owners: ReadonlyMap<number, SocketOwner>;
  /** Processes this user could not look into (not root). */
  readonly deniedProcesses: number;
}

/** The owner of the listener a connect to `address` reaches on each port: TCP listeners, or unconnected UDP sockets. */
export function ownersOfPorts(
  address: string,
  ports: readonly number[],
  transport: 'tcp' | 'udp',
  source: ConnectionSource = createProcConnectionSource(),
): PortOwners {
  const owners = new Map<number, SocketOwner>();
  if (ports.length === 0) return { owners, deniedProcesses: 0 };
  const filter = buildConnectionFilter({ [transport]: true, listening: true, ports: [...ports] });
  const snapshot = source.snapshot(filter, { owners: true });
  for (const port of ports) {
    const listener = findListener(snapshot.connections, address, port);
    if (listener) owners.set(port, { pid: listener.pid, program: listener.program });
  }
  return { owners, deniedProcesses: snapshot.deniedProcesses };
}
