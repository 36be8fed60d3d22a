/** The `serve xmlrpc` endpoint: an HTTP request listener and a standalone server. Never evaluates a request. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeMethodCall, decodeXmlBytes } from '../protocol/xmlrpc/decode.js';
import { encodeFault, encodeMethodResponse } from '../protocol/xmlrpc/encode.js';
import { FaultCode, XmlRpcFormatError, type XmlRpcFault } from '../protocol/xmlrpc/value.js';
import { applyHttpLimits, httpLimits, httpServerOptions } from './http-limits.js';
import { ContentEncodingError, decodeContentEncoding } from '../protocol/content-encoding.js';
import { readRequestBody } from './request-body.js';
import { callMethod, createMethods } from './xmlrpc-methods.js';

/** One answered request, for the server's log. */
export interface XmlRpcCall {
  readonly remote: string;
  readonly status: number;
  readonly method?: string;
  readonly fault?: XmlRpcFault;
}

export interface XmlRpcHandlerOptions {
  /** Bodies larger than this get 413 and the connection is closed (the HTTP services' shared cap). */
  readonly maxRequestBytes?: number;
  /** The clock `time` reads; injected so tests can fix it. */
  readonly now?: () => number;
  readonly onCall?: (call: XmlRpcCall) => void;
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

function remoteOf(request: IncomingMessage): string {
  const { remoteAddress = '?', remotePort = 0 } = request.socket;
  return remoteAddress.includes(':') ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
}

function sendPlain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * A reply may be at most this much larger than its request: a system.multicall of a thousand
 * 8-byte `<value/>`s would otherwise answer with a thousand ~230-byte faults (30 times the request).
 */
export function maxReplyBytes(requestBytes: number): number {
  return 16 * 1024 + 4 * requestBytes;
}

/** Decodes, dispatches and encodes one request body; every failure is a fault document, never a throw. */
function answer(methods: ReturnType<typeof createMethods>, body: Buffer): { xml: string; method?: string; fault?: XmlRpcFault } {
  let method: string | undefined;
  try {
    const call = decodeMethodCall(decodeXmlBytes(body));
    method = call.method;
    const outcome = callMethod(methods, call.method, call.params);
    if ('fault' in outcome) return { xml: encodeFault(outcome.fault), method, fault: outcome.fault };
    const xml = encodeMethodResponse(outcome.value);
    const limit = maxReplyBytes(body.length);
    if (Buffer.byteLength(xml) <= limit) return { xml, method };
    const fault = { code: FaultCode.InvalidRequest, message: `the reply would be ${Buffer.byteLength(xml)} bytes, over this server's limit of ${limit} for a ${body.length}-byte request (16 KiB + 4 times the request); split the call` };
    return { xml: encodeFault(fault), method, fault };
  } catch (error) {
    // A request that does not decode gets the decoder's words; a failure after that is ours.
    const fault: XmlRpcFault =
      error instanceof XmlRpcFormatError && method === undefined
        ? { code: error.code, message: error.message }
        : { code: FaultCode.InternalError, message: error instanceof XmlRpcFormatError ? error.message : 'internal error' };
    return { xml: encodeFault(fault), method, fault };
  }
}

/**
 * A `node:http` request listener for XML-RPC over POST (any path). Malformed XML gets a fault
 * with HTTP 200, as Python's SimpleXMLRPCServer answers, and the connection stays usable.
 */
export function createXmlRpcHandler(options: XmlRpcHandlerOptions = {}): RequestListener {
  const maxBytes = options.maxRequestBytes ?? httpLimits().maxBodyBytes;
  const methods = createMethods(options.now ?? Date.now);
  const log = options.onCall ?? (() => {});

  return (request, response) => {
    const remote = remoteOf(request);
    request.on('error', () => {});
    if (request.method !== 'POST') {
      sendPlain(response, 405, 'XML-RPC takes POST requests\n', { Allow: 'POST' });
      log({ remote, status: 405 });
      return;
    }
    void readRequestBody(request, maxBytes).then((body) => {
      switch (body.kind) {
        case 'too-large':
          sendPlain(response, 413, `request larger than ${maxBytes} bytes\n`, { Connection: 'close' });
          log({ remote, status: 413 });
          return;
        case 'busy':
          // Closed as soon as the answer is out: reading the body to drop it would cost what refusing it saves.
          response.once('finish', () => request.socket.destroy());
          sendPlain(response, 503, 'too many request bodies arriving at once; try again shortly\n', { Connection: 'close', 'Retry-After': '1' });
          log({ remote, status: 503 });
          return;
        case 'gone':
          return;
        case 'body': {
          // Python's server takes gzip bodies (decode_request_content): 501 for another encoding, 400 for a bad one.
          let bytes: Buffer;
          try {
            bytes = decodeContentEncoding(body.bytes, request.headers['content-encoding'], maxBytes);
          } catch (error) {
            if (!(error instanceof ContentEncodingError)) throw error;
            const status = error.unsupported ? 501 : 400;
            sendPlain(response, status, `${error.message}\n`);
            log({ remote, status });
            return;
          }
          const { xml, method, fault } = answer(methods, bytes);
          response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(xml) });
          response.end(xml);
          log({ remote, status: 200, ...(method !== undefined && { method }), ...(fault && { fault }) });
          return;
        }
      }
    });
  };
}

export interface XmlRpcServerOptions extends XmlRpcHandlerOptions {
  readonly host?: string;
  /** 0 picks a free port; `address` tells which. */
  readonly port?: number;
}

export interface XmlRpcServer {
  readonly address: AddressInfo;
  /** Stops accepting, closes every connection, and resolves when the server is down. */
  readonly close: () => Promise<void>;
}

/** A standalone XML-RPC server on node:http (for tests and embedding), with the deadlines every HTTP service has. */
export function createXmlRpcServer(options: XmlRpcServerOptions = {}): Promise<XmlRpcServer> {
  const limits = httpLimits();
  const server = createServer(httpServerOptions(limits), createXmlRpcHandler(options));
  applyHttpLimits(server, limits);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
