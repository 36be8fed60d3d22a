/** `nettool dns` options, words and dig's `+word`s → what to ask whom and how. Validation only: no network. */
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { parsePort } from '../protocol/address.js';
import { parseDnsWords, parseQueryName, parseServer, reverseName, type DnsServerSpec } from '../protocol/dns-args.js';
import type { DnsQuestion } from '../protocol/dns-message.js';
import { parseRecordClass, parseRecordType, queryTypes } from '../protocol/dns-types.js';
import { DigOptionError, digWords, parseDigOptions, type DigSections, type DigSettings } from '../protocol/dig-options.js';
import type { DnsServer, ExchangeOptions } from '../net/dns-exchange.js';
import { transportOfScheme, transports } from '../net/dns-transports.js';
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
  /** dig's `-p PORT`: the port of every @server named without one. */
  port?: string;
  /** dig's `-c CLASS`. */
  class?: string;
  /** dig's `-q NAME`: a name, even one that reads as a TYPE. */
  query?: string[];
  ipv4?: boolean;
  ipv6?: boolean;
  rootHints?: string;
}

export interface DnsPlan {
  readonly questions: readonly DnsQuestion[];
  /** Each is asked every question; with `failover`, a server is asked only when the ones before it failed. */
  readonly servers: readonly DnsServer[];
  readonly failover: boolean;
  readonly system: boolean;
  readonly compare: boolean;
  readonly short: boolean;
  /** dig's section selection (`+noall +answer`); undefined: nettool's usual output. */
  readonly sections: DigSections | undefined;
  /** `+trace`: iterative resolution from the root (the @server, or --root-hints). */
  readonly trace: boolean;
  /** AXFR, or IXFR from `serial`: every question is a zone to transfer over TCP. */
  readonly transfer: { readonly serial?: number } | undefined;
  readonly exchange: Omit<ExchangeOptions, 'signal'>;
}

function parseNumber(text: string, what: string, test: (n: number) => boolean, rule: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !test(value)) throw new UsageError(`bad ${what} '${text}': ${rule}`);
  return value;
}

function digSettings(words: readonly string[]): DigSettings {
  try {
    return parseDigOptions(words);
  } catch (error) {
    if (!(error instanceof DigOptionError)) throw error;
    throw new UsageError(`${error.message} (nettool takes +${digWords.join(' +')}, and +no... of each switch)`);
  }
}

type TransportFlag = 'auto' | 'tcp' | 'tls' | 'https' | 'system';

/** The one way to ask, from --tcp/--tls/--https/--system and +tcp/+tls/+https, which must not disagree. */
function chooseTransport(options: DnsOptions, dig: DigSettings): TransportFlag {
  const flags = [options.tcp && '--tcp', options.tls && '--tls', options.https !== undefined && '--https', options.system && '--system'].filter(Boolean);
  if (flags.length > 1) throw new UsageError(`${flags.join(' and ')} do not go together: pick one way to ask`);
  const fromFlag: TransportFlag = options.https !== undefined ? 'https' : options.tls ? 'tls' : options.tcp ? 'tcp' : options.system ? 'system' : 'auto';
  if (dig.transport === undefined || dig.transport === 'auto') return fromFlag;
  if (fromFlag !== 'auto' && fromFlag !== dig.transport) throw new UsageError(`+${dig.transport} and --${fromFlag} do not go together: pick one way to ask`);
  return dig.transport;
}

function httpsUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`bad --https URL '${text}': give one like https://127.0.0.1:8443/dns-query`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`bad --https URL '${text}': it must start with https://`);
  // The credentials are percent-decoded for basic auth; a bad escape there is the user's to fix.
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new UsageError(`bad --https URL for ${url.host}: malformed percent-encoding in the user name or password (write % as %25)`);
  }
  return url;
}

/** -4/-6 as dig takes them: servers of the other family are left out; none left is a usage error. */
function keepFamily(specs: readonly DnsServerSpec[], family: 4 | 6 | undefined, from: string): DnsServerSpec[] {
  if (family === undefined) return [...specs];
  const kept = specs.filter((spec) => isIP(spec.host) === 0 || isIP(spec.host) === family);
  if (kept.length === 0) throw new UsageError(`-${family} leaves no server: ${from} ${specs.length === 1 ? 'is' : 'are'} IPv${family === 4 ? 6 : 4}`);
  return kept;
}

