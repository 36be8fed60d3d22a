/** One DNS question to one server: the transport from the factory, tries on timeouts, and every failure worded once. */
import { performance } from 'node:perf_hooks';
import { InterruptedError, NetworkError, describeSystemError } from '../errors.js';
import { formatHostPort } from '../protocol/address.js';
import { MalformedReplyError, type DnsQuestion } from '../protocol/dns-message.js';
import { formatRecordClass, formatRecordType } from '../protocol/dns-types.js';
import { TimeoutError } from './deadline.js';
import { HttpStatusError, type DnsResult, type DnsServer, type DnsTransport, type TransportName } from './dns-transport.js';
import { createTransport, type TransportChoice } from './dns-transports.js';
import { NoiseOnlyError } from './dns-udp.js';
import type { TlsSettings } from './tls-trust.js';

export type { DnsResult, DnsServer } from './dns-transport.js';
export type DnsTransportName = TransportName;

export interface ExchangeOptions {
  readonly transport: TransportChoice;
  readonly timeoutMs: number;
  readonly tries: number;
  readonly recurse: boolean;
  readonly dnssec: boolean;
  readonly bufsize?: number;
  readonly checkingDisabled?: boolean;
  readonly nsid?: boolean;
  /** -4/-6: the family a server named by host name is reached over. */
  readonly family?: 4 | 6;
  readonly tls: TlsSettings;
  readonly signal: AbortSignal;
}

/** How a server is named in output and messages; a DoH URL without the credentials it may carry (they go in the Authorization header). */
export function formatServer(server: DnsServer): string {
  if (server.kind === 'inet') return formatHostPort(server.host, server.port);
  const url = new URL(server.url.href);
  url.username = '';
  url.password = '';
  return url.href;
}

/** Node's certificate and handshake failures (`DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`, `ERR_SSL_...`). */
function isTlsFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /CERT|SELF_SIGNED|ALTNAME|SSL|TLS|VERIFY/.test(code);
}

/** A query as error lines name it: `www.example.test A`, `version.bind CH TXT`. */
export function describeQuery(question: DnsQuestion): string {
  const klass = question.class !== undefined && question.class !== 1 ? ` ${formatRecordClass(question.class)}` : '';
  return `${question.name}${klass} ${formatRecordType(question.type)}`;
}

/** `where` is `<query> @<server> (<transport>)`: every failure line names the query it belongs to. */
export function failure(error: unknown, where: string, transport: TransportName, options: Pick<ExchangeOptions, 'signal' | 'tries' | 'timeoutMs'>, waitedMs: number): Error {
  if (options.signal.aborted) return new InterruptedError();
  const tries = options.tries === 1 ? '1 try' : `${options.tries} tries`;
  if (error instanceof NoiseOnlyError) {
    return new NetworkError(`${where}: malformed reply: ${error.noise.message}; no readable reply after ${Math.round(waitedMs)} ms (${tries} of ${options.timeoutMs} ms)`);
  }
  if (error instanceof MalformedReplyError) return new NetworkError(`${where}: malformed reply: ${error.message}`, { cause: error });
  if (error instanceof TimeoutError) {
    const hint = transport === 'udp' ? 'try --tcp, another @server or a longer --timeout' : 'try another @server or a longer --timeout';
    return new NetworkError(`${where}: no reply after ${Math.round(waitedMs)} ms (${tries} of ${options.timeoutMs} ms); ${hint}`);
  }
  if (error instanceof HttpStatusError) return new NetworkError(`${where}: DNS over HTTPS failed: ${error.message}`);
  if (isTlsFailure(error)) {
    return new NetworkError(`${where}: TLS failed: ${describeSystemError(error)}; --ca FILE trusts a private CA, --insecure skips the check`, { cause: error });
  }
  const after = `after ${Math.round(waitedMs)} ms`;
  // Over UDP this is an ICMP port unreachable; over TCP a RST. Either way nothing serves that port.
  if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    return new NetworkError(`${where}: connection refused (ECONNREFUSED) ${after}: is a DNS server listening there?`, { cause: error });
  }
  return new NetworkError(`${where}: ${describeSystemError(error)} ${after}`, { cause: error });
}

/** A transport that tries `tries` times on timeouts (other failures end at once) and words its failure naming server and transport. */
function withTries(transport: DnsTransport, server: DnsServer, options: ExchangeOptions): DnsTransport {
  const name = transport.name as TransportName;
  return {
    name,
    exchange: async (query, timeoutMs, signal) => {
      const started = performance.now();
      for (let attempt = 1; ; attempt++) {
        try {
          return await transport.exchange(query, timeoutMs, signal);
        } catch (error) {
          if (!(error instanceof TimeoutError) || attempt >= options.tries || signal.aborted) {
            throw failure(error, `${describeQuery(query.question)} @${formatServer(server)} (${name})`, name, options, performance.now() - started);
          }
        }
      }
    },
  };
}

export function dnsExchange(question: DnsQuestion, server: DnsServer, options: ExchangeOptions): Promise<DnsResult> {
  const choice = server.kind === 'https' ? 'https' : (server.transport ?? options.transport);
  const transport = createTransport(choice, server, { tls: options.tls, family: options.family }, (leg) => withTries(leg, server, options));
  const { recurse, dnssec, bufsize, checkingDisabled, nsid } = options;
  return transport.exchange({ question, recurse, dnssec, bufsize, checkingDisabled, nsid }, options.timeoutMs, options.signal);
}
