/** What every DNS transport is (an exchange of one query for one checked reply) and the checks they share. Moves no bytes itself. */
import { performance } from 'node:perf_hooks';
import { MalformedReplyError, decodeReply, encodeQuery, replyMismatch, type DnsQuestion, type DnsReply } from '../protocol/dns-message.js';
import { randomId } from './random.js';
import type { TlsSettings } from './tls-trust.js';

import type { TransportName } from './dns-transports.js';

export type { TransportName } from './dns-transports.js';

export interface DnsQuery {
  readonly question: DnsQuestion;
  /** RD (RFC 1035 §4.1.1). */
  readonly recurse: boolean;
  /** The DO bit (RFC 3225). */
  readonly dnssec: boolean;
  readonly bufsize?: number;
  readonly checkingDisabled?: boolean;
  readonly nsid?: boolean;
}

export interface DnsResult {
  readonly reply: DnsReply;
  /** The transport that answered: for `auto`, `udp` or `tcp`. */
  readonly transport: TransportName;
  /** Round trip of the try that answered, as dig's "Query time" (socket set-up included). */
  readonly timeMs: number;
  /** The reply's size in bytes, as dig's "Received N bytes". */
  readonly size: number;
}

/**
 * One query for one reply that answers it (ID and question checked), within `timeoutMs` or until
 * `signal` aborts. Failures are thrown as they come (TimeoutError, system errors, MalformedReplyError);
 * dns-exchange.ts words them.
 */
export interface DnsTransport {
  readonly name: TransportName | 'auto';
  exchange(query: DnsQuery, timeoutMs: number, signal: AbortSignal): Promise<DnsResult>;
}

export type DnsServer =
  /** `transport`: this server's own, from a `tcp://`-style @server (doggo's way); else the command's. */
  | { readonly kind: 'inet'; readonly host: string; readonly port: number; readonly transport?: TransportName }
  | { readonly kind: 'https'; readonly url: URL };

export interface TransportSettings {
  readonly tls: TlsSettings;
  /** dig's -4/-6: the address family a server named by host name is reached over. */
  readonly family?: 4 | 6 | undefined;
}

/** An HTTP answer that is not a DNS message (DoH): named by its status. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
}

/** A query with a fresh unpredictable ID (RFC 5452 §4.3), or the ID given. */
export function encodeFor(query: DnsQuery, id = randomId()): { id: number; bytes: Buffer } {
  return { id, bytes: encodeQuery(query.question, { ...query, id }) };
}

/**
 * A reply over a stream (TCP, TLS, HTTPS) is the only one that will come: it must decode, answer the
 * query, and not claim TC, which means "ask over TCP" (RFC 1035 §4.2.1) and nothing on a stream.
 */
export function checkStreamReply(bytes: Uint8Array, id: number, question: DnsQuestion): DnsReply {
  const reply = decodeReply(bytes);
  if (reply.truncated) throw new MalformedReplyError('the TC bit is set, and truncation means nothing over a stream');
  const mismatch = replyMismatch(reply, id, question);
  if (mismatch) throw new MalformedReplyError(mismatch);
  return reply;
}

/** Runs one stream exchange and checks its reply, timing it from the encoded query. */
export async function streamResult(
  name: TransportName,
  query: DnsQuery,
  id: number | undefined,
  send: (bytes: Buffer) => Promise<Uint8Array>,
): Promise<DnsResult> {
  const encoded = encodeFor(query, id);
  const sent = performance.now();
  const bytes = await send(encoded.bytes);
  const timeMs = performance.now() - sent;
  return { reply: checkStreamReply(bytes, encoded.id, query.question), transport: name, timeMs, size: bytes.length };
}
