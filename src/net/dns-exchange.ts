/** One DNS question to one server: the transport, tries and timeouts, UDP→TCP on TC, and every reply checked. */
import { performance } from 'node:perf_hooks';
import { InterruptedError, NetworkError, describeSystemError } from '../errors.js';
import { formatHostPort } from '../protocol/address.js';
import {
  MalformedReplyError, decodeReply, encodeQuery, peekId, replyMatches, type DnsQuestion, type DnsReply,
} from '../protocol/dns-message.js';
import { TimeoutError } from './deadline.js';
import type { TlsSettings } from './tls-trust.js';
import { udpExchange } from './dns-udp.js';
import { randomId } from './random.js';

export type DnsTransport = 'udp' | 'tcp' | 'tls' | 'https';

export type DnsServer =
  | { readonly kind: 'inet'; readonly host: string; readonly port: number }
  | { readonly kind: 'https'; readonly url: URL };

export interface ExchangeOptions {
  /** `auto` is UDP, then TCP when the reply is truncated (RFC 7766 §5). */
  readonly transport: 'auto' | 'tcp' | 'tls' | 'https';
  readonly timeoutMs: number;
  readonly tries: number;
  readonly recurse: boolean;
  readonly dnssec: boolean;
  readonly tls: TlsSettings;
  readonly signal: AbortSignal;
}

export interface DnsResult {
  readonly reply: DnsReply;
  readonly transport: DnsTransport;
  /** Round trip of the try that answered, as dig's "Query time". */
  readonly timeMs: number;
}

/** How a server is named in output and messages; a DoH URL without the credentials it may carry (they go in the Authorization header). */
export function formatServer(server: DnsServer): string {
  if (server.kind === 'inet') return formatHostPort(server.host, server.port);
  const url = new URL(server.url.href);
  url.username = '';
  url.password = '';
  return url.href;
}

/** One try: the reply, and the time from the encoded query to the reply's arrival (socket set-up included). */
async function once(question: DnsQuestion, server: DnsServer, transport: DnsTransport, options: ExchangeOptions): Promise<{ reply: DnsReply; timeMs: number }> {
  // DoH uses ID 0 so that HTTP caches see equal queries as equal (RFC 8484 §4.1).
  const id = transport === 'https' ? 0 : randomId();
  const query = encodeQuery(question, { id, recurse: options.recurse, dnssec: options.dnssec });
  const io = { timeoutMs: options.timeoutMs, signal: options.signal };
  const sent = performance.now();
  if (transport === 'udp' && server.kind === 'inet') {
    let matched: { reply: DnsReply; timeMs: number } | undefined;
    await udpExchange(query, server, {
      ...io,
      // Datagrams with another ID or question are stale or forged: keep waiting (RFC 5452 §9.1).
      // A truncated one only sends the question to TCP, where the whole answer is checked.
      accept: (datagram) => {
        const timeMs = performance.now() - sent;
        if (peekId(datagram) !== id) return false;
        const reply = decodeReply(datagram);
        if (!reply.truncated && !replyMatches(reply, id, question)) return false;
        matched = { reply, timeMs };
        return true;
      },
    });
    return matched!;
  }
  // Loaded on first use: UDP answers most questions, and node:https and node:tls are slow to load.
  const bytes =
    server.kind === 'https'
      ? await (await import('./dns-https.js')).httpsExchange(query, server.url, { ...io, tls: options.tls })
      : await (await import('./dns-stream.js')).streamExchange(query, server, { ...io, tls: transport === 'tls' ? options.tls : undefined });
  const timeMs = performance.now() - sent;
  const reply = decodeReply(bytes);
  if (!replyMatches(reply, id, question)) throw new MalformedReplyError('it answers a different query (ID or question differ)');
  return { reply, timeMs };
}

/** Node's certificate and handshake failures (`DEPTH_ZERO_SELF_SIGNED_CERT`, `ERR_TLS_CERT_ALTNAME_INVALID`, `ERR_SSL_...`). */
function isTlsFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /CERT|SELF_SIGNED|ALTNAME|SSL|TLS|VERIFY/.test(code);
}

function failure(error: unknown, server: DnsServer, transport: DnsTransport, options: ExchangeOptions, waitedMs: number): Error {
  const where = `${formatServer(server)} (${transport})`;
  if (options.signal.aborted) return new InterruptedError();
  if (error instanceof MalformedReplyError) return new NetworkError(`malformed reply from ${where}: ${error.message}`, { cause: error });
  if (error instanceof TimeoutError) {
    const hint = transport === 'udp' ? 'try --tcp, another @server or a longer --timeout' : 'try another @server or a longer --timeout';
    const tries = options.tries === 1 ? '1 try' : `${options.tries} tries`;
    return new NetworkError(`no reply from ${where} after ${Math.round(waitedMs)} ms (${tries} of ${options.timeoutMs} ms); ${hint}`);
  }
  if ((error as Error).name === 'HttpStatusError') return new NetworkError(`DNS over HTTPS to ${where} failed: ${(error as Error).message}`);
  if (isTlsFailure(error)) {
    return new NetworkError(`TLS with ${where} failed: ${describeSystemError(error)}; --ca FILE trusts a private CA, --insecure skips the check`, { cause: error });
  }
  const after = `after ${Math.round(waitedMs)} ms`;
  // Over UDP this is an ICMP port unreachable; over TCP a RST. Either way nothing serves that port.
  if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    return new NetworkError(`${where}: connection refused (ECONNREFUSED) ${after}: is a DNS server listening there?`, { cause: error });
  }
  return new NetworkError(`${where}: ${describeSystemError(error)} ${after}`, { cause: error });
}

/** Asks one question, trying `tries` times on timeouts; other failures end at once. */
async function withTries(question: DnsQuestion, server: DnsServer, transport: DnsTransport, options: ExchangeOptions): Promise<DnsResult> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await once(question, server, transport, options)), transport };
    } catch (error) {
      if (!(error instanceof TimeoutError) || attempt >= options.tries || options.signal.aborted) {
        throw failure(error, server, transport, options, performance.now() - started);
      }
    }
  }
}

export async function dnsExchange(question: DnsQuestion, server: DnsServer, options: ExchangeOptions): Promise<DnsResult> {
  if (server.kind === 'https') return withTries(question, server, 'https', options);
  if (options.transport === 'tcp' || options.transport === 'tls') return withTries(question, server, options.transport, options);
  const result = await withTries(question, server, 'udp', options);
  return result.reply.truncated ? withTries(question, server, 'tcp', options) : result;
}
