/**
 * The deadlines and body cap every HTTP service shares (http, xmlrpc, and any later one), in one
 * place, and the server options that enforce them. No request handling here.
 */
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';

export interface HttpLimits {
  /** The whole request, headers and body, must arrive within this (node:http's requestTimeout). */
  readonly requestTimeoutMs: number;
  /** The request line and headers must arrive within this (never more than the whole request's). */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A request body larger than this is refused with 413. */
  readonly maxBodyBytes: number;
}

export const defaultRequestTimeoutMs = 30_000;
const defaultHeadersTimeoutMs = 10_000;
const keepAliveTimeoutMs = 5_000;
/** An XML-RPC call is a few kilobytes; a base64 parameter of up to ~750 KB still fits. */
export const maxBodyBytes = 1024 * 1024;

/** The limits for a request deadline (serve --request-timeout); the rest follow from it. */
export function httpLimits(requestTimeoutMs = defaultRequestTimeoutMs): HttpLimits {
  return {
    requestTimeoutMs,
    headersTimeoutMs: Math.min(defaultHeadersTimeoutMs, requestTimeoutMs),
    keepAliveTimeoutMs,
    maxBodyBytes,
  };
}

/**
 * node:http options that enforce the deadlines. Node checks them on a timer
 * (connectionsCheckingInterval, 30 s by default): checked at a quarter of the shortest deadline,
 * a request that is late is cut at most a quarter late.
 */
export function httpServerOptions(limits: HttpLimits): ServerOptions {
  return {
    noDelay: true,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
  };
}

/**
 * What node:http takes only as properties, set on a server created with httpServerOptions, and the
 * body deadline. node:http's own requestTimeout covers the headers but, once a request has been
 * handed to its listener, does not reliably cut a body that stalls (Node 20): a timer per request does.
 */
export function applyHttpLimits(server: Server, limits: HttpLimits): void {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // A client that stops reading its response holds the socket and what is queued for it: dropped
  // once nothing has moved for as long as a whole request may take.
  server.timeout = limits.requestTimeoutMs * 2;
  server.prependListener('request', (request, response) => enforceBodyDeadline(request, response, limits.requestTimeoutMs));
}

const requestTimeoutResponse = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/** Closes the connection of a request whose body has not all arrived by the deadline (408 if nothing was answered yet). */
function enforceBodyDeadline(request: IncomingMessage, response: ServerResponse, deadlineMs: number): void {
  const timer = setTimeout(() => {
    if (request.complete) return;
    const { socket } = request;
    if (!response.headersSent && socket.writable) socket.write(requestTimeoutResponse);
    socket.destroy();
  }, deadlineMs);
  const clear = () => clearTimeout(timer);
  request.once('end', clear);
  request.once('close', clear);
}
