/** A throw-away self-signed certificate for 127.0.0.1 and localhost, made with openssl in a temp dir. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from './peers.js';

export interface TestCertificate {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
  remove(): void;
}

export function makeTestCertificate(): TestCertificate {
  const openssl = requirePeer('openssl', 'openssl');
  const dir = mkdtempSync(join(tmpdir(), 'nettool-cert-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(openssl, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { dir, cert, key, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
