/** DNS over TCP (RFC 7766) and TLS (RFC 7858): a 2-byte length before each message, replies read across partial chunks. */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { withDeadline } from './deadline.js';
import { trustedCas, type TlsSettings } from './tls-trust.js';

export interface StreamTarget {
  readonly host: string;
  readonly port: number;
}

/** Frames `query`, sends it, and resolves with the first whole message (without its length prefix). */
export async function streamExchange(
  query: Uint8Array,
  target: StreamTarget,
  options: { timeoutMs: number; signal: AbortSignal; tls?: TlsSettings },
): Promise<Buffer> {
  // node:tls costs more start-up than the rest of a query; plain TCP never loads it.
  const tlsModule = options.tls ? process.getBuiltinModule('node:tls') : undefined;
  return withDeadline<Buffer>(options.timeoutMs, options.signal, (resolve, reject) => {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    const framed = Buffer.concat([prefix, query]);
    let socket: Socket;
    if (options.tls && tlsModule) {
      const tls = options.tls;
      socket = tlsModule.connect({
        host: target.host,
        port: target.port,
        // SNI carries names only (RFC 6066 §3); an address is checked against the certificate's IP entries.
        servername: isIP(target.host) ? undefined : target.host,
        ca: trustedCas(tls, tlsModule.rootCertificates),
        rejectUnauthorized: !tls.insecure,
      });
      socket.once('secureConnect', () => socket.write(framed));
      socket.on('error', reject);
    } else {
      socket = connectTcp({ host: target.host, port: target.port });
      socket.once('connect', () => socket.write(framed));
      socket.on('error', reject);
    }
    const chunks: Buffer[] = [];
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < 2) return;
      const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      chunks.length = 0;
      chunks.push(whole);
      const length = whole.readUInt16BE(0);
      if (received >= 2 + length) resolve(whole.subarray(2, 2 + length));
    });
    socket.on('end', () => reject(new Error(received === 0 ? 'the server closed the connection without replying' : `the connection closed after ${received} bytes, mid-reply`)));
    return () => socket.destroy();
  });
}
