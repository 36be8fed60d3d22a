/** Parsing of hosts, ports and endpoints as users type them. Pure: no DNS, no sockets, no files. */
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

export type Endpoint =
  | { readonly kind: 'inet'; readonly host: string; readonly port: number; readonly family: 0 | 4 | 6 }
  | { readonly kind: 'unix'; readonly path: string };

/** Finds a service's port by name (`http` → 80); injected so this module stays pure. */
export type ServiceLookup = (name: string, protocol: 'tcp' | 'udp') => number | undefined;

export interface PortOptions {
  readonly lookup?: ServiceLookup;
  readonly protocol?: 'tcp' | 'udp';
  /** Accept `0`, meaning "pick a free port" (listen and serve). */
  readonly allowZero?: boolean;
}

const hostLabel = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

/** `8000-8100` or `22,80,443`: several ports (nc -z's and nmap's way of writing them). */
export function isSeveralPorts(text: string): boolean {
  return /^\s*(\d+-\d+|[\w.+-]+(,[\w.+-]+)+)\s*$/.test(text);
}

/** 1-65535 (0 too with allowZero), or a service name resolved through `lookup`. */
export function parsePort(text: string, options: PortOptions = {}): number {
  const trimmed = text.trim();
  const min = options.allowZero ? 0 : 1;
  if (isSeveralPorts(trimmed)) {
    throw new UsageError(`'${trimmed}' is several ports and this takes one; to probe a range or list, use 'nettool scan HOST ${trimmed}'`);
  }
  if (/^\d+$/.test(trimmed)) {
    const port = Number(trimmed);
    if (port < min || port > 65535) {
      throw new UsageError(`bad port '${text}': use a number from ${min} to 65535 or a service name`);
    }
    return port;
  }
  if (/^[A-Za-z][A-Za-z0-9._+-]*$/.test(trimmed)) {
    const port = options.lookup?.(trimmed.toLowerCase(), options.protocol ?? 'tcp');
    if (port !== undefined) return port;
    throw new UsageError(`unknown service '${text}' (see 'nettool ports'); give a port number instead`);
  }
  throw new UsageError(`bad port '${text}': use a number from ${min} to 65535 or a service name`);
}

/** A host name, IPv4 address or IPv6 address (with or without brackets), returned without brackets. */
export function parseHost(text: string): { readonly host: string; readonly family: 0 | 4 | 6 } {
  let host = text.trim();
  if (host.startsWith('[') || host.endsWith(']')) {
    if (!(host.startsWith('[') && host.endsWith(']'))) throw new UsageError(`bad address '${text}': unbalanced brackets`);
    host = host.slice(1, -1);
    if (isIP(host) !== 6) throw new UsageError(`bad address '${text}': brackets hold only an IPv6 address`);
    return { host, family: 6 };
  }
  if (host === '') throw new UsageError('bad address: the host is empty');
  const family = isIP(host);
  if (family === 4 || family === 6) return { host, family };
  if (host.includes(':')) throw new UsageError(`bad address '${text}': not an IPv6 address`);
  if (/^[\d.]+$/.test(host)) throw new UsageError(`bad address '${text}': not an IPv4 address`);
  if (!isHostName(host)) throw new UsageError(`bad address '${text}': not a valid host name`);
  return { host, family: 0 };
}

/** nc -n: no name lookups, so the host must be an address literal. */
export function requireAddressLiteral(host: string): void {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 0) throw new UsageError(`-n does no name lookups: give an IP address, not '${host}'`);
}

/** A host name: labels of 1-63 letters, digits, `_` and `-` (not at either end), 253 characters in all, a final dot allowed. */
export function isHostName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => hostLabel.test(label));
}

/** Splits `host:port`, `[v6]:port`, `[v6]`, a bare v6 address or a bare host; the port part may be absent. */
export function splitHostPort(text: string): { readonly host: string; readonly port?: string } {
  const input = text.trim();
  if (input.startsWith('[')) {
    const close = input.indexOf(']');
    if (close < 0) throw new UsageError(`bad address '${text}': unbalanced brackets`);
    const rest = input.slice(close + 1);
    if (rest === '') return { host: input.slice(0, close + 1) };
    if (!rest.startsWith(':') || rest.length === 1) throw new UsageError(`bad address '${text}': expected [IPv6]:port`);
    return { host: input.slice(0, close + 1), port: rest.slice(1) };
  }
  if (input.includes(']')) throw new UsageError(`bad address '${text}': unbalanced brackets`);
  const colons = input.split(':').length - 1;
  if (colons === 0) return { host: input };
  if (colons === 1) {
    const [host = '', port = ''] = input.split(':');
    if (port === '') throw new UsageError(`bad address '${text}': the port after ':' is empty`);
    return { host, port };
  }
  if (isIP(input) === 6) return { host: input };
  const tail = splitTrailingPort(input);
  if (tail) {
    throw new UsageError(`bad address '${text}': put an IPv6 address in brackets to give a port, as [${tail.address}]:${tail.port}`);
  }
  throw new UsageError(`bad address '${text}': not an IPv6 address`);
}

