/** The `serve xmlrpc` endpoint: an HTTP request listener and a standalone server. Never evaluates a request. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeMethodCall, decodeXmlBytes } from '../protocol/xmlrpc/decode.js';
import { encodeFault, encodeMethodResponse } from '../protocol/xmlrpc/encode.js';
import { FaultCode, XmlRpcFormatError, type XmlRpcFault } from '../protocol/xmlrpc/value.js';
import { callMethod, createMethods } from './xmlrpc-methods.js';

export const defaultMaxRequestBytes = 1024 * 1024;

/** One answered request, for the server's log. */
export interface XmlRpcCall {
  readonly remote: string;
  readonly status: number;
  readonly method?: string;
  readonly fault?: XmlRpcFault;
}

export interface XmlRpcHandlerOptions {
  /** Bodies larger than this get 413 and the connection is closed (default 1 MiB). */
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

/** Decodes, dispatches and encodes one request body; every failure is a fault document, never a throw. */
function answer(methods: ReturnType<typeof createMethods>, body: Buffer): { xml: string; method?: string; fault?: XmlRpcFault } {
  let method: string | undefined;
  try {
    const call = decodeMethodCall(decodeXmlBytes(body));
    method = call.method;
    const outcome = callMethod(methods, call.method, call.params);
    if ('fault' in outcome) return { xml: encodeFault(outcome.fault), method, fault: outcome.fault };
    return { xml: encodeMethodResponse(outcome.value), method };
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
  const maxBytes = options.maxRequestBytes ?? defaultMaxRequestBytes;
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
    // Up to four times the limit is read and dropped, so that an ordinary client (which sends its whole
    // body before it reads) gets its 413 instead of a broken pipe; beyond that the connection is cut.
    const discardLimit = 4 * maxBytes;
    const tooLarge = () => {
      sendPlain(response, 413, `request larger than ${maxBytes} bytes\n`, { Connection: 'close' });
      log({ remote, status: 413 });
    };
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > discardLimit) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > discardLimit) {
        request.removeAllListeners('data');
        request.socket.destroy();
        log({ remote, status: 413 });
      } else if (size > maxBytes) {
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => {
      if (size > maxBytes) {
        tooLarge();
        return;
      }
      const { xml, method, fault } = answer(methods, Buffer.concat(chunks));
      response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(xml) });
      response.end(xml);
      log({ remote, status: 200, ...(method !== undefined && { method }), ...(fault && { fault }) });
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

/** A standalone XML-RPC server on node:http, with timeouts so a slow or silent client cannot hold it. */
export function createXmlRpcServer(options: XmlRpcServerOptions = {}): Promise<XmlRpcServer> {
  const server = createServer(createXmlRpcHandler(options));
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  // A client that stops reading its response is dropped after a minute, with the response it held.
  server.timeout = 60_000;
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