function questionsOf(words: ReturnType<typeof parseDnsWords>, options: DnsOptions): DnsQuestion[] {
  const types = [...words.types];
  for (const text of options.type ?? []) {
    const type = parseRecordType(text);
    if (type === undefined) throw new UsageError(`unknown record type '${text}' (types: ${queryTypes.join(' ')}, TYPEnnn)`);
    if (!types.includes(type)) types.push(type);
  }
  if (types.length === 0) types.push(1);
  let klass = words.class;
  if (options.class !== undefined) {
    klass = parseRecordClass(options.class);
    if (klass === undefined || klass === 255) throw new UsageError(`unknown class '${options.class}' (classes: IN CH HS NONE, CLASSnnn)`);
  }
  const names = [...words.names, ...(options.query ?? []).map((name) => parseQueryName(name))];
  const withClass = klass !== undefined && klass !== 1 ? { class: klass } : {};
  const questions: DnsQuestion[] = names.flatMap((name) => types.map((type) => ({ name, type, ...withClass })));
  for (const address of options.reverse ?? []) questions.push({ name: parseQueryName(reverseName(address)), type: 12 });
  if (questions.length === 0) throw new UsageError('no name to look up: nettool dns <name...> [TYPE...] [@server]');
  return questions;
}

/** `@tls://127.0.0.1:853`, `@udp://[::1]`, `@https://host/dns-query`: a server with its own transport, as doggo takes them. */
function schemeServer(word: string, port: number | undefined): DnsServer | undefined {
  const scheme = /^@([a-z]+):\/\//i.exec(word);
  if (!scheme) return undefined;
  const transport = transportOfScheme(scheme[1]!.toLowerCase());
  if (!transport) throw new UsageError(`bad server '${word}': no transport ${scheme[1]}:// (udp:// tcp:// tls:// https://)`);
  if (transport === 'https') return { kind: 'https', url: httpsUrl(word.slice(1)) };
  const spec = parseServer(`@${word.slice(scheme[0].length)}`);
  return { kind: 'inet', host: spec.host, port: spec.port ?? port ?? transports[transport].defaultPort, transport };
}