/** `::1:80` → `{address: '::1', port: '80'}` when what stands before the last colon is an IPv6 address. */
function splitTrailingPort(text: string): { readonly address: string; readonly port: string } | undefined {
  const cut = text.lastIndexOf(':');
  const address = text.slice(0, cut);
  return cut > 0 && isIP(address) === 6 ? { address, port: text.slice(cut + 1) } : undefined;
}

/**
 * `::1:80` is a valid IPv6 address, but where no port is given separately it is far more often
 * `[::1]:80` typed without brackets: the address and port it may mean, or undefined when it cannot.
 */
export function ambiguousIPv6Port(host: string): { readonly address: string; readonly port: string } | undefined {
  if (isIP(host) !== 6) return undefined;
  const tail = splitTrailingPort(host);
  return tail && /^\d{1,5}$/.test(tail.port) && Number(tail.port) <= 65535 ? tail : undefined;
}

/** Refuses to guess what an ambiguous `::1:80` means. */
function rejectAmbiguousIPv6Port(host: string): void {
  const tail = ambiguousIPv6Port(host);
  if (tail) throw new UsageError(`ambiguous address '${host}': write [${tail.address}]:${tail.port} for port ${tail.port}, or [${host}] for the address alone`);
}

/** sockaddr_un's sun_path is 108 bytes on Linux, its terminating NUL included. */
const maxUnixPathBytes = 107;

/**
 * A Unix socket path the kernel can hold. A longer one would be cut short silently (by libuv): bound
 * or dialled under another name than the one shown.
 */
export function checkUnixPath(path: string): string {
  const bytes = Buffer.byteLength(path);
  if (bytes > maxUnixPathBytes) {
    throw new UsageError(`Unix socket path '${path}' is ${bytes} bytes, over the ${maxUnixPathBytes} bytes the kernel allows: use a shorter one`);
  }
  return path;
}

export interface EndpointOptions extends PortOptions {
  /** A port given as its own argument (`telnet HOST PORT`). */
  readonly port?: string;
  /** Used when neither the address nor `port` names one. */
  readonly defaultPort?: number;
}

/** `unix:/path`, `host`, `host:port`, `[v6]:port` or `v6`, plus an optional separate port argument. */
export function parseEndpoint(text: string, options: EndpointOptions = {}): Endpoint {
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    if (path === '') throw new UsageError(`bad address '${text}': unix: needs a socket path`);
    if (options.port !== undefined) throw new UsageError(`a Unix socket takes no port (got '${options.port}')`);
    return { kind: 'unix', path: checkUnixPath(path) };
  }
  const split = splitHostPort(text);
  if (split.port === undefined && options.port === undefined) rejectAmbiguousIPv6Port(split.host);
  if (split.port !== undefined && options.port !== undefined) {
    throw new UsageError(`port given twice: '${text}' and '${options.port}'`);
  }
  const { host, family } = parseHost(split.host);
  const portText = split.port ?? options.port;
  if (portText === undefined) {
    if (options.defaultPort === undefined) throw new UsageError(`missing port for '${text}'`);
    return { kind: 'inet', host, port: options.defaultPort, family };
  }
  return { kind: 'inet', host, port: parsePort(portText, options), family };
}

/**
 * A listener's address: `9000`, `http`, `127.0.0.1:9000` or `[::1]:9000` (SPEC: host:port wherever
 * a host and a port are), plus --host. The port as text, and the host when either names one.
 */
export function splitListenAddress(portText: string, hostOption?: string): { readonly port: string; readonly host?: string } {
  const split = /^\s*\d+\s*$/.test(portText) ? { host: '', port: portText } : splitHostPort(portText);
  if (split.port === undefined || split.host === '') return { port: split.port ?? portText, ...(hostOption !== undefined && { host: hostOption }) };
  if (hostOption !== undefined) throw new UsageError(`address given twice: '${portText}' and --host ${hostOption}`);
  return { port: split.port, host: split.host };
}

/** `127.0.0.1:80`, `[::1]:80`: how an address and port are shown everywhere. */
export function formatHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `::ffff:127.0.0.1` → `127.0.0.1`: a dual-stack socket reports IPv4 peers in their mapped form (RFC 4291 §2.5.5.2). */
export function unmapAddress(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** A peer as a socket reports it, shown as people know it: `127.0.0.1:53422`, not `[::ffff:127.0.0.1]:53422`. */
export function formatPeer(address: string, port: number): string {
  return formatHostPort(unmapAddress(address), port);
}

/** An endpoint as messages name it: `host:port`, or a Unix socket's path. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.kind === 'unix' ? endpoint.path : formatHostPort(endpoint.host, endpoint.port);
}
