/** Loopback peers for the stream tests: free ports, a throwaway CA-less certificate, servers that stop. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from './peers.js';

/** A port that was free a moment ago (bound to port 0, then released). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something accepts connections on the port; rejects past the deadline. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nettool-test-'));
}

/** A self-signed certificate for `localhost` and 127.0.0.1, made by openssl in `dir`. */
export function makeCertificate(dir: string, { days = 2, name = 'localhost' } = {}): { cert: string; key: string } {
  const openssl = requirePeer('openssl', 'openssl');
  const cert = join(dir, `${name}-cert.pem`);
  const key = join(dir, `${name}-key.pem`);
  execFileSync(openssl, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', String(days), '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=DNS:${name}`,
  ], { stdio: 'ignore' });
  return { cert, key };
}

/** Spawns a peer program and returns it with a stop() that kills it and waits. */
export function startPeer(command: string, args: readonly string[]): ChildProcess & { stop: () => Promise<void> } {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { stop: () => Promise<void> };
  child.stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('close', () => resolve());
      child.kill('SIGKILL');
    });
  return child;
}

/** A self-signed certificate for `localhost` that expired on 2 January 2020 (openssl ca -selfsign with fixed dates). */
export function makeExpiredCertificate(dir: string): { cert: string; key: string } {
  const openssl = requirePeer('openssl', 'openssl');
  const ca = mkdtempSync(join(dir, 'expired-'));
  writeFileSync(join(ca, 'index.txt'), '');
  writeFileSync(join(ca, 'serial'), '01\n');
  writeFileSync(
    join(ca, 'ca.cnf'),
    ['[ca]', 'default_ca = own', '[own]', `database = ${ca}/index.txt`, `new_certs_dir = ${ca}`, `serial = ${ca}/serial`,
      'default_md = sha256', 'policy = any', 'copy_extensions = copy', '[any]', 'commonName = supplied', ''].join('\n'),
  );
  const key = join(ca, 'key.pem');
  const cert = join(ca, 'cert.pem');
  const request = join(ca, 'request.pem');
  execFileSync(openssl, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', request,
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  execFileSync(openssl, ['ca', '-batch', '-config', join(ca, 'ca.cnf'), '-selfsign', '-keyfile', key, '-in', request, '-out', cert,
    '-startdate', '20200101000000Z', '-enddate', '20200102000000Z'], { stdio: 'ignore' });
  return { cert, key };
}