/** `resolvConfServers` is injected, and called only when no @server is named: tests never reach the host's resolvers. */
export function planDns(words: readonly string[], options: DnsOptions, resolvConfServers: () => readonly string[]): DnsPlan {
  const dig = digSettings(words.filter((word) => word.startsWith('+')));
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const urlServers = words.flatMap((word) => schemeServer(word, port) ?? []);
  const parsed = parseDnsWords(words.filter((word) => !word.startsWith('+') && !/^@[a-z]+:\/\//i.test(word)));
  const questions = questionsOf(parsed, options);
  const transport = chooseTransport(options, dig);
  const short = options.short === true || dig.short === true;
  const secureUrl = urlServers.some((server) => server.kind === 'https' || server.transport === 'tls');
  if ((options.insecure || options.ca) && transport !== 'tls' && transport !== 'https' && !secureUrl) throw new UsageError('--insecure and --ca are for --tls and --https');
  if (short && options.compare) throw new UsageError('--short and --compare do not go together');
  if (transport === 'system' && options.compare) throw new UsageError('--compare already asks the system resolver; leave out --system');
  if (options.rootHints !== undefined && !dig.trace) throw new UsageError('--root-hints is for +trace');
  // +trace starts from a root it is given, never from the host's resolvers.
  if (dig.trace && options.rootHints === undefined && parsed.servers.length === 0 && urlServers.length === 0) {
    throw new UsageError('+trace starts from a root server: name it as @ADDRESS[:PORT], or give --root-hints FILE');
  }
  if (dig.trace && (options.compare || transport === 'system' || transport === 'https')) throw new UsageError('+trace asks each server itself over UDP or TCP: leave out --compare, --system and --https');
  if (options.ipv4 && options.ipv6) throw new UsageError('-4 and -6 do not go together: leave both out to use either');
  const family = options.ipv4 ? 4 : options.ipv6 ? 6 : undefined;
  const transfers = questions.filter((q) => q.type === 251 || q.type === 252).length;
  if (transfers > 0) {
    if (transfers !== questions.length) throw new UsageError('AXFR and IXFR go alone: ask other types in another command');
    if (transport !== 'auto' && transport !== 'tcp') throw new UsageError(`zone transfers go over TCP: leave out ${transport === 'system' ? '--system' : `--${transport}`}`);
    if (options.compare) throw new UsageError('--compare does not do zone transfers');
  }

  const timeoutSeconds = dig.timeSeconds ?? parseNumber(options.timeout, '--timeout', (n) => n > 0 && n <= 3600, 'give seconds, more than 0');
  const tries = dig.tries ?? parseNumber(options.retries, '--retries', (n) => Number.isInteger(n) && n >= 1 && n <= 20, 'give a whole number of tries from 1 to 20');

  let servers: DnsServer[] = [];
  let failover = false;
  if (urlServers.length) {
    if (parsed.servers.length || options.https !== undefined || transport !== 'auto') {
      throw new UsageError('a tcp://-style @server carries its own transport: leave out other @servers and --tcp/--tls/--https');
    }
    servers = urlServers;
  } else if (options.https !== undefined) {
    if (parsed.servers.length) throw new UsageError('--https takes the server from its URL; leave out @server');
    if (port !== undefined) throw new UsageError('--https takes the port from its URL; leave out -p');
    servers = [{ kind: 'https', url: httpsUrl(options.https) }];
  } else if (transport === 'system') {
    if (parsed.servers.length) throw new UsageError('--system asks the operating system, not a server; leave out @server');
    const other = questions.find((q) => q.type !== 1 && q.type !== 28);
    if (other) throw new UsageError('--system can only ask for A and AAAA: getaddrinfo knows nothing else');
  } else {
    const defaultPort = port ?? (transport === 'auto' ? transports.udp : transports[transport]).defaultPort;
    const toServer = (spec: DnsServerSpec): DnsServer =>
      transport === 'https'
        ? { kind: 'https', url: httpsUrl(`https://${isIP(spec.host) === 6 ? `[${spec.host}]` : spec.host}:${spec.port ?? defaultPort}${dig.httpsPath ?? '/dns-query'}`) }
        : { kind: 'inet', host: spec.host, port: spec.port ?? defaultPort };
    if (parsed.servers.length) servers = keepFamily(parsed.servers, family, parsed.servers.map((s) => `@${s.host}`).join(' ')).map(toServer);
    else if (!dig.trace) {
      const fromSystem = resolvConfServers().map((host) => ({ host: host.replace(/%.*$/, ''), port: undefined }));
      if (fromSystem.length === 0) throw new UsageError('no nameserver in /etc/resolv.conf: name one, as @127.0.0.1');
      servers = keepFamily(fromSystem, family, 'the nameservers in /etc/resolv.conf').map(toServer);
      // Like the stub resolver (resolv.conf(5)), the next nameserver is asked only when one fails; --compare asks each.
      failover = !options.compare;
    }
  }

  const ca = options.ca ? readCaFile(options.ca) : undefined;
  return {
    questions,
    servers,
    failover,
    system: transport === 'system',
    compare: options.compare === true,
    short,
    sections: dig.sections,
    trace: dig.trace === true,
    transfer: transfers > 0 ? { ...(parsed.ixfrSerial !== undefined && { serial: parsed.ixfrSerial }) } : undefined,
    exchange: {
      transport: transport === 'system' ? 'auto' : transport,
      timeoutMs: Math.round(timeoutSeconds * 1000),
      tries,
      recurse: dig.recurse ?? options.recurse,
      dnssec: dig.dnssec ?? options.dnssec === true,
      ...(dig.bufsize !== undefined && { bufsize: dig.bufsize }),
      ...(dig.checkingDisabled && { checkingDisabled: true }),
      ...(dig.nsid && { nsid: true }),
      ...(family !== undefined && { family }),
      tls: { ca, insecure: options.insecure === true },
    },
  };
}
