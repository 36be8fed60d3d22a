/** Opens a TCP, TLS or Unix stream to an endpoint, with a deadline and an AbortSignal. Moves no data. */
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { InterruptedError, NetworkError, UsageError, describeSystemError } from '../errors.js';
import { formatEndpoint, formatHostPort, type Endpoint } from '../protocol/address.js';
import { trustedCas, type TlsSettings } from './tls-trust.js';

export interface StreamOptions {
  readonly tls?: TlsSettings;
  /** --servername: the name TLS sends (SNI) and checks the certificate against, instead of the host's. */
  readonly servername?: string;
  /** Deadline for name look-up, connect and TLS handshake together, in ms. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** 4 or 6 to use only that address family. */
  readonly family?: 0 | 4 | 6;
  /** Local address to bind before connecting (`-s`). */
  readonly source?: string;
  /** Called before each address is tried: `Trying 127.0.0.1...`. */
  readonly onAttempt?: (address: string) => void;
}

export interface OpenedStream {
  readonly socket: Socket | TLSSocket;
  /** The address actually connected to (`127.0.0.1:80`, `/run/x.sock`). */
  readonly remote: string;
  /** Set for TLS: the protocol and cipher, for a status line. */
  readonly tlsSummary?: string;
}

const trustFix = 'trust its CA with --ca FILE, or skip verification with --insecure';
const datesFix = "check the server's certificate dates and this host's clock; --insecure skips verification";

/** Why verification failed and what to do, in words a person can act on (Node's codes from OpenSSL). */
const certificateProblems: Record<string, readonly [what: string, fix: string]> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: ['the certificate is self-signed', trustFix],
  SELF_SIGNED_CERT_IN_CHAIN: ['the certificate chain ends in an untrusted self-signed CA', trustFix],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['the certificate was issued by an unknown CA', trustFix],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['the certificate was issued by an unknown CA', trustFix],
  CERT_HAS_EXPIRED: ['the certificate has expired', datesFix],
  CERT_NOT_YET_VALID: ['the certificate is not yet valid', datesFix],
  ERR_TLS_CERT_ALTNAME_INVALID: ['the certificate does not name this host', 'connect by a name it lists, or skip verification with --insecure'],
  CERT_REVOKED: ['the certificate was revoked', 'the server needs a new certificate'],
};

function deadline(signal: AbortSignal, timeoutMs: number, what: () => string): { promise: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: () => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NetworkError(`${what()}: timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    onAbort = () => reject(new InterruptedError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, clear: () => (clearTimeout(timer), signal.removeEventListener('abort', onAbort)) };
}

async function resolveAddresses(host: string, family: 0 | 4 | 6): Promise<string[]> {
  if (isIP(host)) {
    if (family && isIP(host) !== family) throw new UsageError(`${host} is not an IPv${family} address (-${family})`);
    return [host];
  }
  try {
    const found = await lookup(host, { all: true, family, verbatim: true });
    return found.map((entry) => entry.address);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') throw new NetworkError(`name not found: ${host}${family ? ` (no IPv${family} address)` : ''}`);
    throw new NetworkError(`looking up ${host}: ${describeSystemError(error)}`, { cause: error });
  }
}

/** Connects one socket; on the deadline (or Ctrl-C) the half-open socket is destroyed, not left behind. */
function connectSocket(options: { host: string; port: number; localAddress?: string } | { path: string }, limit: Promise<never>): Promise<Socket> {
  // Half-open allowed: a peer's FIN must not cut off the rest of our input (the relay decides).
  const socket = new Socket({ allowHalfOpen: true });
  limit.catch(() => socket.destroy());
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      socket.destroy();
      reject(new NetworkError(describeSystemError(error), { cause: error }));
    };
    socket.once('error', onError);
    socket.connect(options as never, () => {
      socket.off('error', onError);
      resolve(socket);
    });
    limit.catch(reject);
  });
}

/**
 * `name` is what the certificate must name; undefined (a Unix socket without --servername) checks the
 * chain but no name, where Node would otherwise check against "localhost".
 */
function startTls(socket: Socket, name: string | undefined, tls: TlsSettings): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      host: name,
      // SNI carries names only (RFC 6066 section 3): never an IP address.
      servername: name && !isIP(name) ? name : undefined,
      rejectUnauthorized: !tls.insecure,
      ca: trustedCas(tls, rootCertificates),
      ...(name === undefined && { checkServerIdentity: () => undefined }),
    });
    const onError = (error: NodeJS.ErrnoException) => {
      secure.destroy();
      const problem = error.code ? certificateProblems[error.code] : undefined;
      // Node reports a plain close (FIN) during the handshake with the code ECONNRESET: say what happened.
      if (!problem && error.code === 'ECONNRESET' && /before secure TLS connection/.test(error.message)) {
        return reject(new NetworkError('TLS handshake failed: the server closed the connection before the handshake finished (is it a TLS port? does it want a client certificate?)', { cause: error }));
      }
      if (!problem) return reject(new NetworkError(`TLS handshake failed: ${describeSystemError(error)}`, { cause: error }));
      // Node's own words add something only for a name mismatch (which names it checked).
      const detail = error.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `: ${error.message}` : '';
      reject(new NetworkError(`TLS: ${problem[0]}${detail} (${problem[1]})`, { cause: error }));
    };
    secure.once('error', onError);
    secure.once('secureConnect', () => {
      secure.off('error', onError);
      resolve(secure);
    });
  });
}

/** Connects to each address in turn (as telnet does), then starts TLS if asked. Throws NetworkError, UsageError or InterruptedError. */
export async function openStream(endpoint: Endpoint, options: StreamOptions): Promise<OpenedStream> {
  const label = formatEndpoint(endpoint);
  let trying = label;
  const limit = deadline(options.signal, options.timeoutMs, () => `connect to ${trying}`);
  try {
    let socket: Socket;
    let remote: string;
    if (endpoint.kind === 'unix') {
      options.onAttempt?.(endpoint.path);
      socket = await connectSocket({ path: endpoint.path }, limit.promise);
      remote = endpoint.path;
    } else {
      const family = options.family || endpoint.family;
      const addresses = await Promise.race([resolveAddresses(endpoint.host, family), limit.promise]);
      let lastError: unknown = new NetworkError(`name not found: ${endpoint.host}`);
      let connected: Socket | undefined;
      for (const address of addresses) {
        trying = formatHostPort(address, endpoint.port);
        options.onAttempt?.(address);
        try {
          connected = await connectSocket({ host: address, port: endpoint.port, localAddress: options.source }, limit.promise);
          break;
        } catch (error) {
          if (!(error instanceof NetworkError) || error.message.includes('timed out after')) throw error;
          lastError = error;
        }
      }
      if (!connected) throw lastError;
      socket = connected;
      remote = trying;
    }
    if (!options.tls) return { socket, remote };
    const name = options.servername ?? (endpoint.kind === 'inet' ? endpoint.host : undefined);
    const secure = await Promise.race([startTls(socket, name, options.tls), limit.promise]).catch((error: unknown) => {
      socket.destroy();
      throw error;
    });
    const cipher = secure.getCipher();
    const verified = !secure.authorized ? ' (NOT verified: --insecure)' : name === undefined ? ' (chain verified; no name checked: a Unix socket has none, give --servername NAME)' : '';
    return { socket: secure, remote, tlsSummary: `${secure.getProtocol() ?? 'TLS'} ${cipher.name}${verified}` };
  } finally {
    limit.clear();
  }
}
