/** A throwaway self-signed certificate for `listen --tls` without files (as ncat --ssl): a fresh P-256 key, never written to disk. */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { encodeSelfSignedCertificate, formatFingerprint, toPem } from '../protocol/x509.js';

export interface ThrowawayCertificate {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 of the DER certificate, `AB:CD:...`, for a client to compare by eye (ncat prints one too). */
  readonly fingerprint: string;
}

/** Valid from a minute ago (clocks differ a little) for 30 days: longer than any test session. */
const validityMs = 30 * 24 * 3600 * 1000;

export function createThrowawayCertificate(now: number, names: readonly string[]): ThrowawayCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const der = encodeSelfSignedCertificate(
    {
      publicKeyInfo: publicKey.export({ type: 'spki', format: 'der' }),
      serial,
      commonName: 'nettool throwaway',
      altNames: names,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + validityMs),
    },
    (tbs) => sign('sha256', tbs, privateKey),
  );
  return {
    cert: toPem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    fingerprint: formatFingerprint(createHash('sha256').update(der).digest()),
  };
}
