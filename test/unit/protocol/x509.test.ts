import { X509Certificate, createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeLength, objectIdentifier, unsignedInteger, x509Time } from '../../../src/protocol/der.js';
import { encodeSelfSignedCertificate, formatFingerprint, toPem } from '../../../src/protocol/x509.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('DER (X.690)', () => {
  it.each([
    [0, '00'],
    [127, '7f'],
    [128, '8180'],
    [255, '81ff'],
    [256, '820100'],
    [65_536, '83010000'],
  ])('length %i → %s', (length, expected) => expect(hex(encodeLength(length))).toBe(expected));

  it.each([
    ['00', '020100'],
    ['7f', '02017f'],
    ['80', '02020080'],
    ['000080', '02020080'],
    ['0001', '020101'],
  ])('unsigned INTEGER %s → %s (leading zeros dropped, one added before a high bit)', (magnitude, expected) =>
    expect(hex(unsignedInteger(Buffer.from(magnitude, 'hex')))).toBe(expected));

  it.each([
    ['2.5.4.3', '0603550403'],
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['2.5.29.17', '0603551d11'],
  ])('OID %s → %s', (oid, expected) => expect(hex(objectIdentifier(oid))).toBe(expected));

  it('UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(Buffer.from(x509Time(new Date('2026-12-04T17:05:09.999Z'))).toString('latin1')).toBe('\x17\x0d261204170509Z');
    expect(Buffer.from(x509Time(new Date('2050-01-01T00:00:00Z'))).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});

describe('encodeSelfSignedCertificate', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const der = encodeSelfSignedCertificate(
    {
      publicKeyInfo: publicKey.export({ type: 'spki', format: 'der' }),
      serial: Buffer.from('8001020304050607', 'hex'),
      commonName: 'nettool test',
      altNames: ['localhost', '127.0.0.1', '::1'],
      notBefore: new Date('2026-12-01T00:00:00Z'),
      notAfter: new Date('2026-12-31T00:00:00Z'),
    },
    (tbs) => sign('sha256', tbs, privateKey),
  );
  const certificate = new X509Certificate(toPem('CERTIFICATE', der));

  it('is read back by node:crypto (OpenSSL) with every field as given, and its signature verifies', () => {
    expect(certificate.subject).toBe('CN=nettool test');
    expect(certificate.issuer).toBe('CN=nettool test');
    expect(certificate.serialNumber).toBe('8001020304050607');
    expect(certificate.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(new Date(certificate.validFrom).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(new Date(certificate.validTo).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(certificate.ca).toBe(false);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.equals(publicKey)).toBe(true);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('has the fingerprint openssl prints', () => {
    expect(formatFingerprint(createHash('sha256').update(der).digest())).toBe(certificate.fingerprint256);
  });
});
