/** The DNS transports by name and URL scheme: the one list to extend (a file for the transport, a line here). */
import { autoTransport } from './dns-auto.js';
import { httpsTransport } from './dns-https.js';
import { tcpTransport } from './dns-tcp.js';
import { tlsTransport } from './dns-tls.js';
import type { DnsServer, DnsTransport, TransportSettings } from './dns-transport.js';
import { udpTransport } from './dns-udp.js';

interface Factory {
  /** The port a server named without one is asked on. */
  readonly defaultPort: number;
  readonly create: (server: DnsServer, settings: TransportSettings) => DnsTransport;
}

function inet(server: DnsServer): { host: string; port: number } {
  if (server.kind !== 'inet') throw new Error(`${server.url.href} is an HTTPS URL, not an address`);
  return server;
}

function url(server: DnsServer): URL {
  if (server.kind !== 'https') throw new Error(`${server.host} is an address; DNS over HTTPS needs a URL`);
  return server.url;
}

/** Keeps the names as keys while typing every entry as a Factory. */
function table<Name extends string>(entries: Record<Name, Factory>): Readonly<Record<Name, Factory>> {
  return entries;
}

export const transports = table({
  udp: { defaultPort: 53, create: (server, settings) => udpTransport(inet(server), settings.family) },
  tcp: { defaultPort: 53, create: (server, settings) => tcpTransport(inet(server), settings.family) },
  tls: { defaultPort: 853, create: (server, settings) => tlsTransport(inet(server), settings.tls, settings.family) },
  https: { defaultPort: 443, create: (server, settings) => httpsTransport(url(server), settings.tls) },
});

export type TransportName = keyof typeof transports;
/** `auto` is UDP, then TCP when the reply is truncated. */
export type TransportChoice = TransportName | 'auto';

export function isTransportName(name: string): name is TransportName {
  return Object.hasOwn(transports, name);
}

/** `tls://` → `tls`, as doggo reads a server URL; undefined for a scheme no transport has. */
export function transportOfScheme(protocol: string): TransportName | undefined {
  const name = protocol.replace(/:$/, '');
  return isTransportName(name) ? name : undefined;
}

/** The transport for `choice`, each leg wrapped by `wrap` (tries, and failures worded with the leg's name). */
export function createTransport(
  choice: TransportChoice,
  server: DnsServer,
  settings: TransportSettings,
  wrap: (transport: DnsTransport) => DnsTransport,
): DnsTransport {
  if (choice === 'auto') return autoTransport(wrap(transports.udp.create(server, settings)), wrap(transports.tcp.create(server, settings)));
  return wrap(transports[choice].create(server, settings));
}
