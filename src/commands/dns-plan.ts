/** `nettool dns` options and words → what to ask whom and how. Validation only: no network. */
import { UsageError } from '../errors.js';
import { parseDnsWords, parseQueryName, reverseName, type DnsServerSpec } from '../protocol/dns-args.js';
import type { DnsQuestion } from '../protocol/dns-message.js';
import { parseRecordType, queryTypes } from '../protocol/dns-types.js';
import type { DnsServer, ExchangeOptions } from '../net/dns-exchange.js';
import { readCaFile } from '../sources/ca-file.js';

export interface DnsOptions {
  short?: boolean;
  tcp?: boolean;
  tls?: boolean;
  https?: string;
  system?: boolean;
  reverse?: string[];
  type?: string[];
  timeout: string;
  retries: string;
  dnssec?: boolean;
  recurse: boolean;
  compare?: boolean;
  insecure?: boolean;
  ca?: string;
}

export interface DnsPlan {
  readonly questions: readonly DnsQuestion[];
  /** Each is asked every question; with `failover`, a server is asked only when the ones before it failed. */
  readonly servers: readonly DnsServer[];
  readonly failover: boolean;
  readonly system: boolean;
  readonly compare: boolean;
  readonly short: boolean;
  readonly exchange: Omit<ExchangeOptions, 'signal'>;
}

function parseNumber(text: string, what: string, test: (n: number) => boolean, rule: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !test(value)) throw new UsageError(`bad ${what} '${text}': ${rule}`);
  return value;
}

function toServer(spec: DnsServerSpec, defaultPort: number): DnsServer {
  return { kind: 'inet', host: spec.host, port: spec.port ?? defaultPort };
}

/** `resolvConfServers` is injected, and called only when no @server is named: tests never reach the host's resolvers. */
export function planDns(words: readonly string[], options: DnsOptions, resolvConfServers: () => readonly string[]): DnsPlan {
  const parsed = parseDnsWords(words);
  const types = [...parsed.types];
  for (const text of options.type ?? []) {
    const type = parseRecordType(text);
    if (type === undefined) throw new UsageError(`unknown record type '${text}' (types: ${queryTypes.join(' ')}, TYPEnnn)`);
    if (!types.includes(type)) types.push(type);
  }
  if (types.length === 0) types.push(1);
  const questions: DnsQuestion[] = parsed.names.flatMap((name) => types.map((type) => ({ name, type })));
  for (const address of options.reverse ?? []) questions.push({ name: parseQueryName(reverseName(address)), type: 12 });
  if (questions.length === 0) throw new UsageError('no name to look up: nettool dns <name...> [TYPE...] [@server]');

  const transports = [options.tcp && '--tcp', options.tls && '--tls', options.https !== undefined && '--https', options.system && '--system'].filter(Boolean);
  if (transports.length > 1) throw new UsageError(`${transports.join(' and ')} do not go together: pick one way to ask`);
  if ((options.insecure || options.ca) && !options.tls && options.https === undefined) throw new UsageError('--insecure and --ca are for --tls and --https');
  if (options.short && options.compare) throw new UsageError('--short and --compare do not go together');
  if (options.system && options.compare) throw new UsageError('--compare already asks the system resolver; leave out --system');

  const timeoutSeconds = parseNumber(options.timeout, '--timeout', (n) => n > 0 && n <= 3600, 'give seconds, more than 0');
  const tries = parseNumber(options.retries, '--retries', (n) => Number.isInteger(n) && n >= 1 && n <= 20, 'give a whole number of tries from 1 to 20');

  let servers: DnsServer[] = [];
  let failover = false;
  if (options.https !== undefined) {
    if (parsed.servers.length) throw new UsageError('--https takes the server from its URL; leave out @server');
    let url: URL;
    try {
      url = new URL(options.https);
    } catch {
      throw new UsageError(`bad --https URL '${options.https}': give one like https://127.0.0.1:8443/dns-query`);
    }
    if (url.protocol !== 'https:') throw new UsageError(`bad --https URL '${options.https}': it must start with https://`);
    // The credentials are percent-decoded for basic auth; a bad escape there is the user's to fix.
    try {
      decodeURIComponent(url.username);
      decodeURIComponent(url.password);
    } catch {
      throw new UsageError(`bad --https URL for ${url.host}: malformed percent-encoding in the user name or password (write % as %25)`);
    }
    servers = [{ kind: 'https', url }];
  } else if (options.system) {
    if (parsed.servers.length) throw new UsageError('--system asks the operating system, not a server; leave out @server');
    const other = questions.find((q) => q.type !== 1 && q.type !== 28);
    if (other) throw new UsageError('--system can only ask for A and AAAA: getaddrinfo knows nothing else');
  } else {
    const defaultPort = options.tls ? 853 : 53;
    if (parsed.servers.length) servers = parsed.servers.map((s) => toServer(s, defaultPort));
    else {
      const fromSystem = resolvConfServers();
      if (fromSystem.length === 0) throw new UsageError('no nameserver in /etc/resolv.conf: name one, as @127.0.0.1');
      servers = fromSystem.map((host) => toServer({ host: host.replace(/%.*$/, ''), port: undefined }, defaultPort));
      // Like the stub resolver (resolv.conf(5)), the next nameserver is asked only when one fails; --compare asks each.
      failover = !options.compare;
    }
  }

  const ca = options.ca ? readCaFile(options.ca) : undefined;
  return {
    questions,
    servers,
    failover,
    system: options.system === true,
    compare: options.compare === true,
    short: options.short === true,
    exchange: {
      transport: options.https !== undefined ? 'https' : options.tls ? 'tls' : options.tcp ? 'tcp' : 'auto',
      timeoutMs: Math.round(timeoutSeconds * 1000),
      tries,
      recurse: options.recurse,
      dnssec: options.dnssec === true,
      tls: { ca, insecure: options.insecure === true },
    },
  };
}
